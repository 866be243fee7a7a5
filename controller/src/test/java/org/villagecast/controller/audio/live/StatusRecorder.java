package org.villagecast.controller.audio.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A listener that keeps every status it is told, and lets a test wait for one. */
final class StatusRecorder implements LiveStreamListener {
  private final List<LiveStreamStatus> statuses = new ArrayList<>();

  @Override
  public synchronized void stateChanged(LiveStreamStatus status) {
    statuses.add(status);
    notifyAll();
  }

  synchronized List<LiveStreamStatus> all() {
    return List.copyOf(statuses);
  }

  /**
   * The first status from index {@code from} on that matches, waiting up to {@code timeout}; fails
   * with every status seen when none comes.
   */
  synchronized LiveStreamStatus await(
      int from, Predicate<LiveStreamStatus> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int next = from;
    while (true) {
      for (; next < statuses.size(); next++) {
        if (wanted.test(statuses.get(next))) {
          return statuses.get(next);
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        StringBuilder seen = new StringBuilder();
        for (LiveStreamStatus status : statuses) {
          seen.append("\n  ").append(status.describe());
        }
        throw new AssertionError("no such status within " + timeout + "; seen:" + seen);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  synchronized LiveStreamStatus await(LiveStreamState state, Duration timeout)
      throws InterruptedException {
    return await(0, status -> status.state() == state, timeout);
  }

  synchronized int size() {
    return statuses.size();
  }
}
