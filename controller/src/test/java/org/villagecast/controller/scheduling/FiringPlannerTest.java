package org.villagecast.controller.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.villagecast.controller.registry.Group;
import org.villagecast.schedules.AreaCodes;
import org.villagecast.schedules.Occurrence;
import org.villagecast.schedules.Priority;
import org.villagecast.schedules.QuietHours;
import org.villagecast.schedules.Schedule;
import org.villagecast.schedules.ScheduleSet;
import org.villagecast.schedules.file.ScheduleFile;

/** From timelines to what the scheduler does: starts, windows, targets and reasons. */
class FiringPlannerTest {
  private static final String A = "320583101001";
  private static final String B = "320583101002";
  private static final String A1 = "1" + A + "0301010101";
  private static final String A2 = "1" + A + "0301010102";
  private static final String B1 = "1" + B + "0301010101";
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final Instant DAY = Instant.parse("2026-12-03T16:00:00Z"); // 4 Dec, 00:00 local

  private static final RegistryTargets REGISTRY =
      new RegistryTargets(
          Map.of(A1, A, A2, A, B1, B), List.of(new Group(7, "river", Set.of(), Set.of(A1, B1))));

  private static List<PlannedOccurrence> plan(String file) {
    return new FiringPlanner(ScheduleFile.read(file), REGISTRY)
        .plan(DAY, DAY.plus(Duration.ofDays(1)));
  }

  private static Instant local(String time) {
    return ZonedDateTime.of(2026, 12, 4, 0, 0, 0, 0, SHANGHAI)
        .with(LocalTime.parse(time))
        .toInstant();
  }

  /**
   * Verifies that of two notices at noon to one area (equal priorities queue), the second is
   * started when the first ends, and the record says why.
   */
  @Test
  void equalNotices_secondQueued() {
    List<PlannedOccurrence> plan =
        plan(
            new ScheduleYaml()
                .daily("first", "p", "{areas: [\"" + A + "\"]}", "notice", "12:00:00", "PT10M")
                .daily("second", "p", "{areas: [\"" + A + "\"]}", "notice", "12:00:00", "PT10M")
                .text()
                .replace("    rrule: FREQ=DAILY\n", "    rrule: FREQ=DAILY\n    overrun: shift\n"));

    assertThat(plan).hasSize(2);
    PlannedOccurrence first = plan.get(0);
    PlannedOccurrence second = plan.get(1);
    assertThat(first.schedule().id()).isEqualTo("first");
    assertThat(first.startAt()).isEqualTo(local("12:00"));
    assertThat(first.wholeTargets()).isTrue();
    assertThat(second.occurrence()).isEqualTo(local("12:00"));
    assertThat(second.startAt()).isEqualTo(local("12:10"));
    assertThat(second.endAt()).isEqualTo(local("12:20"));
    assertThat(second.wholeTargets()).isFalse();
    assertThat(second.terminals()).containsExactly(A1, A2);
    assertThat(second.reason())
        .startsWith("starts 600 s after its scheduled second")
        .contains("first");
  }

  /** Verifies that a slot running into quiet hours has its window end where they begin. */
  @Test
  void slotIntoQuietHours_windowEndsAtQuietHours() {
    List<PlannedOccurrence> plan =
        plan(
            new ScheduleYaml()
                .quietHours("320583", "22:00", "06:00")
                .daily("late", "p", "{areas: [\"" + A + "\"]}", "notice", "21:55:00", "PT10M")
                .text());

    assertThat(plan)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.plays()).isTrue();
              assertThat(p.startAt()).isEqualTo(local("21:55"));
              assertThat(p.endAt()).isEqualTo(local("22:00"));
              assertThat(p.reason()).contains("quiet hours begin");
            });
  }

  /** Verifies that targets covering no accepted terminal give a skip that says so. */
  @Test
  void noTerminals_skippedWithReason() {
    List<PlannedOccurrence> plan =
        plan(
            new ScheduleYaml()
                .daily(
                    "empty",
                    "p",
                    "{groups: [nobody], areas: [\"110101\"]}",
                    "notice",
                    "12:00:00",
                    "PT10M")
                .text());

    assertThat(plan)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.plays()).isFalse();
              assertThat(p.reason())
                  .contains("cover no accepted terminal")
                  .contains("nobody")
                  .contains("110101");
            });
  }

  /** Verifies that a group named by number or by name means the registry's group. */
  @Test
  void groupByNameOrNumber() {
    for (String group : List.of("river", "7")) {
      List<PlannedOccurrence> plan =
          plan(
              new ScheduleYaml()
                  .daily("g", "p", "{groups: [\"" + group + "\"]}", "notice", "12:00:00", "PT1M")
                  .text());
      assertThat(plan)
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.wholeTargets()).isTrue();
                assertThat(p.terminalCount()).isEqualTo(2);
                assertThat(REGISTRY.deliveryTargets(p.schedule().targets()).groups())
                    .containsExactly(7L);
              });
    }
  }

  /**
   * Verifies over seeded random schedule sets that every occurrence is planned exactly once, that a
   * planned start is never before its slot, its window is positive, it goes only to accepted
   * terminals, and that nothing but a real alert starts on a terminal in its quiet hours.
   */
  @Test
  void randomSets_invariants() {
    Random random = new Random(20261204L);
    String[] priorities = {
      "emergency-real", "emergency-drill", "live-relay", "notice", "background"
    };
    String[] targets = {
      "{areas: [\"320583\"]}",
      "{areas: [\"" + A + "\"]}",
      "{areas: [\"" + B + "\"]}",
      "{groups: [river]}",
      "{terminals: [\"" + A2 + "\"]}"
    };
    String[] overruns = {"cut", "extend", "shift"};
    for (int round = 0; round < 60; round++) {
      ScheduleYaml yaml = new ScheduleYaml();
      if (random.nextBoolean()) {
        yaml.quietHours(random.nextBoolean() ? "320583" : A, "22:00", "06:00");
      }
      int count = 1 + random.nextInt(12);
      for (int i = 0; i < count; i++) {
        String time = String.format("%02d:%02d:00", random.nextInt(24), random.nextInt(4) * 15);
        yaml.schedule(
            "s" + i,
            "p",
            targets[random.nextInt(targets.length)],
            priorities[random.nextInt(priorities.length)],
            "2026-12-01T" + time,
            "PT" + (1 + random.nextInt(90)) + "M",
            random.nextBoolean() ? "FREQ=DAILY" : "FREQ=HOURLY;INTERVAL=" + (1 + random.nextInt(6)),
            "    overrun: " + overruns[random.nextInt(3)] + "\n");
      }
      ScheduleSet set = ScheduleFile.read(yaml.text());
      Instant from = DAY.plus(Duration.ofMinutes(random.nextInt(600)));
      Instant to = from.plus(Duration.ofHours(24));
      List<PlannedOccurrence> plan = new FiringPlanner(set, REGISTRY).plan(from, to);

      Set<OccurrenceKey> expected = new HashSet<>();
      for (Schedule s : set.schedules()) {
        for (Occurrence o : s.occurrences(from, to, set.calendars())) {
          if (!o.start().isBefore(from)) {
            expected.add(new OccurrenceKey(s.id(), o.start()));
          }
        }
      }
      List<OccurrenceKey> planned = new ArrayList<>();
      for (PlannedOccurrence p : plan) {
        planned.add(p.key());
        if (!p.plays()) {
          assertThat(p.reason()).isNotBlank();
          continue;
        }
        assertThat(p.startAt()).isAfterOrEqualTo(p.occurrence());
        assertThat(p.endAt()).isAfter(p.startAt());
        List<String> terminals = terminalsOf(p);
        assertThat(terminals).isNotEmpty().allMatch(REGISTRY::knows).hasSize(p.terminalCount());
        if (p.schedule().priority() != Priority.EMERGENCY_REAL) {
          for (String terminal : terminals) {
            assertThat(inQuietHours(set.quietHours(), REGISTRY.areaOf(terminal), p.startAt()))
                .as("round %d: %s starts on %s in quiet hours", round, p.key(), terminal)
                .isFalse();
          }
        }
      }
      assertThat(planned).as("round %d", round).doesNotHaveDuplicates();
      assertThat(new HashSet<>(planned)).as("round %d", round).isEqualTo(expected);
    }
  }

  /** The terminals an occurrence is sent to: listed, or all those of its schedule's targets. */
  private static List<String> terminalsOf(PlannedOccurrence p) {
    if (!p.wholeTargets()) {
      return p.terminals();
    }
    Set<String> all = new java.util.TreeSet<>();
    p.schedule().targets().areas().forEach(a -> all.addAll(REGISTRY.terminalsInArea(a)));
    p.schedule().targets().groups().forEach(g -> all.addAll(REGISTRY.terminalsInGroup(g)));
    all.addAll(p.schedule().targets().terminals());
    return List.copyOf(all);
  }

  private static boolean inQuietHours(List<QuietHours> quiet, String area, Instant t) {
    for (QuietHours q : quiet) {
      if (!AreaCodes.contains(q.area(), area)) {
        continue;
      }
      LocalTime local = t.atZone(q.zone()).toLocalTime();
      boolean inside =
          q.from().isBefore(q.to())
              ? !local.isBefore(q.from()) && local.isBefore(q.to())
              : !local.isBefore(q.from()) || local.isBefore(q.to());
      if (inside) {
        return true;
      }
    }
    return false;
  }
}
