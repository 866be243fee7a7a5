package org.villagecast.schedules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A rule that creates broadcasts: a programme played to targets at the starts of a recurrence, each
 * for {@code duration}, within a validity window, in a time zone.
 *
 * <p>Daylight saving: local starts are placed in the zone as RFC 5545 section 3.3.5 says. A start
 * that falls in a gap (spring forward) moves later by the length of the gap (02:30 becomes 03:30);
 * a start that falls in an overlap (fall back) takes the first of the two instants. Two local
 * starts that land on the same instant play once.
 *
 * @param id unique within a schedule set
 * @param name readable name
 * @param programme what plays
 * @param targets where it plays
 * @param recurrence when it starts, local time
 * @param duration the length of each slot
 * @param zone the zone of the recurrence's local times (default Asia/Shanghai)
 * @param validity the days on which it is in force
 * @param priority its priority in conflicts
 * @param overrun what it does when it cannot play its slot on time
 * @param fallback what plays in empty time on its targets while it is in force, or null
 * @param includeCalendars calendars whose days are added, at the time of day of the first start
 * @param excludeCalendars calendars whose days are removed
 */
public record Schedule(
    String id,
    String name,
    ProgrammeRef programme,
    Targets targets,
    Recurrence recurrence,
    Duration duration,
    ZoneId zone,
    Validity validity,
    Priority priority,
    OverrunPolicy overrun,
    ProgrammeRef fallback,
    List<String> includeCalendars,
    List<String> excludeCalendars) {

  /** The zone of a schedule that names none. */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

  private static final Duration DST_MARGIN = Duration.ofHours(3);

  public Schedule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(programme, "programme");
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(recurrence, "recurrence");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(validity, "validity");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(overrun, "overrun");
    includeCalendars = List.copyOf(includeCalendars);
    excludeCalendars = List.copyOf(excludeCalendars);
    if (id.isBlank()) {
      throw new IllegalArgumentException("schedule id is empty");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive");
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("schedule " + id + " has no targets");
    }
  }

  /** "name (id)" or the id alone. */
  public String label() {
    return name.isEmpty() || name.equals(id) ? id : name + " (" + id + ")";
  }

  /**
   * Occurrences whose slot overlaps {@code [from, to)}, in order of start, including those a
   * calendar excludes (marked with the reason).
   *
   * @param calendars the calendars this schedule may refer to, by id
   */
  public List<Occurrence> occurrences(
      Instant from, Instant to, Map<String, DayCalendar> calendars) {
    // Local time runs a little out of step with instants around a daylight-saving change (by the
    // size of the change, at most two hours anywhere); a margin of three hours each side catches
    // every local start that can land in the range. Exact filtering is on instants below.
    LocalDateTime localFrom = LocalDateTime.ofInstant(from.minus(duration), zone).minus(DST_MARGIN);
    LocalDateTime localTo = LocalDateTime.ofInstant(to, zone).plus(DST_MARGIN);
    Collection<LocalDateTime> starts = recurrence.startsBetween(localFrom, localTo, zone);
    if (!includeCalendars.isEmpty()) {
      TreeSet<LocalDateTime> withDays = new TreeSet<>(starts);
      for (String calendarId : includeCalendars) {
        DayCalendar calendar = calendars.get(calendarId);
        for (LocalDate day :
            calendar.days().subMap(localFrom.toLocalDate(), localTo.toLocalDate()).keySet()) {
          withDays.add(day.atTime(recurrence.start().toLocalTime()));
        }
      }
      starts = withDays;
    }
    List<Occurrence> out = new ArrayList<>();
    Instant previous = null;
    for (LocalDateTime local : starts) {
      if (!validity.contains(local.toLocalDate())) {
        continue;
      }
      Instant start = ZonedDateTime.ofLocal(local, zone, null).toInstant();
      Instant end = start.plus(duration);
      if (start.equals(previous) || !end.isAfter(from) || !start.isBefore(to)) {
        continue;
      }
      previous = start;
      out.add(new Occurrence(this, start, end, exclusion(local.toLocalDate(), calendars)));
    }
    return out;
  }

  private String exclusion(LocalDate day, Map<String, DayCalendar> calendars) {
    for (String calendarId : excludeCalendars) {
      DayCalendar calendar = calendars.get(calendarId);
      if (calendar.contains(day)) {
        return "excluded by calendar " + calendar.id() + ": " + calendar.describe(day);
      }
    }
    return null;
  }
}
