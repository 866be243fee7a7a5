package org.villagecast.controller.scheduling;

import java.time.Instant;
import java.util.Objects;

/** One occurrence of one schedule: the schedule id and the scheduled start of its slot. */
public record OccurrenceKey(String scheduleId, Instant occurrence) {
  public OccurrenceKey {
    Objects.requireNonNull(scheduleId, "scheduleId");
    Objects.requireNonNull(occurrence, "occurrence");
  }

  @Override
  public String toString() {
    return scheduleId + "@" + occurrence;
  }
}
