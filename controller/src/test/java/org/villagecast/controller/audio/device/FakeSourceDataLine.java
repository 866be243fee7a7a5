package org.villagecast.controller.audio.device;

import java.io.ByteArrayOutputStream;
import javax.sound.sampled.SourceDataLine;

/**
 * A playback line whose "card" plays only when the test says so ({@link #play(int)}): it keeps
 * every byte written and fails the test if a write would have to wait (the hub promises never to
 * block a broadcast on a card). No sound card can exist on the CI machine.
 */
final class FakeSourceDataLine extends FakeDataLine implements SourceDataLine {
  private final ByteArrayOutputStream written = new ByteArrayOutputStream();
  private int queued;

  FakeSourceDataLine() {
    super(SourceDataLine.class);
  }

  @Override
  public synchronized int write(byte[] bytes, int offset, int length) {
    if (length > available()) {
      throw new AssertionError(
          "a write of " + length + " bytes with room for " + available() + " would block");
    }
    if (length % format.getFrameSize() != 0) {
      throw new AssertionError("a write of " + length + " bytes splits a frame");
    }
    written.write(bytes, offset, length);
    queued += length;
    return length;
  }

  @Override
  public synchronized int available() {
    return bufferSize - queued;
  }

  /** The card plays {@code bytes} of what is queued, making room. */
  synchronized void play(int bytes) {
    queued = Math.max(0, queued - bytes);
  }

  synchronized byte[] written() {
    return written.toByteArray();
  }
}
