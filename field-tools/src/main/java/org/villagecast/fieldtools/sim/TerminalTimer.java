package org.villagecast.fieldtools.sim;

import java.time.Duration;

/**
 * Runs a task once after a delay, on the thread that drives the terminal. The fleet backs it with
 * Vert.x timers on the terminal's event loop; unit tests with {@link ManualTime}.
 */
public interface TerminalTimer {

  /** Schedules {@code task}; a zero or negative delay runs it as soon as possible, never inline. */
  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduled task that has not run yet can be cancelled; cancelling later does nothing. */
  @FunctionalInterface
  interface Cancellable {
    Cancellable NONE = () -> {};

    void cancel();
  }
}
