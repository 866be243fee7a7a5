package org.villagecast.schedules.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.villagecast.schedules.AreaCodes;
import org.villagecast.schedules.ConflictRule;
import org.villagecast.schedules.ConflictRules;
import org.villagecast.schedules.DayCalendar;
import org.villagecast.schedules.Occurrence;
import org.villagecast.schedules.OverrunPolicy;
import org.villagecast.schedules.Priority;
import org.villagecast.schedules.ProgrammeRef;
import org.villagecast.schedules.QuietHours;
import org.villagecast.schedules.Recurrence;
import org.villagecast.schedules.Schedule;
import org.villagecast.schedules.ScheduleSet;
import org.villagecast.schedules.Targets;
import org.villagecast.schedules.Validity;

/**
 * Seeded random schedule sets, thousands of them, each checked for the timeline's invariants. A
 * failure names its seed; {@code -Dtimeline.seed=N} replays one set, {@code -Dtimeline.sets=N}
 * changes how many are tried.
 */
class TimelineInvariantsTest {
  private static final String[] VILLAGES = {
    "320583101001", "320583101002", "320583102001", "320583102002"
  };
  private static final String[] AREAS = {
    "320583",
    "320583101",
    "320583102",
    "320583101001",
    "320583101002",
    "320583102001",
    "320583102002"
  };
  private static final ZoneId[] ZONES = {
    ZoneId.of("Asia/Shanghai"),
    ZoneId.of("Asia/Shanghai"),
    ZoneId.of("Europe/Berlin"),
    ZoneId.of("America/New_York")
  };

  /** Ordinary days and the daylight-saving days of Berlin and New York in 2027. */
  private static final String[] DAYS = {
    "2027-01-04", "2027-03-14", "2027-03-28", "2027-10-31", "2027-11-07", "2028-02-29"
  };

  /** One generated case. */
  private record Case(
      long seed,
      ScheduleSet set,
      TargetDirectory directory,
      Instant from,
      Instant to,
      Map<String, List<Occurrence>> occurrences) {

    /** Occurrences of a schedule over the case's range, expanded once. */
    List<Occurrence> of(Schedule s) {
      return occurrences.computeIfAbsent(s.id(), k -> s.occurrences(from, to, set.calendars()));
    }
  }

  /**
   * Verifies that in thousands of random schedule sets no two broadcasts own a terminal at once,
   * nothing but a real alert sounds in quiet hours, every pre-emption and wait is explained by a
   * broadcast that is playing, and no scheduled broadcast disappears without an entry.
   */
  @Test
  void timeline_invariantsHoldForRandomSets() {
    // GIVEN
    long only = Long.getLong("timeline.seed", -1);
    int sets = Integer.getInteger("timeline.sets", 2000);
    long first = only >= 0 ? only : 0;
    long last = only >= 0 ? only : sets - 1;
    int lanes = 0;
    int preemptions = 0;
    for (long seed = first; seed <= last; seed++) {
      Case c = generate(seed);
      // WHEN
      Timeline timeline =
          new TimelineService(c.set(), c.directory(), Clock.systemUTC())
              .timeline(Targets.area("320583"), c.from(), c.to());
      // THEN
      try {
        for (Lane lane : timeline.lanes()) {
          check(c, lane);
          lanes++;
          preemptions +=
              (int) lane.entries().stream().filter(e -> e.kind() == EntryKind.PREEMPTED).count();
        }
        checkSingleTerminalsAgree(c, timeline, new Random(seed));
      } catch (AssertionError e) {
        throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
      }
    }
    // The generator must produce the situations the invariants are about.
    if (only < 0) {
      assertThat(lanes).isGreaterThan(sets);
      assertThat(preemptions).isGreaterThan(sets / 10);
    }
  }

  private static Case generate(long seed) {
    Random r = new Random(seed);
    Map<String, String> areaOf = new HashMap<>();
    int terminals = 4 + r.nextInt(16);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < terminals; i++) {
      String id = String.format("t%02d", i);
      ids.add(id);
      areaOf.put(id, VILLAGES[r.nextInt(VILLAGES.length)]);
    }
    List<String> group = new ArrayList<>();
    for (String id : ids) {
      if (r.nextInt(3) == 0) {
        group.add(id);
      }
    }
    TargetDirectory directory = new TargetDirectory(areaOf, Map.of("g1", group));
    ZoneId zone = ZONES[r.nextInt(ZONES.length)];
    LocalDate day = LocalDate.parse(DAYS[r.nextInt(DAYS.length)]);

    List<QuietHours> quiet = new ArrayList<>();
    int quietRules = r.nextInt(3);
    for (int i = 0; i < quietRules; i++) {
      LocalTime from =
          r.nextBoolean()
              ? LocalTime.of(20 + r.nextInt(4), 30 * r.nextInt(2))
              : LocalTime.of(12, 0);
      LocalTime to =
          from.getHour() >= 20 ? LocalTime.of(5 + r.nextInt(3), 0) : LocalTime.of(13, 30);
      quiet.add(new QuietHours(AREAS[r.nextInt(AREAS.length)], from, to, zone));
    }

    ConflictRules rules = ConflictRules.defaults();
    if (r.nextInt(3) == 0) {
      for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
        Priority a = Priority.values()[r.nextInt(5)];
        Priority b = Priority.values()[r.nextInt(5)];
        Priority stronger = b.isAbove(a) ? b : a;
        Priority weaker = stronger == a ? b : a;
        rules = rules.with(stronger, weaker, ConflictRule.values()[r.nextInt(4)]);
      }
    }

    DayCalendar off = DayCalendar.of("off", "Days off", Map.of(day, "test day"));
    List<Schedule> schedules = new ArrayList<>();
    int count = 1 + r.nextInt(25);
    for (int i = 0; i < count; i++) {
      schedules.add(randomSchedule(r, i, ids, zone, day));
    }
    ScheduleSet set = new ScheduleSet(List.of(off), quiet, rules, schedules);
    Instant from = day.atStartOfDay(zone).toInstant().plus(Duration.ofMinutes(r.nextInt(24 * 60)));
    return new Case(seed, set, directory, from, from.plus(Duration.ofHours(24)), new HashMap<>());
  }

  private static Schedule randomSchedule(
      Random r, int i, List<String> terminals, ZoneId zone, LocalDate day) {
    int p = r.nextInt(100);
    Priority priority =
        p < 5
            ? Priority.EMERGENCY_REAL
            : p < 12
                ? Priority.EMERGENCY_DRILL
                : p < 30 ? Priority.LIVE_RELAY : p < 65 ? Priority.NOTICE : Priority.BACKGROUND;
    LocalDateTime start =
        day.minusDays(1)
            .atStartOfDay()
            .plusSeconds(
                r.nextInt(48 * 3600) / (r.nextBoolean() ? 60 : 1) * (r.nextBoolean() ? 60 : 1));
    long seconds = r.nextInt(4) == 0 ? 20 + r.nextInt(600) : 60L * (1 + r.nextInt(150));
    String rule;
    switch (r.nextInt(5)) {
      case 0:
        rule = null;
        break;
      case 1:
        rule = "FREQ=DAILY";
        break;
      case 2:
        rule = "FREQ=HOURLY;INTERVAL=" + (1 + r.nextInt(4));
        break;
      case 3:
        rule = "FREQ=MINUTELY;INTERVAL=" + (13 + r.nextInt(80));
        break;
      default:
        rule = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;COUNT=" + (1 + r.nextInt(5));
    }
    Targets targets;
    switch (r.nextInt(4)) {
      case 0:
        targets = Targets.group("g1");
        break;
      case 1:
        targets =
            new Targets(Set.of(), Set.of(), Set.of(terminals.get(r.nextInt(terminals.size()))));
        break;
      default:
        targets = Targets.area(AREAS[r.nextInt(AREAS.length)]);
    }
    Validity validity =
        r.nextInt(6) == 0
            ? new Validity(day, day)
            : r.nextInt(6) == 0 ? new Validity(null, day.minusDays(1)) : Validity.ALWAYS;
    return new Schedule(
        "s" + i,
        "",
        new ProgrammeRef("p" + i, ""),
        targets,
        Recurrence.of(start, rule),
        Duration.ofSeconds(seconds),
        zone,
        validity,
        priority,
        OverrunPolicy.values()[r.nextInt(3)],
        r.nextInt(5) == 0 ? new ProgrammeRef("fallback" + i, "") : null,
        List.of(),
        r.nextInt(8) == 0 ? List.of("off") : List.of());
  }

  private static void check(Case c, Lane lane) {
    List<TimelineEntry> entries = lane.entries();
    String terminal = lane.terminals().get(0);
    // One owner (or one kind of silence) at every instant, from the first to the last.
    Instant cursor = c.from();
    for (TimelineEntry e : entries) {
      if (e.kind().ownsTerminal()
          || e.kind() == EntryKind.QUIET
          || e.kind() == EntryKind.DEAD_AIR) {
        if (!e.start().equals(cursor)) {
          fail("owners overlap or leave a hole at %s: %s", cursor, e);
        }
        assertThat(e.end()).isAfter(e.start());
        cursor = e.end();
      }
    }
    assertThat(cursor).isEqualTo(c.to());

    List<Instant[]> quiet = quietSpans(c, c.directory().areaOf(terminal));
    Map<String, List<TimelineEntry>> plays = new HashMap<>();
    for (TimelineEntry e : entries) {
      if (e.kind() == EntryKind.PLAY) {
        plays.computeIfAbsent(e.scheduleId(), k -> new ArrayList<>()).add(e);
      }
    }
    for (TimelineEntry e : entries) {
      boolean sounds = e.kind().ownsTerminal() || e.kind() == EntryKind.DUCKED;
      if (sounds && e.priority() != Priority.EMERGENCY_REAL) {
        for (Instant[] q : quiet) {
          if (e.start().isBefore(q[1]) && q[0].isBefore(e.end())) {
            fail("%s sounds in quiet hours %s–%s", e, q[0], q[1]);
          }
        }
      }
      if (e.kind() == EntryKind.PREEMPTED
          || e.kind() == EntryKind.QUEUED
          || e.kind() == EntryKind.DUCKED) {
        assertThat(e.rule()).as("rule of %s", e).isNotNull();
        assertThat(e.byScheduleId()).as("by of %s", e).isNotNull();
        assertThat(e.reason()).contains(e.byScheduleId());
        assertThat(playingAt(plays, e.byScheduleId(), e.start()))
            .as("%s is explained by %s playing", e, e.byScheduleId())
            .isTrue();
        if (e.kind() == EntryKind.PREEMPTED) {
          Priority by = scheduleById(c, e.byScheduleId()).priority();
          assertThat(e.priority().isAbove(by)).as("%s pre-empted by a weaker one", e).isFalse();
        }
      }
      if (e.kind() == EntryKind.DUCKED) {
        assertThat(coveredByPlay(entries, e)).as("%s has an owner above it", e).isTrue();
      }
      if (e.kind() == EntryKind.SKIPPED || e.kind() == EntryKind.CUT) {
        assertThat(e.reason()).isNotBlank();
        assertThat(e.notPlayed()).isPositive();
        if (e.rule() != null) {
          assertThat(e.byScheduleId()).isNotNull();
        }
      }
    }

    // Nothing scheduled disappears: every occurrence starting in the range has an entry.
    Set<String> seen = new HashSet<>();
    for (TimelineEntry e : entries) {
      if (e.occurrence() != null) {
        seen.add(e.scheduleId() + "@" + e.occurrence());
      }
    }
    for (Schedule s : c.set().schedules()) {
      if (!covers(c.directory(), s.targets(), terminal)) {
        continue;
      }
      for (Occurrence o : c.of(s)) {
        if (!o.start().isBefore(c.from())) {
          assertThat(seen)
              .as("an entry for %s at %s", s.id(), o.start())
              .contains(s.id() + "@" + o.start());
        }
      }
    }
  }

  private static void checkSingleTerminalsAgree(Case c, Timeline timeline, Random r) {
    TimelineService service = new TimelineService(c.set(), c.directory(), Clock.systemUTC());
    Lane lane = timeline.lanes().get(r.nextInt(timeline.lanes().size()));
    String terminal = lane.terminals().get(r.nextInt(lane.terminals().size()));
    Timeline single = service.timeline(Targets.terminal(terminal), c.from(), c.to());
    assertThat(single.lanes()).hasSize(1);
    assertThat(single.lanes().get(0).entries()).isEqualTo(lane.entries());
  }

  private static boolean playingAt(
      Map<String, List<TimelineEntry>> plays, String scheduleId, Instant t) {
    for (TimelineEntry e : plays.getOrDefault(scheduleId, List.of())) {
      if (e.kind() == EntryKind.PLAY
          && e.scheduleId().equals(scheduleId)
          && !t.isBefore(e.start())
          && t.isBefore(e.end())) {
        return true;
      }
    }
    return false;
  }

  private static boolean coveredByPlay(List<TimelineEntry> entries, TimelineEntry ducked) {
    Instant cursor = ducked.start();
    for (TimelineEntry e : entries) {
      if (e.kind() == EntryKind.PLAY && !e.start().isAfter(cursor) && e.end().isAfter(cursor)) {
        cursor = e.end();
      }
    }
    return !cursor.isBefore(ducked.end());
  }

  private static Schedule scheduleById(Case c, String id) {
    return c.set().schedules().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  private static boolean covers(TargetDirectory directory, Targets targets, String terminal) {
    if (targets.terminals().contains(terminal)) {
      return true;
    }
    for (String group : targets.groups()) {
      if (directory.terminalsInGroup(group).contains(terminal)) {
        return true;
      }
    }
    for (String area : targets.areas()) {
      Collection<String> in = directory.terminalsInArea(area);
      if (in.contains(terminal)) {
        return true;
      }
    }
    return false;
  }

  /** Quiet spans of an area computed here, independently of the service. */
  private static List<Instant[]> quietSpans(Case c, String area) {
    List<Instant[]> out = new ArrayList<>();
    for (QuietHours q : c.set().quietHours()) {
      if (!AreaCodes.contains(q.area(), area)) {
        continue;
      }
      LocalDate day = LocalDate.ofInstant(c.from(), q.zone()).minusDays(1);
      for (int i = 0; i < 4; i++, day = day.plusDays(1)) {
        ZonedDateTime start = ZonedDateTime.of(day, q.from(), q.zone());
        ZonedDateTime end =
            ZonedDateTime.of(q.from().isBefore(q.to()) ? day : day.plusDays(1), q.to(), q.zone());
        out.add(new Instant[] {start.toInstant(), end.toInstant()});
      }
    }
    return out;
  }
}
