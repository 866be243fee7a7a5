package org.villagecast.controller.scheduling;

/** What became of one occurrence of a schedule (a row of the firing records). */
public enum FiringState {
  /**
   * Claimed by a hub that is starting its broadcast now. A row left in this state means the hub
   * stopped between the claim and the start; the next start records it FAILED (it is not started
   * again: it may have played, and an occurrence never plays twice).
   */
  CLAIMED,
  /** Its broadcast was started (on time, or late within the grace period: the reason says). */
  FIRED,
  /** It was due while no hub was running and is past the grace period: not played. */
  MISSED,
  /** The timeline says it does not play: excluded by a calendar, quiet hours, a conflict rule. */
  SKIPPED,
  /**
   * Starting it failed (unknown programme, the broadcast service refused), or a stop of the hub cut
   * its broadcast off: not played, or not whole (its broadcast's deliveries say what was heard).
   */
  FAILED;

  /** True once nothing more will happen to the occurrence. */
  public boolean isFinal() {
    return this != CLAIMED;
  }
}
