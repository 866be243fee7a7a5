package org.villagecast.schedules;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Daily hours in which an area hears nothing but real emergencies. {@code from} after {@code to}
 * spans midnight (22:00 to 06:00).
 *
 * @param area the area code; covers its sub-areas
 * @param from local start time
 * @param to local end time
 * @param zone the zone of the local times
 */
public record QuietHours(String area, LocalTime from, LocalTime to, ZoneId zone) {
  public QuietHours {
    AreaCodes.requireValid(area);
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(zone, "zone");
    if (from.equals(to)) {
      throw new IllegalArgumentException("quiet hours from and to are equal");
    }
  }

  /** Readable form: "22:00–06:00 (area 320583)". */
  public String describe() {
    return from + "–" + to + " (area " + area + ")";
  }
}
