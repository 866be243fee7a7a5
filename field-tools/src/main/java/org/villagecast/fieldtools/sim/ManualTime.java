package org.villagecast.fieldtools.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/**
 * A clock and a timer that move only when told to: deterministic tests and simulations drive
 * reference terminals with it, without a broker or real waiting. Single-threaded.
 */
public final class ManualTime extends Clock implements TerminalTimer {
  private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
  private Instant now;
  private long order;

  public ManualTime(Instant start) {
    this.now = start;
  }

  private final class Scheduled implements Comparable<Scheduled>, Cancellable {
    final Instant due;
    final long sequence = order++;
    final Runnable task;
    boolean cancelled;

    Scheduled(Instant due, Runnable task) {
      this.due = due;
      this.task = task;
    }

    @Override
    public int compareTo(Scheduled other) {
      int byDue = due.compareTo(other.due);
      return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    Scheduled scheduled = new Scheduled(delay.isNegative() ? now : now.plus(delay), task);
    queue.add(scheduled);
    return scheduled;
  }

  /**
   * Moves time forward by {@code step}, running every task that falls due on the way at its own due
   * time, including tasks those tasks schedule.
   */
  public void advance(Duration step) {
    Instant target = now.plus(step);
    while (!queue.isEmpty() && !queue.peek().due.isAfter(target)) {
      Scheduled next = queue.poll();
      if (next.due.isAfter(now)) {
        now = next.due;
      }
      if (!next.cancelled) {
        next.task.run();
      }
    }
    now = target;
  }

  /** Runs the tasks due now (scheduled with zero delay). */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /** Tasks scheduled and not yet run or cancelled. */
  public long pending() {
    return queue.stream().filter(s -> !s.cancelled).count();
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (zone.equals(ZoneOffset.UTC)) {
      return this;
    }
    throw new UnsupportedOperationException("manual time runs in UTC");
  }
}
