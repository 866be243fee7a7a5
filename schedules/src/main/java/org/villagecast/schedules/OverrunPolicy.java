package org.villagecast.schedules;

import java.util.Locale;
import java.util.Optional;

/**
 * What a broadcast does when it cannot play its whole slot on time, because it waited in a queue or
 * was pre-empted.
 */
public enum OverrunPolicy {
  /** It never plays past the end of its slot: time lost is lost. */
  CUT,
  /** It plays its whole length: a late start or a pre-emption pushes its end past the slot. */
  EXTEND,
  /** It plays its whole programme from the beginning once the terminal is free again. */
  SHIFT;

  /** The name used in schedule files, e.g. {@code cut}. */
  public String fileName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The policy with this file name, if any. */
  public static Optional<OverrunPolicy> fromFileName(String name) {
    for (OverrunPolicy p : values()) {
      if (p.fileName().equals(name)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
