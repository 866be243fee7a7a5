package org.villagecast.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Leap days, ends of months, daylight saving, validity windows and calendars. */
class ScheduleOccurrencesTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  static Schedule schedule(
      String start,
      String rule,
      ZoneId zone,
      Validity validity,
      List<String> in,
      List<String> out) {
    return new Schedule(
        "s",
        "",
        new ProgrammeRef("p", ""),
        Targets.terminal("t"),
        Recurrence.of(LocalDateTime.parse(start), rule),
        Duration.ofMinutes(5),
        zone,
        validity,
        Priority.NOTICE,
        OverrunPolicy.CUT,
        null,
        in,
        out);
  }

  static Schedule schedule(String start, String rule, ZoneId zone) {
    return schedule(start, rule, zone, Validity.ALWAYS, List.of(), List.of());
  }

  private static List<LocalDateTime> localStarts(Schedule s, String fromDay, String toDay) {
    Instant from = LocalDate.parse(fromDay).atStartOfDay(s.zone()).toInstant();
    Instant to = LocalDate.parse(toDay).atStartOfDay(s.zone()).toInstant();
    return s.occurrences(from, to, Map.of()).stream()
        .map(o -> LocalDateTime.ofInstant(o.start(), s.zone()))
        .collect(Collectors.toList());
  }

  private static List<Instant> instants(Schedule s, String fromDay, String toDay) {
    Instant from = LocalDate.parse(fromDay).atStartOfDay(s.zone()).toInstant();
    Instant to = LocalDate.parse(toDay).atStartOfDay(s.zone()).toInstant();
    return s.occurrences(from, to, Map.of()).stream()
        .map(Occurrence::start)
        .collect(Collectors.toList());
  }

  private static List<String> dates(List<LocalDateTime> times) {
    return times.stream().map(t -> t.toLocalDate().toString()).collect(Collectors.toList());
  }

  /** Verifies that a yearly rule on 29 February plays only in leap years. */
  @Test
  void yearly_leapDayOnlyInLeapYears() {
    // GIVEN a yearly programme first played on 29 February 2024
    Schedule s = schedule("2024-02-29T08:00:00", "FREQ=YEARLY", SHANGHAI);
    // WHEN expanded over twelve years
    List<LocalDateTime> starts = localStarts(s, "2024-01-01", "2036-01-01");
    // THEN only the leap years have it (RFC 5545: invalid dates are skipped, not moved)
    assertThat(dates(starts)).containsExactly("2024-02-29", "2028-02-29", "2032-02-29");
  }

  /** Verifies that "last day of the month" lands on 29 February in a leap year and 28 otherwise. */
  @Test
  void monthly_lastDayFollowsFebruary() {
    Schedule s = schedule("2027-01-31T18:00:00", "FREQ=MONTHLY;BYMONTHDAY=-1", SHANGHAI);

    List<LocalDateTime> starts = localStarts(s, "2027-01-01", "2028-05-01");

    assertThat(dates(starts))
        .containsSubsequence("2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30")
        .contains("2028-02-29")
        .doesNotContain("2028-02-28")
        .hasSize(16);
  }

  /** Verifies that a monthly rule from the 31st skips the shorter months instead of moving. */
  @Test
  void monthly_from31stSkipsShortMonths() {
    Schedule s = schedule("2027-01-31T09:00:00", "FREQ=MONTHLY", SHANGHAI);

    assertThat(dates(localStarts(s, "2027-01-01", "2028-01-01")))
        .containsExactly(
            "2027-01-31",
            "2027-03-31",
            "2027-05-31",
            "2027-07-31",
            "2027-08-31",
            "2027-10-31",
            "2027-12-31");
  }

  /**
   * Verifies that "last weekday of the month" (BYSETPOS=-1) picks Friday when the month ends on a
   * weekend.
   */
  @Test
  void monthly_lastWeekday() {
    Schedule s =
        schedule("2027-01-29T17:00:00", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", SHANGHAI);

    // January 2027 ends on a Sunday, February on a Sunday, July on a Saturday.
    assertThat(dates(localStarts(s, "2027-01-01", "2027-08-01")))
        .containsExactly(
            "2027-01-29",
            "2027-02-26",
            "2027-03-31",
            "2027-04-30",
            "2027-05-31",
            "2027-06-30",
            "2027-07-30");
  }

  /**
   * Verifies that a start in the spring-forward gap in New York moves to the first instant after
   * it.
   */
  @Test
  void daily_newYorkSpringForwardGap() {
    // GIVEN 02:30 daily; on 2027-03-14 New York skips from 02:00 EST to 03:00 EDT
    Schedule s = schedule("2027-03-12T02:30:00", "FREQ=DAILY", NEW_YORK);
    // WHEN
    List<Instant> starts = instants(s, "2027-03-12", "2027-03-16");
    // THEN 02:30 EST, 02:30 EST, 03:30 EDT (= 02:30 EST read with the offset before the gap), 02:30
    // EDT
    assertThat(starts)
        .containsExactly(
            Instant.parse("2027-03-12T07:30:00Z"),
            Instant.parse("2027-03-13T07:30:00Z"),
            Instant.parse("2027-03-14T07:30:00Z"),
            Instant.parse("2027-03-15T06:30:00Z"));
    assertThat(LocalDateTime.ofInstant(starts.get(2), NEW_YORK)).hasToString("2027-03-14T03:30");
  }

  /** Verifies that a start in the fall-back overlap in New York plays once, at the first 01:30. */
  @Test
  void daily_newYorkFallBackOverlap() {
    Schedule s = schedule("2027-11-06T01:30:00", "FREQ=DAILY", NEW_YORK);

    List<Instant> starts = instants(s, "2027-11-06", "2027-11-09");

    assertThat(starts)
        .containsExactly(
            Instant.parse("2027-11-06T05:30:00Z"), // EDT
            Instant.parse("2027-11-07T05:30:00Z"), // the first 01:30, still EDT
            Instant.parse("2027-11-08T06:30:00Z")); // EST
  }

  /** Verifies that Berlin's transitions (last Sundays of March and October) behave the same way. */
  @Test
  void daily_berlinBothTransitions() {
    Schedule s = schedule("2027-03-27T02:30:00", "FREQ=DAILY", BERLIN);

    List<Instant> spring = instants(s, "2027-03-27", "2027-03-30");
    List<Instant> autumn = instants(s, "2027-10-30", "2027-11-02");

    assertThat(spring)
        .containsExactly(
            Instant.parse("2027-03-27T01:30:00Z"), // CET
            Instant.parse("2027-03-28T01:30:00Z"), // in the gap: 03:30 CEST
            Instant.parse("2027-03-29T00:30:00Z")); // CEST
    assertThat(autumn)
        .containsExactly(
            Instant.parse("2027-10-30T00:30:00Z"), // CEST
            Instant.parse("2027-10-31T00:30:00Z"), // the first 02:30, CEST
            Instant.parse("2027-11-01T01:30:00Z")); // CET
  }

  /** Verifies that the example file's Berlin chime plays every night, 03:30 once in spring. */
  @Test
  void daily_berlinExampleEveryNight() {
    Schedule s = schedule("2027-03-20T02:30:00", "FREQ=DAILY;UNTIL=20271105T000000Z", BERLIN);

    List<LocalDateTime> starts = localStarts(s, "2027-03-20", "2027-11-10");

    assertThat(starts).hasSize(230);
    assertThat(starts)
        .filteredOn(t -> !t.toLocalTime().toString().equals("02:30"))
        .containsExactly(LocalDateTime.parse("2027-03-28T03:30"));
  }

  /** Verifies that Asia/Shanghai, without daylight saving today, keeps a fixed +08:00. */
  @Test
  void daily_shanghaiFixedOffset() {
    Schedule s = schedule("2027-03-01T06:30:00", "FREQ=DAILY", SHANGHAI);

    List<Instant> starts = instants(s, "2027-03-01", "2027-12-01");

    assertThat(starts).hasSize(275);
    assertThat(starts)
        .allSatisfy(i -> assertThat(i.atOffset(ZoneOffset.UTC).toLocalTime()).hasToString("22:30"));
  }

  /**
   * Verifies that Asia/Shanghai's own daylight saving years (1986–1991 in the time-zone database)
   * are handled like any other zone: the start in the gap moves one hour later.
   */
  @Test
  void daily_shanghaiHistoricalDaylightSaving() {
    // GIVEN the first spring-forward transition of Shanghai in 1988, from the JDK's zone rules
    ZoneOffsetTransition gap =
        SHANGHAI.getRules().nextTransition(Instant.parse("1988-01-01T00:00:00Z"));
    assertThat(gap.isGap()).isTrue();
    LocalDateTime inGap = gap.getDateTimeBefore().plusMinutes(30);
    Schedule s = schedule(inGap.minusDays(1).toString(), "FREQ=DAILY;COUNT=3", SHANGHAI);
    // WHEN
    List<Instant> starts =
        s
            .occurrences(
                inGap.minusDays(2).atZone(SHANGHAI).toInstant(),
                inGap.plusDays(3).atZone(SHANGHAI).toInstant(),
                Map.of())
            .stream()
            .map(Occurrence::start)
            .collect(Collectors.toList());
    // THEN the day of the gap starts one hour later on the wall clock, still one day apart in UTC
    assertThat(starts).hasSize(3);
    assertThat(Duration.between(starts.get(0).plusSeconds(0), starts.get(1)))
        .isEqualTo(Duration.ofHours(24));
    assertThat(LocalDateTime.ofInstant(starts.get(1), SHANGHAI)).isEqualTo(inGap.plusHours(1));
    assertThat(Duration.between(starts.get(1), starts.get(2))).isEqualTo(Duration.ofHours(23));
  }

  /**
   * Verifies that an hourly rule is expanded on the wall clock: across the spring gap the doubled
   * 03:00 plays once, across the autumn overlap the second 01:00 is not repeated.
   */
  @Test
  void hourly_newYorkTransitions() {
    Schedule s = schedule("2027-03-14T00:00:00", "FREQ=HOURLY;COUNT=5", NEW_YORK);
    Schedule autumn = schedule("2027-11-07T00:00:00", "FREQ=HOURLY;COUNT=4", NEW_YORK);

    assertThat(instants(s, "2027-03-14", "2027-03-15"))
        .containsExactly(
            Instant.parse("2027-03-14T05:00:00Z"),
            Instant.parse("2027-03-14T06:00:00Z"),
            Instant.parse("2027-03-14T07:00:00Z"),
            Instant.parse("2027-03-14T08:00:00Z"));
    assertThat(instants(autumn, "2027-11-07", "2027-11-08"))
        .containsExactly(
            Instant.parse("2027-11-07T04:00:00Z"),
            Instant.parse("2027-11-07T05:00:00Z"),
            Instant.parse("2027-11-07T07:00:00Z"),
            Instant.parse("2027-11-07T08:00:00Z"));
  }

  /** Verifies that the validity window bounds occurrences by local date, both ends inclusive. */
  @Test
  void occurrences_validityInclusive() {
    Schedule s =
        schedule(
            "2027-01-01T12:00:00",
            "FREQ=DAILY",
            SHANGHAI,
            new Validity(LocalDate.parse("2027-01-05"), LocalDate.parse("2027-01-07")),
            List.of(),
            List.of());

    assertThat(dates(localStarts(s, "2027-01-01", "2027-02-01")))
        .containsExactly("2027-01-05", "2027-01-06", "2027-01-07");
  }

  /** Verifies that an included calendar adds days and an excluded one marks them with a reason. */
  @Test
  void occurrences_calendarsIncludeAndExclude() {
    // GIVEN weekday notices, a make-up Saturday, and a holiday on a Friday
    DayCalendar makeUp =
        DayCalendar.of(
            "make-up", "Make-up working days", Map.of(LocalDate.parse("2027-02-20"), ""));
    DayCalendar holidays =
        DayCalendar.of(
            "holidays",
            "Public holidays",
            Map.of(LocalDate.parse("2027-02-19"), "Lantern Festival"));
    Schedule s =
        schedule(
            "2027-02-15T12:00:00",
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            SHANGHAI,
            Validity.ALWAYS,
            List.of("make-up"),
            List.of("holidays"));
    Instant from = LocalDate.parse("2027-02-15").atStartOfDay(SHANGHAI).toInstant();
    // WHEN
    List<Occurrence> occurrences =
        s.occurrences(
            from, from.plus(Duration.ofDays(7)), Map.of("make-up", makeUp, "holidays", holidays));
    // THEN
    assertThat(occurrences)
        .extracting(o -> LocalDate.ofInstant(o.start(), SHANGHAI).toString())
        .containsExactly(
            "2027-02-15", "2027-02-16", "2027-02-17", "2027-02-18", "2027-02-19", "2027-02-20");
    assertThat(occurrences.get(4).exclusion())
        .isEqualTo("excluded by calendar holidays: Public holidays (Lantern Festival)");
    assertThat(occurrences).filteredOn(Occurrence::isExcluded).hasSize(1);
  }

  /** Verifies that EXDATE removes and RDATE adds single starts. */
  @Test
  void occurrences_exdateAndRdate() {
    Schedule base = schedule("2027-05-03T07:50:00", "FREQ=WEEKLY;BYDAY=FR", SHANGHAI);
    Schedule s =
        new Schedule(
            "s",
            "",
            base.programme(),
            base.targets(),
            new Recurrence(
                LocalDateTime.parse("2027-05-07T07:50:00"),
                "FREQ=WEEKLY;BYDAY=FR",
                List.of(LocalDateTime.parse("2027-05-12T07:50:00")),
                List.of(LocalDateTime.parse("2027-05-14T07:50:00"))),
            base.duration(),
            SHANGHAI,
            Validity.ALWAYS,
            Priority.NOTICE,
            OverrunPolicy.CUT,
            null,
            List.of(),
            List.of());

    assertThat(dates(localStarts(s, "2027-05-01", "2027-05-25")))
        .containsExactly("2027-05-07", "2027-05-12", "2027-05-21");
  }

  /** Verifies that a broken RRULE is refused with the parser's reason. */
  @Test
  void recurrence_invalidRuleRefused() {
    assertThatThrownBy(
            () -> Recurrence.of(LocalDateTime.parse("2027-01-01T00:00:00"), "FREQ=SOMETIMES"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid RRULE 'FREQ=SOMETIMES'");
  }

  /** Verifies that a slot that began before the range but overlaps it is included. */
  @Test
  void occurrences_slotOverlappingRangeStart() {
    Schedule s = schedule("2027-01-01T23:58:00", "FREQ=DAILY", SHANGHAI);
    Instant from =
        ZonedDateTime.of(LocalDateTime.parse("2027-01-02T00:00:00"), SHANGHAI).toInstant();

    List<Occurrence> o = s.occurrences(from, from.plus(Duration.ofHours(1)), Map.of());

    assertThat(o).hasSize(1);
    assertThat(o.get(0).start()).isEqualTo(from.minus(Duration.ofMinutes(2)));
  }
}
