package org.villagecast.fieldtools.sim;

import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Terminal timers on Vert.x: scheduled from a terminal's event loop, they run on it, so the
 * terminal stays single-threaded. Millisecond resolution, rounded up.
 */
final class VertxTimer implements TerminalTimer {
  private final Vertx vertx;

  VertxTimer(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    long nanos = Math.max(0, delay.toNanos());
    long millis = Math.max(1, (nanos + 999_999) / 1_000_000);
    long id = vertx.setTimer(millis, fired -> task.run());
    return () -> vertx.cancelTimer(id);
  }
}
