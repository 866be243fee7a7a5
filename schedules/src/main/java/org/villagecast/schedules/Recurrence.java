package org.villagecast.schedules;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;

/**
 * When a schedule starts, in local time of its zone: the first start (DTSTART), an optional RFC
 * 5545 rule (RRULE), extra starts (RDATE) and removed starts (EXDATE).
 *
 * <p>The rule is expanded in local ("floating") time; the schedule then places each local start in
 * its zone, which is where daylight saving is handled (see {@link Schedule}). An UNTIL in UTC (the
 * RFC form when DTSTART has a zone) is converted to the schedule's local time first.
 */
public final class Recurrence {
  private final LocalDateTime start;
  private final String rule;
  private final List<LocalDateTime> extraStarts;
  private final List<LocalDateTime> removedStarts;
  private final RecurrenceRule parsedRule;

  /**
   * @param start the first start (DTSTART), local time
   * @param rule an RRULE value without the {@code RRULE:} prefix, or null for none
   * @param extraStarts RDATE values, local time
   * @param removedStarts EXDATE values, local time
   * @throws IllegalArgumentException if the rule does not parse
   */
  public Recurrence(
      LocalDateTime start,
      String rule,
      List<LocalDateTime> extraStarts,
      List<LocalDateTime> removedStarts) {
    this.start = Objects.requireNonNull(start, "start").withNano(0);
    this.rule = rule;
    this.extraStarts = List.copyOf(new TreeSet<>(extraStarts));
    this.removedStarts = List.copyOf(new TreeSet<>(removedStarts));
    this.parsedRule = rule == null ? null : parse(rule);
  }

  /** A single start, no rule. */
  public static Recurrence once(LocalDateTime start) {
    return new Recurrence(start, null, List.of(), List.of());
  }

  /** A rule from {@code start}. */
  public static Recurrence of(LocalDateTime start, String rule) {
    return new Recurrence(start, rule, List.of(), List.of());
  }

  /**
   * Checks an RRULE value.
   *
   * @throws IllegalArgumentException with the parser's reason
   */
  public static RecurrenceRule parse(String rule) {
    String value = rule.startsWith("RRULE:") ? rule.substring("RRULE:".length()) : rule;
    try {
      return new RecurrenceRule(value, RecurrenceRule.RfcMode.RFC5545_STRICT);
    } catch (InvalidRecurrenceRuleException | RuntimeException e) {
      throw new IllegalArgumentException("invalid RRULE '" + rule + "': " + e.getMessage(), e);
    }
  }

  public LocalDateTime start() {
    return start;
  }

  public Optional<String> rule() {
    return Optional.ofNullable(rule);
  }

  public List<LocalDateTime> extraStarts() {
    return extraStarts;
  }

  public List<LocalDateTime> removedStarts() {
    return removedStarts;
  }

  /**
   * Local starts in {@code [from, to)}, in order, without duplicates.
   *
   * @param zoneForUntil the zone an UNTIL in UTC is converted from
   */
  public List<LocalDateTime> startsBetween(
      LocalDateTime from, LocalDateTime to, java.time.ZoneId zoneForUntil) {
    List<LocalDateTime> starts = new ArrayList<>();
    if (!start.isBefore(from) && start.isBefore(to)) {
      starts.add(start);
    }
    if (parsedRule != null) {
      addRuleStarts(from, to, zoneForUntil, starts);
    }
    for (LocalDateTime extra : extraStarts) {
      if (!extra.isBefore(from) && extra.isBefore(to)) {
        starts.add(extra);
      }
    }
    starts.sort(null);
    List<LocalDateTime> out = new ArrayList<>(starts.size());
    for (LocalDateTime t : starts) {
      boolean duplicate = !out.isEmpty() && out.get(out.size() - 1).equals(t);
      if (!duplicate && (removedStarts.isEmpty() || !removedStarts.contains(t))) {
        out.add(t);
      }
    }
    return out;
  }

  private void addRuleStarts(
      LocalDateTime from, LocalDateTime to, java.time.ZoneId zone, List<LocalDateTime> out) {
    // A fresh copy per expansion: RecurrenceRule is mutable (setUntil below).
    RecurrenceRule r = parse(rule);
    DateTime until = r.getUntil();
    if (until != null && !until.isFloating() && !until.isAllDay()) {
      LocalDateTime localUntil =
          LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(until.getTimestamp()), zone);
      r.setUntil(floating(localUntil));
    }
    RecurrenceRuleIterator it = r.iterator(floating(start));
    if (r.getCount() == null && from.isAfter(start)) {
      // COUNT counts from DTSTART, so only a rule without COUNT may skip ahead.
      it.fastForward(floating(from));
    }
    while (it.hasNext()) {
      DateTime next = it.nextDateTime();
      LocalDateTime local =
          LocalDateTime.of(
              next.getYear(),
              next.getMonth() + 1,
              next.getDayOfMonth(),
              next.isAllDay() ? start.getHour() : next.getHours(),
              next.isAllDay() ? start.getMinute() : next.getMinutes(),
              next.isAllDay() ? start.getSecond() : next.getSeconds());
      if (!local.isBefore(to)) {
        break;
      }
      if (!local.isBefore(from)) {
        out.add(local);
      }
    }
  }

  private static DateTime floating(LocalDateTime t) {
    // lib-recur counts months from 0.
    return new DateTime(
        t.getYear(),
        t.getMonthValue() - 1,
        t.getDayOfMonth(),
        t.getHour(),
        t.getMinute(),
        t.getSecond());
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Recurrence)) {
      return false;
    }
    Recurrence r = (Recurrence) o;
    return start.equals(r.start)
        && Objects.equals(rule, r.rule)
        && extraStarts.equals(r.extraStarts)
        && removedStarts.equals(r.removedStarts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(start, rule, extraStarts, removedStarts);
  }

  @Override
  public String toString() {
    return "Recurrence[start=" + start + ", rule=" + rule + "]";
  }
}
