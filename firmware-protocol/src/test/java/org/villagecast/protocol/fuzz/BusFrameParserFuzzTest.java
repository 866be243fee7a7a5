package org.villagecast.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.villagecast.protocol.bus.BusFrame;
import org.villagecast.protocol.bus.BusFrameParser;
import org.villagecast.protocol.codec.ProtocolException;

/**
 * Fuzzes the RS-485 frame parser with arbitrary bytes in arbitrary chunks, with line silences
 * between chunks, the way a UART driver hands bytes over.
 *
 * <p>The input is a script of steps. Each step is one control byte and up to 127 data bytes: the
 * low 7 bits of the control byte are the chunk length, the high bit means "the line went quiet
 * before this chunk". Whatever the script, the parser must not throw, must be hunting after every
 * silence, must emit only frames that re-encode to bytes it received and that parse again to the
 * same frame, and must report the same frames and errors however the bytes between two silences are
 * split into chunks.
 */
class BusFrameParserFuzzTest {

  /** One step of the script: maybe a silence, then a chunk of bytes. */
  record Step(boolean silenceBefore, byte[] chunk) {}

  static final int SILENCE = 0x80;

  static List<Step> script(byte[] input) {
    List<Step> steps = new ArrayList<>();
    int at = 0;
    while (at < input.length) {
      int control = input[at++] & 0xFF;
      int length = Math.min(control & 0x7F, input.length - at);
      steps.add(new Step((control & SILENCE) != 0, Arrays.copyOfRange(input, at, at + length)));
      at += length;
    }
    return steps;
  }

  /** The inverse of {@link #script}: how the seed corpus is written. */
  static byte[] encode(List<Step> steps) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Step step : steps) {
      if (step.chunk().length > 0x7F) {
        throw new IllegalArgumentException("a chunk holds at most 127 bytes");
      }
      out.write((step.silenceBefore() ? SILENCE : 0) | step.chunk().length);
      out.writeBytes(step.chunk());
    }
    return out.toByteArray();
  }

  @FuzzTest
  void parse(byte[] input) {
    List<Step> steps = script(input);
    ByteArrayOutputStream received = new ByteArrayOutputStream();

    // WHEN the bytes arrive in the scripted chunks, with the scripted silences
    Events chunked = new Events();
    BusFrameParser parser = new BusFrameParser(chunked);
    for (Step step : steps) {
      if (step.silenceBefore()) {
        silence(parser);
      }
      parser.feed(step.chunk());
      received.writeBytes(step.chunk());
    }
    silence(parser);

    // THEN every frame is one that was on the line, and survives its own encoding
    byte[] line = received.toByteArray();
    for (BusFrame frame : chunked.frames) {
      byte[] encoded = frame.encode();
      assertThat(indexOf(line, encoded)).as("%s was never on the line", frame).isNotNegative();
      Events again = new Events();
      BusFrameParser fresh = new BusFrameParser(again);
      fresh.feed(encoded);
      assertThat(again.log).containsExactly(Events.describe(frame));
      assertThat(fresh.state()).isEqualTo(BusFrameParser.State.HUNTING);
    }

    // AND the same bytes fed one silence-free stretch at a time give the same frames and errors
    Events whole = new Events();
    BusFrameParser other = new BusFrameParser(whole);
    ByteArrayOutputStream stretch = new ByteArrayOutputStream();
    for (Step step : steps) {
      if (step.silenceBefore()) {
        other.feed(stretch.toByteArray());
        stretch.reset();
        other.onSilence();
      }
      stretch.writeBytes(step.chunk());
    }
    other.feed(stretch.toByteArray());
    other.onSilence();
    assertThat(whole.log).isEqualTo(chunked.log);
  }

  private static void silence(BusFrameParser parser) {
    parser.onSilence();
    // After the inter-frame gap nothing buffered can still complete: the next byte on the line
    // starts a new frame, so a parser still holding a partial one would swallow it.
    assertThat(parser.state()).as("state after silence").isEqualTo(BusFrameParser.State.HUNTING);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Records what the parser reports, in order. */
  static final class Events implements BusFrameParser.Listener {
    final List<String> log = new ArrayList<>();
    final List<BusFrame> frames = new ArrayList<>();

    @Override
    public void onFrame(BusFrame frame) {
      frames.add(frame);
      log.add(describe(frame));
    }

    @Override
    public void onError(ProtocolException error) {
      log.add("error " + error.problem() + " " + error.getMessage());
    }

    static String describe(BusFrame frame) {
      return "frame " + SampleFrames.hex(frame.encode());
    }
  }
}
