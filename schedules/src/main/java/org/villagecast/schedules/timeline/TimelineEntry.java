package org.villagecast.schedules.timeline;

import java.time.Duration;
import java.time.Instant;
import org.villagecast.schedules.ConflictRule;
import org.villagecast.schedules.Priority;
import org.villagecast.schedules.ProgrammeRef;

/**
 * One line of a timeline.
 *
 * @param start start, inclusive
 * @param end end, exclusive; equal to start for SKIPPED, CUT and EXCLUDED entries that lose nothing
 *     inside the range
 * @param kind what happens
 * @param scheduleId the schedule of the broadcast, or null (QUIET, DEAD_AIR)
 * @param programme the programme playing or concerned, or null (QUIET, DEAD_AIR)
 * @param priority the broadcast's priority, or null
 * @param occurrence the scheduled start of the broadcast's slot, or null; with the schedule id it
 *     names the broadcast
 * @param rule the conflict rule that decided this entry, or null
 * @param byScheduleId the schedule of the other broadcast in the conflict, or null
 * @param notPlayed for SKIPPED and CUT: how much of the programme will not play; otherwise zero
 * @param reason the explanation in words
 */
public record TimelineEntry(
    Instant start,
    Instant end,
    EntryKind kind,
    String scheduleId,
    ProgrammeRef programme,
    Priority priority,
    Instant occurrence,
    ConflictRule rule,
    String byScheduleId,
    Duration notPlayed,
    String reason) {

  public Duration length() {
    return Duration.between(start, end);
  }

  /** True when {@code [start, end)} overlaps the other entry's. */
  public boolean overlaps(TimelineEntry other) {
    return start.isBefore(other.end) && other.start.isBefore(end);
  }

  @Override
  public String toString() {
    return start
        + " "
        + end
        + " "
        + kind
        + " "
        + (scheduleId == null ? "" : scheduleId)
        + " "
        + reason;
  }
}
