package org.villagecast.controller.scheduling;

import java.time.Duration;
import java.util.Objects;

/**
 * How the scheduler times its work.
 *
 * @param preRoll how long before the scheduled second the broadcast is started: rendering the
 *     programme and delivering PLAY to the terminals take that long at most, so sound starts on the
 *     scheduled second (default 5 s)
 * @param grace how late an occurrence may still be started after the hub was down: one due less
 *     than this long ago (and whose slot is still open) is started late and recorded FIRED with the
 *     delay; an older one is recorded MISSED (default 60 s)
 * @param horizon how far ahead the scheduler plans (default 24 h)
 * @param replanEvery how often the plan is made again even when nothing changed: the horizon moves
 *     on, and registry changes that announce nothing (areas, groups) are picked up (default 5 min)
 * @param aliveEvery how often the scheduler notes in the store that it runs; after a restart the
 *     newest note says since when the hub was down (default 30 s)
 * @param maxLookback how far back a restart looks for occurrences it missed (default 24 h): what
 *     was due earlier is not recorded at all, and the log says so
 * @param hubName this hub's name in the alive notes (several hubs may share one database)
 */
public record SchedulerConfig(
    Duration preRoll,
    Duration grace,
    Duration horizon,
    Duration replanEvery,
    Duration aliveEvery,
    Duration maxLookback,
    String hubName) {

  public SchedulerConfig {
    positive(preRoll, "preRoll");
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative");
    }
    positive(horizon, "horizon");
    positive(replanEvery, "replanEvery");
    positive(aliveEvery, "aliveEvery");
    positive(maxLookback, "maxLookback");
    Objects.requireNonNull(hubName, "hubName");
    if (horizon.compareTo(Duration.ofDays(7)) > 0) {
      throw new IllegalArgumentException("horizon is longer than 7 days");
    }
  }

  /** The defaults described above. */
  public static SchedulerConfig defaults() {
    return new SchedulerConfig(
        Duration.ofSeconds(5),
        Duration.ofSeconds(60),
        Duration.ofHours(24),
        Duration.ofMinutes(5),
        Duration.ofSeconds(30),
        Duration.ofHours(24),
        "hub");
  }

  public SchedulerConfig withPreRoll(Duration value) {
    return new SchedulerConfig(
        value, grace, horizon, replanEvery, aliveEvery, maxLookback, hubName);
  }

  public SchedulerConfig withGrace(Duration value) {
    return new SchedulerConfig(
        preRoll, value, horizon, replanEvery, aliveEvery, maxLookback, hubName);
  }

  public SchedulerConfig withHubName(String value) {
    return new SchedulerConfig(
        preRoll, grace, horizon, replanEvery, aliveEvery, maxLookback, value);
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }
}
