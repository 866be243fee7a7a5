package org.villagecast.controller.audio.device;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.TargetDataLine;

/**
 * A capture line that "records" what the test gives it ({@link #record}), in the order given, and
 * can be unplugged. No sound card can exist on the CI machine.
 */
final class FakeTargetDataLine extends FakeDataLine implements TargetDataLine {
  private final BlockingQueue<byte[]> recorded = new LinkedBlockingQueue<>();
  private byte[] current = new byte[0];
  private int position;

  FakeTargetDataLine() {
    super(TargetDataLine.class);
  }

  void record(byte[] bytes) {
    recorded.add(bytes);
  }

  boolean allRead() {
    synchronized (this) {
      return recorded.isEmpty() && position == current.length;
    }
  }

  /** The card vanishes: the line closes and reads return nothing. */
  void unplug() {
    close();
  }

  @Override
  public int read(byte[] bytes, int offset, int length) {
    if (!isOpen()) {
      return 0;
    }
    int done = 0;
    synchronized (this) {
      while (done < length) {
        if (position == current.length) {
          byte[] next = recorded.poll();
          if (next == null) {
            break;
          }
          current = next;
          position = 0;
        }
        int count = Math.min(length - done, current.length - position);
        System.arraycopy(current, position, bytes, offset + done, count);
        position += count;
        done += count;
      }
    }
    if (done == 0) {
      // Like a card between two periods: wait a little for more.
      try {
        byte[] next = recorded.poll(10, TimeUnit.MILLISECONDS);
        if (next != null) {
          synchronized (this) {
            current = next;
            position = 0;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return done - done % format.getFrameSize();
  }

  @Override
  public int available() {
    return 0;
  }
}
