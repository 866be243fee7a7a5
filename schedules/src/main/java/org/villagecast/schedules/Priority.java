package org.villagecast.schedules;

import java.util.Locale;
import java.util.Optional;

/**
 * Who wins a terminal, highest first: a real emergency, an emergency drill, a live relay, a notice,
 * background audio. The names in files are the lower-case constant names with dashes ({@code
 * emergency-real}).
 */
public enum Priority {
  EMERGENCY_REAL,
  EMERGENCY_DRILL,
  LIVE_RELAY,
  NOTICE,
  BACKGROUND;

  private static final int COUNT = values().length;

  private final String fileName = name().toLowerCase(Locale.ROOT).replace('_', '-');

  /** Higher is stronger: a real emergency has the highest rank. */
  public int rank() {
    return COUNT - ordinal();
  }

  /** True when this priority beats {@code other}. */
  public boolean isAbove(Priority other) {
    return rank() > other.rank();
  }

  /** The name used in schedule files and explanations, e.g. {@code live-relay}. */
  public String fileName() {
    return fileName;
  }

  /** The priority with this file name, if any. */
  public static Optional<Priority> fromFileName(String name) {
    for (Priority p : values()) {
      if (p.fileName().equals(name)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
