package org.villagecast.schedules.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.villagecast.schedules.ConflictRule;
import org.villagecast.schedules.ConflictRules;
import org.villagecast.schedules.DayCalendar;
import org.villagecast.schedules.OverrunPolicy;
import org.villagecast.schedules.Priority;
import org.villagecast.schedules.QuietHours;
import org.villagecast.schedules.Schedule;
import org.villagecast.schedules.ScheduleSet;
import org.villagecast.schedules.Targets;
import org.villagecast.schedules.TestSchedules;

/** Conflicts, overrun policies, quiet hours, fallback and lanes, one situation per test. */
class TimelineServiceTest {
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final String DAY = "2027-01-04";
  static final TargetDirectory ONE_TERMINAL =
      new TargetDirectory(Map.of("t1", "320583101001"), Map.of());

  static Instant at(String time) {
    return LocalDateTime.parse(DAY + "T" + time).atZone(ZONE).toInstant();
  }

  static String local(Instant i) {
    return LocalTime.ofInstant(i, ZONE).toString();
  }

  static List<TimelineEntry> day(ScheduleSet set) {
    TimelineService service = new TimelineService(set, ONE_TERMINAL, Clock.systemUTC());
    Timeline timeline =
        service.timeline(Targets.terminal("t1"), at("00:00"), at("00:00").plus(Duration.ofDays(1)));
    assertThat(timeline.lanes()).hasSize(1);
    return timeline.lanes().get(0).entries();
  }

  static List<TimelineEntry> day(Schedule... schedules) {
    return day(ScheduleSet.of(Arrays.asList(schedules)));
  }

  /** (start, end, kind, schedule) of the entries that concern a broadcast. */
  static List<List<Object>> broadcasts(List<TimelineEntry> entries) {
    return entries.stream()
        .filter(e -> e.scheduleId() != null && e.kind() != EntryKind.FALLBACK)
        .map(e -> List.<Object>of(local(e.start()), local(e.end()), e.kind(), e.scheduleId()))
        .collect(Collectors.toList());
  }

  static TimelineEntry only(List<TimelineEntry> entries, EntryKind kind) {
    List<TimelineEntry> found =
        entries.stream().filter(e -> e.kind() == kind).collect(Collectors.toList());
    assertThat(found).as("entries of kind %s", kind).hasSize(1);
    return found.get(0);
  }

  static List<Object> row(String start, String end, EntryKind kind, String schedule) {
    return List.of(start, end, kind, schedule);
  }

  /** Verifies that a live relay pre-empts background audio, which resumes until its slot ends. */
  @Test
  void timeline_liveRelayPreemptsBackground() {
    // GIVEN background 07:00–09:00 and a live relay 07:30–08:00
    Schedule music = TestSchedules.at("music", Priority.BACKGROUND, DAY + "T07:00", 120).build();
    Schedule relay = TestSchedules.at("relay", Priority.LIVE_RELAY, DAY + "T07:30", 30).build();
    // WHEN
    List<TimelineEntry> entries = day(music, relay);
    // THEN
    assertThat(broadcasts(entries))
        .containsExactly(
            row("07:00", "07:30", EntryKind.PLAY, "music"),
            row("07:30", "08:00", EntryKind.PLAY, "relay"),
            row("07:30", "08:00", EntryKind.PREEMPTED, "music"),
            row("08:00", "09:00", EntryKind.PLAY, "music"));
    TimelineEntry preempted = only(entries, EntryKind.PREEMPTED);
    assertThat(preempted.rule()).isEqualTo(ConflictRule.PRE_EMPT);
    assertThat(preempted.byScheduleId()).isEqualTo("relay");
    assertThat(preempted.reason())
        .isEqualTo("music pre-empted by relay (rule pre-empt: live-relay over background)");
    assertThat(entries)
        .filteredOn(e -> e.kind() == EntryKind.PLAY && local(e.start()).equals("08:00"))
        .extracting(TimelineEntry::reason)
        .containsExactly(
            "music plays prog-music (resumes after relay until its slot ends, overrun policy cut)");
  }

  /** Verifies that a notice ducks background audio instead of cutting it (the default rule). */
  @Test
  void timeline_noticeDucksBackground() {
    Schedule music = TestSchedules.at("music", Priority.BACKGROUND, DAY + "T07:00", 120).build();
    Schedule notice = TestSchedules.at("notice", Priority.NOTICE, DAY + "T08:00", 10).build();

    List<TimelineEntry> entries = day(music, notice);

    assertThat(broadcasts(entries))
        .containsExactly(
            row("07:00", "08:00", EntryKind.PLAY, "music"),
            row("08:00", "08:10", EntryKind.PLAY, "notice"),
            row("08:00", "08:10", EntryKind.DUCKED, "music"),
            row("08:10", "09:00", EntryKind.PLAY, "music"));
    assertThat(only(entries, EntryKind.DUCKED).reason())
        .isEqualTo("music plays ducked under notice (rule duck: notice over background)");
  }

  /** Verifies that of two notices the later one queues and, with overrun shift, plays in full. */
  @Test
  void timeline_equalPrioritiesQueue() {
    Schedule first = TestSchedules.at("first", Priority.NOTICE, DAY + "T12:00", 10).build();
    Schedule second =
        TestSchedules.at("second", Priority.NOTICE, DAY + "T12:05", 10)
            .overrun(OverrunPolicy.SHIFT)
            .build();

    List<TimelineEntry> entries = day(first, second);

    assertThat(broadcasts(entries))
        .containsExactly(
            row("12:00", "12:10", EntryKind.PLAY, "first"),
            row("12:05", "12:10", EntryKind.QUEUED, "second"),
            row("12:10", "12:20", EntryKind.PLAY, "second"));
    assertThat(only(entries, EntryKind.QUEUED).reason())
        .isEqualTo("second queued behind first (rule queue: notice and notice)");
    assertThat(
            entries.stream()
                .filter(
                    e ->
                        e.scheduleId() != null
                            && e.scheduleId().equals("second")
                            && e.kind() == EntryKind.PLAY)
                .findFirst()
                .orElseThrow()
                .reason())
        .contains("starts 5m00s late, after first");
  }

  /** Verifies that with overrun cut a queued notice only plays what is left of its slot. */
  @Test
  void timeline_queuedCutKeepsSlotEnd() {
    Schedule first = TestSchedules.at("first", Priority.NOTICE, DAY + "T12:00", 10).build();
    Schedule second = TestSchedules.at("second", Priority.NOTICE, DAY + "T12:05", 10).build();

    assertThat(broadcasts(day(first, second)))
        .contains(row("12:10", "12:15", EntryKind.PLAY, "second"));
  }

  /** Verifies that under a skip rule the weaker broadcast is dropped and the loss is explained. */
  @Test
  void timeline_skipRuleDropsWeaker() {
    Schedule first = TestSchedules.at("first", Priority.NOTICE, DAY + "T12:00", 10).build();
    Schedule second = TestSchedules.at("second", Priority.NOTICE, DAY + "T12:05", 10).build();
    ScheduleSet set =
        new ScheduleSet(
            List.of(),
            List.of(),
            ConflictRules.defaults().with(Priority.NOTICE, Priority.NOTICE, ConflictRule.SKIP),
            List.of(first, second));

    List<TimelineEntry> entries = day(set);

    TimelineEntry skipped = only(entries, EntryKind.SKIPPED);
    assertThat(skipped.scheduleId()).isEqualTo("second");
    assertThat(skipped.notPlayed()).isEqualTo(Duration.ofMinutes(10));
    assertThat(skipped.rule()).isEqualTo(ConflictRule.SKIP);
    assertThat(skipped.reason())
        .isEqualTo(
            "second does not play, 10m00s not played: first is playing (rule skip: notice and notice)");
    assertThat(entries)
        .noneMatch(e -> "second".equals(e.scheduleId()) && e.kind() == EntryKind.PLAY);
  }

  /** Verifies the three overrun policies of a notice pre-empted half-way by a live relay. */
  @Test
  void timeline_overrunPolicies() {
    for (OverrunPolicy policy : OverrunPolicy.values()) {
      // GIVEN a 20-minute notice from 10:00 pre-empted 10:05–10:10
      Schedule notice =
          TestSchedules.at("notice", Priority.NOTICE, DAY + "T10:00", 20).overrun(policy).build();
      Schedule relay = TestSchedules.at("relay", Priority.LIVE_RELAY, DAY + "T10:05", 5).build();
      // WHEN
      List<List<Object>> rows = broadcasts(day(notice, relay));
      // THEN cut ends on the slot, extend adds the lost 5 minutes, shift replays all 20
      String end =
          policy == OverrunPolicy.CUT
              ? "10:20"
              : policy == OverrunPolicy.EXTEND ? "10:25" : "10:30";
      assertThat(rows)
          .as("%s", policy)
          .containsExactly(
              row("10:00", "10:05", EntryKind.PLAY, "notice"),
              row("10:05", "10:10", EntryKind.PLAY, "relay"),
              row("10:05", "10:10", EntryKind.PREEMPTED, "notice"),
              row("10:10", end, EntryKind.PLAY, "notice"));
    }
  }

  /** Verifies that quiet hours silence all but real alerts, and say what was held and lost. */
  @Test
  void timeline_quietHoursOnlyRealAlerts() {
    // GIVEN quiet hours 22:00–06:00, background 21:00–23:00, a drill and a real alert at night
    Schedule music = TestSchedules.at("music", Priority.BACKGROUND, DAY + "T21:00", 120).build();
    Schedule drill = TestSchedules.at("drill", Priority.EMERGENCY_DRILL, DAY + "T23:40", 3).build();
    Schedule flood = TestSchedules.at("flood", Priority.EMERGENCY_REAL, DAY + "T23:30", 5).build();
    ScheduleSet set =
        new ScheduleSet(
            List.of(),
            List.of(new QuietHours("320583", LocalTime.of(22, 0), LocalTime.of(6, 0), ZONE)),
            ConflictRules.defaults(),
            List.of(music, drill, flood));
    // WHEN
    List<TimelineEntry> entries = day(set);
    // THEN
    assertThat(broadcasts(entries))
        .containsExactly(
            row("21:00", "22:00", EntryKind.PLAY, "music"),
            row("22:00", "23:00", EntryKind.HELD_BY_QUIET_HOURS, "music"),
            row("23:00", "23:00", EntryKind.CUT, "music"),
            row("23:30", "23:35", EntryKind.PLAY, "flood"),
            row("23:40", "23:43", EntryKind.HELD_BY_QUIET_HOURS, "drill"),
            row("23:43", "23:43", EntryKind.SKIPPED, "drill"));
    assertThat(entries)
        .filteredOn(e -> e.kind() == EntryKind.QUIET)
        .extracting(e -> local(e.start()), e -> local(e.end()))
        .containsExactly(tuple("00:00", "06:00"), tuple("22:00", "23:30"), tuple("23:35", "00:00"));
    assertThat(only(entries, EntryKind.SKIPPED).reason())
        .isEqualTo(
            "drill does not play, 3m00s not played: its slot ended while it was held by quiet hours");
  }

  /** Verifies that empty time gets the fallback while its schedule is in force, else dead air. */
  @Test
  void timeline_fallbackAndDeadAir() {
    Schedule music =
        TestSchedules.at("music", Priority.BACKGROUND, DAY + "T07:00", 60)
            .fallback("chimes")
            .validity(
                new org.villagecast.schedules.Validity(LocalDate.parse(DAY), LocalDate.parse(DAY)))
            .build();

    List<TimelineEntry> entries = day(music);

    assertThat(entries)
        .extracting(e -> local(e.start()), e -> local(e.end()), TimelineEntry::kind)
        .containsExactly(
            tuple("00:00", "07:00", EntryKind.FALLBACK),
            tuple("07:00", "08:00", EntryKind.PLAY),
            tuple("08:00", "00:00", EntryKind.FALLBACK));
    assertThat(entries.get(0).programme().id()).isEqualTo("chimes");

    List<TimelineEntry> none =
        day(TestSchedules.at("music", Priority.BACKGROUND, DAY + "T07:00", 60).build());
    assertThat(none)
        .extracting(TimelineEntry::kind)
        .containsExactly(EntryKind.DEAD_AIR, EntryKind.PLAY, EntryKind.DEAD_AIR);
    assertThat(none.get(0).reason()).isEqualTo("nothing scheduled and no fallback in force");
  }

  /** Verifies that an occurrence a calendar removes is shown as excluded, with the calendar. */
  @Test
  void timeline_calendarExclusionShown() {
    DayCalendar holidays =
        DayCalendar.of("holidays", "Public holidays", Map.of(LocalDate.parse(DAY), "Test day"));
    Schedule notice =
        TestSchedules.at("notice", Priority.NOTICE, DAY + "T12:00", 10).exclude("holidays").build();
    ScheduleSet set =
        new ScheduleSet(List.of(holidays), List.of(), ConflictRules.defaults(), List.of(notice));

    TimelineEntry excluded = only(day(set), EntryKind.EXCLUDED);

    assertThat(excluded.reason())
        .isEqualTo("excluded by calendar holidays: Public holidays (Test day)");
    assertThat(local(excluded.start())).isEqualTo("12:00");
  }

  /** Verifies that a real alert pre-empts a notice that itself ducks background audio. */
  @Test
  void timeline_alertOverNoticeOverBackground() {
    Schedule music = TestSchedules.at("music", Priority.BACKGROUND, DAY + "T09:00", 60).build();
    Schedule notice =
        TestSchedules.at("notice", Priority.NOTICE, DAY + "T09:10", 20)
            .overrun(OverrunPolicy.EXTEND)
            .build();
    Schedule flood = TestSchedules.at("flood", Priority.EMERGENCY_REAL, DAY + "T09:15", 5).build();

    assertThat(broadcasts(day(music, notice, flood)))
        .containsExactly(
            row("09:00", "09:10", EntryKind.PLAY, "music"),
            row("09:10", "09:15", EntryKind.PLAY, "notice"),
            row("09:10", "09:15", EntryKind.DUCKED, "music"),
            row("09:15", "09:20", EntryKind.PLAY, "flood"),
            row("09:15", "09:20", EntryKind.PREEMPTED, "notice"),
            row("09:15", "09:20", EntryKind.PREEMPTED, "music"),
            row("09:20", "09:35", EntryKind.PLAY, "notice"),
            row("09:20", "09:35", EntryKind.DUCKED, "music"),
            row("09:35", "10:00", EntryKind.PLAY, "music"));
  }

  /** Verifies that terminals covered alike share one lane and the others get their own. */
  @Test
  void timeline_lanesGroupTerminals() {
    // GIVEN two villages, and a group holding one terminal of the first
    TargetDirectory directory =
        new TargetDirectory(
            Map.of(
                "a1",
                "320583101001",
                "a2",
                "320583101001",
                "a3",
                "320583101001",
                "b1",
                "320583101002"),
            Map.of("schools", List.of("a3")));
    Schedule county =
        TestSchedules.at("county", Priority.NOTICE, DAY + "T12:00", 10)
            .targets(Targets.area("320583"))
            .build();
    Schedule school =
        TestSchedules.at("school", Priority.NOTICE, DAY + "T07:50", 5)
            .targets(Targets.group("schools"))
            .build();
    Schedule village =
        TestSchedules.at("village", Priority.NOTICE, DAY + "T18:00", 5)
            .targets(Targets.area("320583101002"))
            .build();
    TimelineService service =
        new TimelineService(
            ScheduleSet.of(List.of(county, school, village)), directory, Clock.systemUTC());
    // WHEN
    Timeline timeline = service.timeline(Targets.area("320583000000"), at("00:00"), at("23:59"));
    // THEN
    assertThat(timeline.lanes())
        .extracting(Lane::terminals)
        .containsExactly(List.of("a1", "a2"), List.of("a3"), List.of("b1"));
    assertThat(timeline.laneOf("a3").orElseThrow().entries())
        .extracting(TimelineEntry::scheduleId)
        .contains("school", "county")
        .doesNotContain("village");
    assertThat(timeline.terminalCount()).isEqualTo(4);
    assertThat(timeline.describe(ZONE)).contains("2 terminals: a1, a2", "PLAY");
  }

  /** Verifies that the next 24 hours are taken from the injected clock. */
  @Test
  void next24Hours_usesClock() {
    Clock clock = Clock.fixed(at("06:00"), ZONE);
    TimelineService service = new TimelineService(ScheduleSet.of(List.of()), ONE_TERMINAL, clock);

    Timeline timeline = service.next24Hours(Targets.terminal("t1"));

    assertThat(timeline.from()).isEqualTo(at("06:00"));
    assertThat(timeline.to()).isEqualTo(at("06:00").plus(Duration.ofDays(1)));
  }

  /** Verifies that an empty or too long range is refused with a clear message. */
  @Test
  void timeline_badRangeRefused() {
    TimelineService service =
        new TimelineService(ScheduleSet.of(List.of()), ONE_TERMINAL, Clock.systemUTC());

    assertThatThrownBy(() -> service.timeline(Targets.terminal("t1"), at("06:00"), at("05:00")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before it starts");
    assertThatThrownBy(
            () ->
                service.timeline(
                    Targets.terminal("t1"), at("06:00"), at("06:00").plus(Duration.ofDays(40))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the range is longer than 31 days");
  }
}
