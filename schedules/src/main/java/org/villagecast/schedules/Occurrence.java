package org.villagecast.schedules;

import java.time.Instant;

/**
 * One start of a schedule, placed in time: its slot is {@code [start, end)}.
 *
 * @param schedule the schedule
 * @param start start of the slot
 * @param end end of the slot
 * @param exclusion why this start does not play (a calendar excluded it), or null when it plays
 */
public record Occurrence(Schedule schedule, Instant start, Instant end, String exclusion) {
  public boolean isExcluded() {
    return exclusion != null;
  }
}
