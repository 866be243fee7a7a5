package org.villagecast.controller.audio.mix;

import java.time.Duration;

/**
 * How the background is lowered while a notice sounds.
 *
 * @param depthDb how far the background goes down, dB (positive; 0 turns ducking off, at most 60)
 * @param attack time to go from full level down by {@code depthDb} (at least 5 ms when ducking)
 * @param hold time the background stays down after the notice stops sounding, so short pauses
 *     between sentences do not pump the music
 * @param release time to come back from {@code depthDb} down to full level (at least 5 ms when
 *     ducking; hold + release at most 3 s)
 */
public record DuckingSettings(double depthDb, Duration attack, Duration hold, Duration release) {
  /** The promise: music is back at full level at most 3 s after a notice ends. */
  public static final Duration LONGEST_RESTORE = Duration.ofSeconds(3);

  /** The shortest attack or release when ducking is on. */
  public static final Duration SHORTEST_RAMP = Duration.ofMillis(5);

  public DuckingSettings {
    if (!(depthDb >= 0 && depthDb <= 60)) {
      throw new IllegalArgumentException("ducking depth " + depthDb + " dB is not 0-60 dB");
    }
    if (attack.isNegative() || attack.compareTo(Duration.ofSeconds(2)) > 0) {
      throw new IllegalArgumentException("attack " + attack + " is not 0-2 s");
    }
    // A gain that jumps by several dB between two samples is heard as a click in the horns.
    if (depthDb > 0
        && (attack.compareTo(SHORTEST_RAMP) < 0 || release.compareTo(SHORTEST_RAMP) < 0)) {
      throw new IllegalArgumentException(
          "attack " + attack + " and release " + release + " must be at least 5 ms");
    }
    if (hold.isNegative() || release.isNegative()) {
      throw new IllegalArgumentException("hold and release must not be negative");
    }
    if (hold.plus(release).compareTo(LONGEST_RESTORE) > 0) {
      throw new IllegalArgumentException(
          "hold " + hold + " + release " + release + " exceed the 3 s in which music must return");
    }
  }

  /** 15 dB down, 100 ms attack, 500 ms hold, 1.5 s release: music back 2 s after a notice. */
  public static DuckingSettings defaults() {
    return new DuckingSettings(
        15, Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMillis(1_500));
  }

  /** No ducking at all (the background plays on at full level under notices). */
  public static DuckingSettings off() {
    return new DuckingSettings(0, Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }
}
