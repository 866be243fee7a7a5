package org.villagecast.controller.audio.live;

import java.time.Duration;

/**
 * The delays between reconnections: {@code first}, doubling on each failure up to {@code max}, and
 * back to {@code first} after a connection that delivered audio, so a source that is down for an
 * hour costs one attempt every {@code max} while a brief drop is bridged in half a second.
 */
final class ReconnectBackoff {
  private final Duration first;
  private final Duration max;
  private Duration next;

  ReconnectBackoff(Duration first, Duration max) {
    this.first = first;
    this.max = max;
    this.next = first;
  }

  /** The delay before the next attempt; the one after will be twice as long (at most max). */
  Duration next() {
    Duration delay = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(max) > 0 ? max : doubled;
    return delay;
  }

  void reset() {
    next = first;
  }
}
