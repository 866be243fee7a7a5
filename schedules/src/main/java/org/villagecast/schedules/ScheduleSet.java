package org.villagecast.schedules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a timeline needs: schedules, the calendars they refer to, quiet hours and the conflict
 * rules. One schedule file holds one set.
 */
public final class ScheduleSet {
  private final Map<String, DayCalendar> calendars;
  private final List<QuietHours> quietHours;
  private final ConflictRules conflictRules;
  private final List<Schedule> schedules;

  /**
   * @throws IllegalArgumentException on a duplicate id or a reference to an unknown calendar
   */
  public ScheduleSet(
      List<DayCalendar> calendars,
      List<QuietHours> quietHours,
      ConflictRules conflictRules,
      List<Schedule> schedules) {
    Map<String, DayCalendar> byId = new LinkedHashMap<>();
    for (DayCalendar calendar : calendars) {
      if (byId.put(calendar.id(), calendar) != null) {
        throw new IllegalArgumentException("calendar id " + calendar.id() + " is used twice");
      }
    }
    Set<String> scheduleIds = new HashSet<>();
    for (Schedule schedule : schedules) {
      if (!scheduleIds.add(schedule.id())) {
        throw new IllegalArgumentException("schedule id " + schedule.id() + " is used twice");
      }
      List<String> refs = new ArrayList<>(schedule.includeCalendars());
      refs.addAll(schedule.excludeCalendars());
      for (String ref : refs) {
        if (!byId.containsKey(ref)) {
          throw new IllegalArgumentException(
              "schedule " + schedule.id() + " refers to unknown calendar " + ref);
        }
      }
    }
    this.calendars = Collections.unmodifiableMap(byId);
    this.quietHours = List.copyOf(quietHours);
    this.conflictRules = Objects.requireNonNull(conflictRules, "conflictRules");
    this.schedules = List.copyOf(schedules);
  }

  /** Only schedules, default rules, no calendars or quiet hours. */
  public static ScheduleSet of(List<Schedule> schedules) {
    return new ScheduleSet(List.of(), List.of(), ConflictRules.defaults(), schedules);
  }

  /** Calendars by id, in file order. */
  public Map<String, DayCalendar> calendars() {
    return calendars;
  }

  public List<QuietHours> quietHours() {
    return quietHours;
  }

  public ConflictRules conflictRules() {
    return conflictRules;
  }

  public List<Schedule> schedules() {
    return schedules;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ScheduleSet)) {
      return false;
    }
    ScheduleSet s = (ScheduleSet) o;
    return calendars.equals(s.calendars)
        && quietHours.equals(s.quietHours)
        && conflictRules.equals(s.conflictRules)
        && schedules.equals(s.schedules);
  }

  @Override
  public int hashCode() {
    return Objects.hash(calendars, quietHours, conflictRules, schedules);
  }
}
