package org.villagecast.controller.audio.live;

import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.villagecast.controller.audio.AudioFeed;

/**
 * Reads an {@link AudioFeed} the way a broadcast does: 960 samples (20 ms at 48 kHz) every 20 ms,
 * on a thread of its own, keeping everything it read.
 */
final class RealTimeReader implements AutoCloseable {
  static final int BLOCK = 960;

  private final AudioFeed feed;
  private final ScheduledExecutorService timer;
  private float[] samples = new float[48_000 * 10];
  private int length;

  RealTimeReader(AudioFeed feed) {
    this.feed = feed;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "test-broadcast-reader");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleAtFixedRate(this::readBlock, 0, 20, TimeUnit.MILLISECONDS);
  }

  private void readBlock() {
    float[] block = new float[BLOCK];
    long started = System.nanoTime();
    feed.read(block, 0, BLOCK);
    long took = System.nanoTime() - started;
    synchronized (this) {
      if (length + BLOCK > samples.length) {
        samples = Arrays.copyOf(samples, 2 * samples.length);
      }
      System.arraycopy(block, 0, samples, length, BLOCK);
      length += BLOCK;
      slowestReadNanos = Math.max(slowestReadNanos, took);
    }
  }

  private long slowestReadNanos;

  /** The slowest single read so far: a read must never wait for the network. */
  synchronized long slowestReadNanos() {
    return slowestReadNanos;
  }

  /** Samples read so far. */
  synchronized int position() {
    return length;
  }

  /** The last {@code count} samples read (fewer if fewer were read). */
  synchronized float[] last(int count) {
    int from = Math.max(0, length - count);
    return Arrays.copyOfRange(samples, from, length);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
