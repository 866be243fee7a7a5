package org.villagecast.protocol.link.mqtt;

import java.time.Duration;

/** Reconnect delays: the first one, doubling after every failure up to a cap; reset on success. */
final class Backoff {
  private final long firstMillis;
  private final long maxMillis;
  private long nextMillis;

  Backoff(Duration first, Duration max) {
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException("back-off " + first + " to " + max);
    }
    this.firstMillis = first.toMillis();
    this.maxMillis = max.toMillis();
    this.nextMillis = firstMillis;
  }

  /** The delay before the next attempt; the one after it will be twice as long, up to the cap. */
  long nextMillis() {
    long delay = nextMillis;
    nextMillis = Math.min(delay * 2, maxMillis);
    return delay;
  }

  /** After a success: the next failure waits the first delay again. */
  void reset() {
    nextMillis = firstMillis;
  }
}
