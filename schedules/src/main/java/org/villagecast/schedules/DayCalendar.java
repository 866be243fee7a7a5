package org.villagecast.schedules;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A named set of days, e.g. public holidays, make-up working days or a village's own days off.
 * Schedules include a calendar (its days are added) or exclude it (its days are removed).
 *
 * @param id referred to by schedules
 * @param name readable name
 * @param days each day with its name (may be empty)
 */
public record DayCalendar(String id, String name, SortedMap<LocalDate, String> days) {
  public DayCalendar {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    if (id.isBlank()) {
      throw new IllegalArgumentException("calendar id is empty");
    }
    days = Collections.unmodifiableSortedMap(new TreeMap<>(days));
  }

  /** A calendar from a plain map. */
  public static DayCalendar of(String id, String name, Map<LocalDate, String> days) {
    return new DayCalendar(id, name, new TreeMap<>(days));
  }

  public boolean contains(LocalDate day) {
    return days.containsKey(day);
  }

  /** "name (day name)" or "name" when the day has no name of its own. */
  public String describe(LocalDate day) {
    String dayName = days.get(day);
    return dayName == null || dayName.isEmpty() ? name : name + " (" + dayName + ")";
  }
}
