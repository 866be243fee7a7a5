package org.villagecast.fieldtools.sim;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Terminal timers on one scheduler thread: the bus units' thread. */
final class ExecutorTimer implements TerminalTimer {
  private final ScheduledExecutorService executor;

  ExecutorTimer(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    if (executor.isShutdown()) {
      return Cancellable.NONE;
    }
    ScheduledFuture<?> future =
        executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }
}
