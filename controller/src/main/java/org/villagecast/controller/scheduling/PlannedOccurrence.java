package org.villagecast.controller.scheduling;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.villagecast.schedules.Schedule;

/**
 * What the scheduler will do about one occurrence of a schedule, as the timeline decided it: start
 * a broadcast ({@link #plays()}), or record why it does not play.
 *
 * @param schedule the schedule
 * @param occurrence the scheduled start of the slot
 * @param plays whether a broadcast is started for it
 * @param startAt when its sound starts (the scheduled second, or later when the timeline queues it
 *     behind another broadcast); for one that does not play, the occurrence
 * @param endAt when the broadcast must have stopped (its window ends): the slot's end for the
 *     {@code cut} policy, later for {@code extend} and {@code shift}, never into quiet hours
 * @param terminals the terminals it is sent to one by one; empty when it is sent to its schedule's
 *     targets ({@code wholeTargets}) or does not play
 * @param terminalCount how many terminals it is sent to (0 when it does not play)
 * @param wholeTargets true when every terminal its targets cover gets it from {@code startAt}: then
 *     it is sent to the schedule's own targets (one publish per area or group), else to {@code
 *     terminals} one by one
 * @param reason why it does not play, or notes on how it plays ("queued behind ...", "not on 3
 *     terminals: ..."); never null
 */
public record PlannedOccurrence(
    Schedule schedule,
    Instant occurrence,
    boolean plays,
    Instant startAt,
    Instant endAt,
    List<String> terminals,
    int terminalCount,
    boolean wholeTargets,
    String reason) {
  public PlannedOccurrence {
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(occurrence, "occurrence");
    Objects.requireNonNull(startAt, "startAt");
    Objects.requireNonNull(reason, "reason");
    terminals = List.copyOf(terminals);
  }

  /** An occurrence that does not play, and why. */
  static PlannedOccurrence skipped(Schedule schedule, Instant occurrence, String reason) {
    return new PlannedOccurrence(
        schedule, occurrence, false, occurrence, null, List.of(), 0, false, reason);
  }

  public OccurrenceKey key() {
    return new OccurrenceKey(schedule.id(), occurrence);
  }
}
