package org.villagecast.schedules.timeline;

/** What a timeline entry says about its time on the terminals of its lane. */
public enum EntryKind {
  /** A broadcast owns the terminals. */
  PLAY,
  /** A broadcast plays at reduced volume under the one that owns the terminals. */
  DUCKED,
  /** A schedule's fallback programme fills time nothing else wants. */
  FALLBACK,
  /** Silence: quiet hours, which only real emergencies break. */
  QUIET,
  /** Nothing plays and no fallback programme is in force. */
  DEAD_AIR,
  /** A broadcast waits while a stronger one plays. */
  PREEMPTED,
  /** A broadcast waits for another to finish. */
  QUEUED,
  /** A broadcast waits for quiet hours to end. */
  HELD_BY_QUIET_HOURS,
  /** A broadcast that never started: it will not play (the reason says why). */
  SKIPPED,
  /** A broadcast that started but stops early: the rest will not play. */
  CUT,
  /** An occurrence that a calendar removed. */
  EXCLUDED;

  /** True for the kinds that own the terminals: at most one at any instant. */
  public boolean ownsTerminal() {
    return this == PLAY || this == FALLBACK;
  }
}
