package org.villagecast.schedules;

import java.util.Locale;
import java.util.Optional;

/**
 * How the stronger of two overlapping broadcasts on one terminal treats the weaker one. The
 * stronger one has the higher {@link Priority}; between equals, the one that started first.
 */
public enum ConflictRule {
  /** The weaker one is silenced while the stronger plays, then carries on by its overrun policy. */
  PRE_EMPT,
  /** The weaker one keeps playing under the stronger one at reduced volume. */
  DUCK,
  /** Whichever is not playing yet waits until the other has finished. */
  QUEUE,
  /** The weaker one is dropped from the moment of the conflict and does not come back. */
  SKIP;

  /** The name used in schedule files, e.g. {@code pre-empt}. */
  public String fileName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The rule with this file name, if any. */
  public static Optional<ConflictRule> fromFileName(String name) {
    for (ConflictRule r : values()) {
      if (r.fileName().equals(name)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
