package org.villagecast.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.villagecast.schedules.ConflictRules;
import org.villagecast.schedules.DayCalendar;
import org.villagecast.schedules.OverrunPolicy;
import org.villagecast.schedules.Priority;
import org.villagecast.schedules.ProgrammeRef;
import org.villagecast.schedules.QuietHours;
import org.villagecast.schedules.Recurrence;
import org.villagecast.schedules.Schedule;
import org.villagecast.schedules.ScheduleSet;
import org.villagecast.schedules.Targets;
import org.villagecast.schedules.Validity;
import org.villagecast.schedules.timeline.TargetDirectory;

/**
 * The timeline benchmark's county: 10,000 terminals in 250 villages of 20 towns, and schedules that
 * start about 50,000 times in the 24 hours from {@link #FROM}.
 *
 * <p>County: background music with a fallback, the morning news relay, the noon notice. Each town:
 * notices at 08:00, 13:00 and 18:00. Each village: announcements every 20 minutes (3 min), music
 * every 20 minutes (10 min, overlapping the announcements), an hourly reminder, a daily drill.
 * Groups: schools (one terminal per village, two notices a day), river bank (four terminals per
 * village in five towns, an hourly flood-level notice). 640 terminals have a programme of their own
 * every two hours. A real flood alert reaches one town at 14:00. Quiet hours 22:00–06:00 for the
 * county and 12:00–13:30 for one town.
 */
final class CountySchedules {
  private CountySchedules() {}

  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final String COUNTY = "320583";
  static final int TOWNS = 20;
  static final int VILLAGES = 250;
  static final int TERMINALS_PER_VILLAGE = 40;
  static final int OWN_PROGRAMME_TERMINALS = 640;

  /** The start of the range: 00:00 on a Tuesday, Shanghai time. */
  static final Instant FROM = LocalDate.of(2027, 3, 2).atStartOfDay(ZONE).toInstant();

  static final Instant TO = FROM.plus(Duration.ofHours(24));

  /** The county's terminals and groups. */
  static TargetDirectory directory() {
    Map<String, String> areaOf = new HashMap<>();
    List<String> schools = new ArrayList<>();
    List<String> riverBank = new ArrayList<>();
    for (int v = 0; v < VILLAGES; v++) {
      String village = villageCode(v);
      for (int t = 0; t < TERMINALS_PER_VILLAGE; t++) {
        String id = terminalId(v, t);
        areaOf.put(id, village);
        if (t == 0) {
          schools.add(id);
        }
        if (t >= 1 && t <= 4 && townOf(v) < 5) {
          riverBank.add(id);
        }
      }
    }
    return new TargetDirectory(areaOf, Map.of("schools", schools, "river-bank", riverBank));
  }

  /** The county's schedules, calendars and quiet hours. */
  static ScheduleSet schedules() {
    List<Schedule> out = new ArrayList<>();
    LocalDate first = LocalDate.of(2027, 3, 1);
    Targets county = Targets.area(COUNTY);
    out.add(
        schedule(
                "county-music",
                Priority.BACKGROUND,
                county,
                first.atTime(7, 0),
                120,
                "FREQ=DAILY;BYHOUR=7,15",
                OverrunPolicy.CUT)
            .fallback(new ProgrammeRef("chimes", "Hourly chimes"))
            .build());
    out.add(
        schedule(
                "county-news",
                Priority.LIVE_RELAY,
                county,
                first.atTime(6, 30),
                30,
                "FREQ=DAILY",
                OverrunPolicy.CUT)
            .build());
    out.add(
        schedule(
                "county-noon",
                Priority.NOTICE,
                county,
                first.atTime(12, 0),
                10,
                "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
                OverrunPolicy.SHIFT)
            .exclude("holidays")
            .build());
    for (int town = 0; town < TOWNS; town++) {
      out.add(
          schedule(
                  "town-" + town,
                  Priority.NOTICE,
                  Targets.area(townCode(town)),
                  first.atTime(8, 0),
                  5,
                  "FREQ=DAILY;BYHOUR=8,13,18",
                  OverrunPolicy.SHIFT)
              .build());
    }
    for (int v = 0; v < VILLAGES; v++) {
      Targets village = Targets.area(villageCode(v));
      int offset = v % 20;
      out.add(
          schedule(
                  "village-" + v + "-announce",
                  Priority.NOTICE,
                  village,
                  first.atTime(0, offset),
                  3,
                  "FREQ=MINUTELY;INTERVAL=20",
                  OverrunPolicy.SHIFT)
              .build());
      out.add(
          schedule(
                  "village-" + v + "-music",
                  Priority.BACKGROUND,
                  village,
                  first.atTime(0, (offset + 7) % 20),
                  10,
                  "FREQ=MINUTELY;INTERVAL=20",
                  OverrunPolicy.CUT)
              .build());
      out.add(
          schedule(
                  "village-" + v + "-reminder",
                  Priority.NOTICE,
                  village,
                  first.atTime(0, 30 + offset),
                  2,
                  "FREQ=HOURLY",
                  OverrunPolicy.EXTEND)
              .build());
      out.add(
          schedule(
                  "village-" + v + "-drill",
                  Priority.EMERGENCY_DRILL,
                  village,
                  first.atTime(10, offset),
                  3,
                  "FREQ=DAILY",
                  OverrunPolicy.CUT)
              .build());
    }
    out.add(
        schedule(
                "schools",
                Priority.NOTICE,
                Targets.group("schools"),
                first.atTime(7, 50),
                5,
                "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=7,16;BYMINUTE=50",
                OverrunPolicy.SHIFT)
            .build());
    out.add(
        schedule(
                "river-bank",
                Priority.LIVE_RELAY,
                Targets.group("river-bank"),
                first.atTime(0, 45),
                4,
                "FREQ=HOURLY",
                OverrunPolicy.CUT)
            .build());
    for (int i = 0; i < OWN_PROGRAMME_TERMINALS; i++) {
      int v = (i * 7) % VILLAGES;
      Targets one = new Targets(Set.of(), Set.of(), Set.of(terminalId(v, 10 + i % 30)));
      out.add(
          schedule(
                  "terminal-" + i,
                  Priority.NOTICE,
                  one,
                  first.atTime(i % 2, 5 + i % 50),
                  6,
                  "FREQ=HOURLY;INTERVAL=2",
                  OverrunPolicy.CUT)
              .build());
    }
    out.add(
        schedule(
                "flood-alert",
                Priority.EMERGENCY_REAL,
                Targets.area(townCode(3)),
                LocalDateTime.of(2027, 3, 2, 14, 0),
                10,
                null,
                OverrunPolicy.CUT)
            .build());
    DayCalendar holidays =
        DayCalendar.of(
            "holidays", "Public holidays", Map.of(LocalDate.of(2027, 5, 1), "Labour Day"));
    List<QuietHours> quiet =
        List.of(
            new QuietHours(COUNTY, LocalTime.of(22, 0), LocalTime.of(6, 0), ZONE),
            new QuietHours(townCode(7), LocalTime.of(12, 0), LocalTime.of(13, 30), ZONE));
    return new ScheduleSet(List.of(holidays), quiet, ConflictRules.defaults(), out);
  }

  static String townCode(int town) {
    return COUNTY + String.format("%03d", 101 + town);
  }

  static int townOf(int village) {
    return village % TOWNS;
  }

  static String villageCode(int village) {
    return townCode(townOf(village)) + String.format("%03d", 1 + village / TOWNS);
  }

  static String terminalId(int village, int index) {
    return "T" + villageCode(village) + "-" + String.format("%02d", index);
  }

  private static Builder schedule(
      String id,
      Priority priority,
      Targets targets,
      LocalDateTime start,
      int minutes,
      String rule,
      OverrunPolicy overrun) {
    return new Builder(id, priority, targets, start, minutes, rule, overrun);
  }

  /** Just enough of a builder for the two optional parts. */
  private static final class Builder {
    private final String id;
    private final Priority priority;
    private final Targets targets;
    private final LocalDateTime start;
    private final int minutes;
    private final String rule;
    private final OverrunPolicy overrun;
    private ProgrammeRef fallback;
    private final List<String> exclude = new ArrayList<>();

    Builder(
        String id,
        Priority priority,
        Targets targets,
        LocalDateTime start,
        int minutes,
        String rule,
        OverrunPolicy overrun) {
      this.id = id;
      this.priority = priority;
      this.targets = targets;
      this.start = start;
      this.minutes = minutes;
      this.rule = rule;
      this.overrun = overrun;
    }

    Builder fallback(ProgrammeRef programme) {
      this.fallback = programme;
      return this;
    }

    Builder exclude(String calendar) {
      exclude.add(calendar);
      return this;
    }

    Schedule build() {
      return new Schedule(
          id,
          id,
          new ProgrammeRef("prog-" + id, ""),
          targets,
          Recurrence.of(start, rule),
          Duration.ofMinutes(minutes),
          ZONE,
          Validity.ALWAYS,
          priority,
          overrun,
          fallback,
          List.of(),
          exclude);
    }
  }
}
