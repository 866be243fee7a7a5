package org.villagecast.controller.broadcast;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.protocol.security.CommandGuard;

/**
 * Drives every broadcast's {@link BroadcastStream} in real time on a few threads of its own (never
 * the event loop: encoding is CPU work), ticking each stream every {@link #TICK}. A tick sends what
 * is due, so a late tick only sends more at once; audio times never depend on the tick.
 */
final class AudioPacer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AudioPacer.class);

  /** How often each stream is looked at: well under one AUDIO message (320 ms). */
  static final Duration TICK = Duration.ofMillis(40);

  private final ScheduledExecutorService threads;
  private final Clock clock;
  private final long leadMicros;

  AudioPacer(Clock clock, Duration lead, int threadCount) {
    this.clock = clock;
    this.leadMicros = lead.toNanos() / 1000;
    AtomicInteger number = new AtomicInteger();
    this.threads =
        Executors.newScheduledThreadPool(
            threadCount,
            task -> {
              Thread thread = new Thread(task, "broadcast-audio-" + number.incrementAndGet());
              thread.setDaemon(true);
              // Audio is what people hear: ahead of the hub's housekeeping, never of the OS.
              thread.setPriority(Thread.NORM_PRIORITY + 1);
              return thread;
            });
  }

  /**
   * Paces a stream until it ends; then {@code ended} is called once with the stream and null, or
   * with the error that stopped it (the stream is then ended without 'end of stream').
   */
  void pace(BroadcastStream stream, BiConsumer<BroadcastStream, Throwable> ended) {
    ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
    Runnable tick =
        () -> {
          try {
            if (stream.pump(CommandGuard.micros(clock.instant()), leadMicros)) {
              self[0].cancel(false);
              ended.accept(stream, null);
            }
          } catch (RuntimeException | Error e) {
            LOG.error("stream {} failed and was ended: {}", stream.streamId(), e.toString(), e);
            self[0].cancel(false);
            ended.accept(stream, e);
          }
        };
    synchronized (self) {
      self[0] =
          threads.scheduleAtFixedRate(
              () -> {
                synchronized (self) {
                  if (!self[0].isCancelled()) {
                    tick.run();
                  }
                }
              },
              0,
              TICK.toMillis(),
              TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
