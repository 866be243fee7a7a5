package org.villagecast.controller.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Slows down password guessing: after {@code maxFailures} failed sign-ins for one name, or from one
 * address, within {@link #FAILURE_WINDOW}, further attempts wait out a lockout; and only one
 * attempt per name is checked at a time, so parallel requests cannot sidestep the count.
 *
 * <p>State is per hub process: with several hubs an attacker gets each hub's allowance, which is
 * still a handful of guesses a minute.
 */
public final class LoginThrottle {
  public static final int DEFAULT_MAX_FAILURES = 5;
  public static final Duration DEFAULT_LOCKOUT = Duration.ofSeconds(30);

  /** Failures older than this are forgotten. */
  static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);

  /** How long a second, parallel attempt for the same name is told to wait. */
  static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(1);

  /** Bounds memory when someone sprays random names or addresses. */
  static final int MAX_TRACKED = 10_000;

  private static final int MAX_KEY_LENGTH = 100;

  private final Clock clock;
  private final int maxFailures;
  private final Duration lockout;
  private final Map<String, Counter> byName = new LinkedHashMap<>();
  private final Map<String, Counter> byAddress = new LinkedHashMap<>();
  private final Set<String> inFlight = new HashSet<>();

  public LoginThrottle(Clock clock) {
    this(clock, DEFAULT_MAX_FAILURES, DEFAULT_LOCKOUT);
  }

  public LoginThrottle(Clock clock, int maxFailures, Duration lockout) {
    if (maxFailures < 1 || lockout.isNegative() || lockout.isZero()) {
      throw new IllegalArgumentException("maxFailures must be >= 1 and lockout positive");
    }
    this.clock = clock;
    this.maxFailures = maxFailures;
    this.lockout = lockout;
  }

  /**
   * Before a secret is checked: how long the caller must wait, or empty when the attempt may go
   * ahead, in which case {@link #end} must follow.
   */
  public synchronized Optional<Duration> begin(String name, String address) {
    Instant now = clock.instant();
    String nameKey = nameKey(name);
    Duration wait = Duration.ZERO;
    wait = longer(wait, remaining(byName.get(nameKey), now));
    wait = longer(wait, remaining(byAddress.get(addressKey(address)), now));
    if (wait.isZero() && inFlight.contains(nameKey)) {
      wait = IN_FLIGHT_WAIT;
    }
    if (!wait.isZero()) {
      return Optional.of(wait);
    }
    inFlight.add(nameKey);
    return Optional.empty();
  }

  /** After a secret was checked: a success forgets the name's failures, a failure counts. */
  public synchronized void end(String name, String address, boolean success) {
    Instant now = clock.instant();
    String nameKey = nameKey(name);
    inFlight.remove(nameKey);
    if (success) {
      byName.remove(nameKey);
      return;
    }
    fail(byName, nameKey, now);
    fail(byAddress, addressKey(address), now);
  }

  private void fail(Map<String, Counter> counters, String key, Instant now) {
    Counter counter = counters.get(key);
    if (counter == null || counter.windowStart.plus(FAILURE_WINDOW).isBefore(now)) {
      counter = new Counter(now);
      counters.put(key, counter);
      prune(counters, now);
    }
    counter.failures++;
    if (counter.failures >= maxFailures) {
      counter.lockedUntil = now.plus(lockout);
      counter.failures = 0;
      counter.windowStart = now;
    }
  }

  private void prune(Map<String, Counter> counters, Instant now) {
    if (counters.size() <= MAX_TRACKED) {
      return;
    }
    counters
        .values()
        .removeIf(
            c -> c.windowStart.plus(FAILURE_WINDOW).isBefore(now) && !c.lockedUntil.isAfter(now));
    // Still full: drop the oldest; an attacker who can fill the table loses old entries' history
    // but never gets a lockout lifted early for a name they are actively guessing.
    Iterator<Counter> oldest = counters.values().iterator();
    while (counters.size() > MAX_TRACKED && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
  }

  private static Duration remaining(Counter counter, Instant now) {
    if (counter == null || !counter.lockedUntil.isAfter(now)) {
      return Duration.ZERO;
    }
    return Duration.between(now, counter.lockedUntil);
  }

  private static Duration longer(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static String nameKey(String name) {
    String key = name == null ? "" : name.toLowerCase(Locale.ROOT);
    return key.length() > MAX_KEY_LENGTH ? key.substring(0, MAX_KEY_LENGTH) : key;
  }

  private static String addressKey(String address) {
    String key = address == null ? "" : address;
    return key.length() > MAX_KEY_LENGTH ? key.substring(0, MAX_KEY_LENGTH) : key;
  }

  private static final class Counter {
    Instant windowStart;
    int failures;
    Instant lockedUntil = Instant.MIN;

    Counter(Instant windowStart) {
      this.windowStart = windowStart;
    }
  }
}
