package org.villagecast.protocol.bus;

import org.villagecast.protocol.codec.ProtocolException;
import org.villagecast.protocol.codec.ProtocolException.Problem;

/**
 * Finds bus frames in a stream of bytes as they come off a UART, in chunks of any size.
 *
 * <p>States: {@link State#HUNTING} skips bytes until a SOF; {@link State#HEADER} collects the four
 * bytes after it; {@link State#MESSAGE} collects the message and CRC. A bad control code, a length
 * above the maximum or a CRC mismatch is reported, and the parser resynchronises by hunting again
 * from the byte after the SOF that started the bad frame: a SOF-like byte inside garbage must not
 * swallow the real frame that follows it.
 *
 * <p>{@link #onSilence()} must be called when the line has been idle for the inter-frame gap.
 * Without it a corrupted but plausible length would keep the parser waiting for bytes that never
 * come, and it would swallow the next good frames as the "rest" of the broken one.
 *
 * <p>Never throws on input; memory is bounded by {@link BusFrame#MAX_SIZE}. Not thread-safe.
 */
public final class BusFrameParser {

  /** Where the parser is within a frame. */
  public enum State {
    HUNTING,
    HEADER,
    MESSAGE
  }

  /** Receives what the parser finds. */
  public interface Listener {
    void onFrame(BusFrame frame);

    /** A broken frame was dropped; the parser is already hunting again. */
    void onError(ProtocolException error);
  }

  private final Listener listener;
  private final byte[] buffer = new byte[BusFrame.MAX_SIZE];
  private int size;

  public BusFrameParser(Listener listener) {
    this.listener = listener;
  }

  public State state() {
    if (size == 0) {
      return State.HUNTING;
    }
    return size < 5 ? State.HEADER : State.MESSAGE;
  }

  public void feed(byte[] bytes) {
    feed(bytes, 0, bytes.length);
  }

  public void feed(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      accept(bytes[i]);
    }
  }

  /**
   * The line went quiet: whatever is buffered arrived before the silence, so a frame still
   * incomplete now will never complete. Frames found while resynchronising are delivered; the
   * parser ends empty.
   */
  public void onSilence() {
    while (size > 0) {
      String detail = "line went quiet after " + size + " byte(s) of a frame";
      listener.onError(new ProtocolException(Problem.TRUNCATED, "frame", detail));
      resyncAfterSof();
      check();
    }
  }

  private void accept(byte b) {
    if (size == 0 && (b & 0xFF) != BusFrame.SOF) {
      return; // hunting: garbage between frames
    }
    buffer[size++] = b;
    check();
  }

  /** Acts on what is buffered; loops because a resync may leave a whole frame behind. */
  private void check() {
    while (size > 0) {
      if ((buffer[0] & 0xFF) != BusFrame.SOF) {
        resyncAfterSof();
        continue;
      }
      if (size >= 2 && (buffer[1] & 0xFF) > BusFrame.MAX_UNIT) {
        fail(Problem.BAD_VALUE, "bus address", (buffer[1] & 0xFF) + " is outside 0..247");
        continue;
      }
      if (size >= 3 && BusFrame.Control.fromCode(buffer[2] & 0xFF) == null) {
        fail(Problem.BAD_VALUE, "control", String.format("unknown control 0x%02X", buffer[2]));
        continue;
      }
      if (size < 5) {
        return;
      }
      int length = ((buffer[3] & 0xFF) << 8) | (buffer[4] & 0xFF);
      BusFrame.Control control = BusFrame.Control.fromCode(buffer[2] & 0xFF);
      if (length > BusFrame.MAX_MESSAGE) {
        fail(Problem.TOO_LONG, "length", length + " bytes, at most " + BusFrame.MAX_MESSAGE);
        continue;
      }
      if (!control.carriesMessage() && length != 0) {
        fail(Problem.BAD_VALUE, "length", control + " carries no message, length " + length);
        continue;
      }
      int total = BusFrame.OVERHEAD + length;
      if (size < total) {
        return;
      }
      int expected = Crc16.of(buffer, 0, total - 2);
      int actual = ((buffer[total - 2] & 0xFF) << 8) | (buffer[total - 1] & 0xFF);
      if (expected != actual) {
        fail(
            Problem.BAD_CRC,
            "crc",
            String.format("received 0x%04X, computed 0x%04X", actual, expected));
        continue;
      }
      byte[] message = new byte[length];
      System.arraycopy(buffer, 5, message, 0, length);
      BusFrame frame = new BusFrame(buffer[1] & 0xFF, control, message);
      consume(total);
      listener.onFrame(frame);
    }
  }

  private void fail(Problem problem, String field, String detail) {
    listener.onError(new ProtocolException(problem, field, detail));
    resyncAfterSof();
  }

  /** Drops the first buffered byte (the SOF of a broken frame) and hunts for the next SOF. */
  private void resyncAfterSof() {
    int next = 1;
    while (next < size && (buffer[next] & 0xFF) != BusFrame.SOF) {
      next++;
    }
    consume(next);
  }

  private void consume(int count) {
    System.arraycopy(buffer, count, buffer, 0, size - count);
    size -= count;
  }
}
