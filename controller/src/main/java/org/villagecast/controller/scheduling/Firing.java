package org.villagecast.controller.scheduling;

import java.time.Instant;
import java.util.Objects;

/**
 * The record of one occurrence of a schedule: fired, missed, skipped or failed, and why. There is
 * at most one per (schedule, occurrence) in the store; that uniqueness is what keeps an occurrence
 * from playing twice.
 *
 * @param id the store's id (0 before it is stored)
 * @param scheduleId the schedule
 * @param occurrence the scheduled start of the occurrence's slot
 * @param state what became of it
 * @param startAt when its sound was to start (the scheduled second, or later when it was queued or
 *     started late); null when it did not play
 * @param broadcastId the broadcast started for it, or null
 * @param terminals how many terminals it was sent to (0 when it did not play)
 * @param reason why, in words, e.g. "started 12 s late: the hub was down from ... to ..."
 * @param recordedAt when the row was first written (the claim)
 * @param updatedAt when it was last changed
 */
public record Firing(
    long id,
    String scheduleId,
    Instant occurrence,
    FiringState state,
    Instant startAt,
    Long broadcastId,
    int terminals,
    String reason,
    Instant recordedAt,
    Instant updatedAt) {
  public Firing {
    Objects.requireNonNull(scheduleId, "scheduleId");
    Objects.requireNonNull(occurrence, "occurrence");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(recordedAt, "recordedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** A new record, not stored yet. */
  public static Firing of(
      String scheduleId,
      Instant occurrence,
      FiringState state,
      Instant startAt,
      int terminals,
      String reason,
      Instant at) {
    return new Firing(0, scheduleId, occurrence, state, startAt, null, terminals, reason, at, at);
  }

  /** The (schedule, occurrence) pair that names it. */
  public OccurrenceKey key() {
    return new OccurrenceKey(scheduleId, occurrence);
  }
}
