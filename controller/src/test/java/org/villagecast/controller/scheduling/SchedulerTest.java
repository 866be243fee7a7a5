package org.villagecast.controller.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.villagecast.controller.scheduling.SchedulingRig.COUNTY;
import static org.villagecast.controller.scheduling.SchedulingRig.RC_A1;
import static org.villagecast.controller.scheduling.SchedulingRig.RC_A2;
import static org.villagecast.controller.scheduling.SchedulingRig.RC_B1;
import static org.villagecast.controller.scheduling.SchedulingRig.VILLAGE_A;
import static org.villagecast.controller.scheduling.SchedulingRig.await;
import static org.villagecast.controller.scheduling.SchedulingRig.eventually;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.broadcast.BroadcastRequest;
import org.villagecast.protocol.codec.AlertClass;
import org.villagecast.protocol.testing.MutableClock;
import org.villagecast.schedules.Priority;

/**
 * The scheduler on one hub with a clock the test moves: what it starts, when, with what, and what
 * it records when it does not start something.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SchedulerTest {
  /** Friday 2026-12-04, 11:00 in Shanghai. */
  static final Instant MORNING = Instant.parse("2026-12-04T03:00:00Z");

  /** 12:00 in Shanghai that day. */
  static final Instant NOON = Instant.parse("2026-12-04T04:00:00Z");

  @TempDir Path dir;
  private SchedulingRig rig;

  @AfterEach
  void close() throws Exception {
    if (rig != null) {
      rig.close();
    }
  }

  private SchedulingRig rig(String scheduleFile) throws Exception {
    rig =
        SchedulingRig.open(
                dir.resolve("hub"), new MutableClock(MORNING), SchedulerConfig.defaults())
            .withTerminals();
    if (scheduleFile != null) {
      await(rig.schedules.importFile(scheduleFile, "operator"));
    }
    rig.startScheduler();
    return rig;
  }

  /**
   * Verifies that a broadcast is started exactly the pre-roll before its scheduled second, not a
   * millisecond earlier, with the scheduled second as its start, and that the firing is recorded.
   */
  @Test
  void firesOnTime_preRollBeforeScheduledSecond() throws Exception {
    // GIVEN a daily noon notice to the county, pre-roll 5 s
    rig(
        new ScheduleYaml()
            .daily(
                "noon", "prog-noon", "{areas: [\"" + COUNTY + "\"]}", "notice", "12:00:00", "PT10M")
            .text());

    // WHEN the clock reaches 1 ms before noon - 5 s
    rig.moveTo(NOON.minusSeconds(5).minusMillis(1));

    // THEN nothing has started (given the time a start would take to show)
    Thread.sleep(300);
    assertThat(rig.broadcasts.starts).isEmpty();
    assertThat(rig.records(NOON)).isEmpty();

    // WHEN it reaches noon - 5 s
    rig.moveTo(NOON.minusSeconds(5));

    // THEN the notice starts once, its sound at noon, for its 10-minute slot, to the county
    eventually(() -> rig.broadcasts.starts.size() == 1, "the notice starts");
    RecordingBroadcasts.Start start = rig.broadcasts.starts.get(0);
    BroadcastRequest request = start.request();
    assertThat(start.calledAt()).isEqualTo(NOON.minusSeconds(5));
    assertThat(start.actor()).isEqualTo(Scheduler.ACTOR);
    assertThat(request.startAt()).isEqualTo(NOON);
    assertThat(request.window()).isEqualTo(Duration.ofMinutes(10));
    assertThat(request.targets().areas()).containsExactly(COUNTY);
    assertThat(request.priority()).isEqualTo(Priority.NOTICE);
    assertThat(request.alertClass()).isEqualTo(AlertClass.DAILY);
    assertThat(request.alertLevel()).isZero();
    assertThat(request.origin()).isEqualTo("schedule:noon");

    // AND the record says FIRED with the broadcast's id, three terminals
    eventually(
        () -> rig.records(NOON).stream().anyMatch(f -> f.state() == FiringState.FIRED),
        "the firing is recorded");
    Firing firing = rig.records(NOON).get(0);
    assertThat(firing.key()).isEqualTo(new OccurrenceKey("noon", NOON));
    assertThat(firing.broadcastId()).isEqualTo(1001L);
    assertThat(firing.startAt()).isEqualTo(NOON);
    assertThat(firing.terminals()).isEqualTo(3);
    assertThat(firing.reason()).isEqualTo("scheduled");

    // AND moving on a second does not start it again
    rig.moveTo(NOON.plusSeconds(1));
    Thread.sleep(200);
    assertThat(rig.broadcasts.starts).hasSize(1);
  }

  /** Verifies that an occurrence on an excluded calendar day is recorded SKIPPED with the day. */
  @Test
  void excludedDay_recordedSkippedNotStarted() throws Exception {
    // GIVEN the noon notice, excluding today as a village holiday
    rig(
        new ScheduleYaml()
            .calendar("village-days", "{date: 2026-12-04, name: temple fair}")
            .daily(
                "noon", "prog-noon", "{areas: [\"" + COUNTY + "\"]}", "notice", "12:00:00", "PT10M")
            .text()
            .replace(
                "    duration: PT10M\n",
                "    duration: PT10M\n    calendars: {exclude: [village-days]}\n"));

    // WHEN noon passes
    rig.moveTo(NOON);

    // THEN nothing started, and the record says why
    eventually(() -> !rig.records(NOON).isEmpty(), "the skip is recorded");
    Firing firing = rig.records(NOON).get(0);
    assertThat(firing.state()).isEqualTo(FiringState.SKIPPED);
    assertThat(firing.reason()).contains("village-days").contains("temple fair");
    assertThat(rig.broadcasts.starts).isEmpty();
  }

  /**
   * Verifies that a skip due at its start does not hold back a firing due earlier (a pre-roll
   * before its own, later start).
   */
  @Test
  void skipAheadOfFiring_firingNotDelayed() throws Exception {
    // GIVEN an occurrence excluded today at 12:00:00 and a notice at 12:00:03
    rig(
        new ScheduleYaml()
            .calendar("off", "2026-12-04")
            .daily(
                "excluded",
                "prog-noon",
                "{areas: [\"" + COUNTY + "\"]}",
                "notice",
                "12:00:00",
                "PT1S")
            .daily(
                "notice",
                "prog-noon",
                "{terminals: [\"" + RC_A1 + "\"]}",
                "notice",
                "12:00:03",
                "PT1M")
            .text()
            .replaceFirst(
                "    duration: PT1S\n", "    duration: PT1S\n    calendars: {exclude: [off]}\n"));

    // WHEN the clock reaches 12:00:03 - 5 s, before the skip is due
    rig.moveTo(NOON.minusSeconds(2));

    // THEN the notice starts now, and the skip is not recorded yet
    eventually(() -> rig.broadcasts.starts.size() == 1, "the notice starts on time");
    assertThat(rig.broadcasts.starts.get(0).request().origin()).isEqualTo("schedule:notice");
    rig.moveTo(NOON);
    eventually(
        () -> rig.records(NOON).stream().anyMatch(f -> f.state() == FiringState.SKIPPED),
        "the skip is recorded at its time");
  }

  /**
   * Verifies the alert class of each priority: a drill is ACTUAL_DRILL and marked in its title,
   * never EMERGENCY or DAILY; a real scheduled alert is EMERGENCY level 4; a relay is DAILY.
   */
  @Test
  void priorities_mapToAlertClasses() throws Exception {
    // GIVEN a drill, a real alert and a relay at noon, on different villages' terminals
    rig(
        new ScheduleYaml()
            .daily(
                "drill",
                "prog-drill",
                "{terminals: [\"" + RC_A1 + "\"]}",
                "emergency-drill",
                "12:00:00",
                "PT5M")
            .daily(
                "alert",
                "prog-alert",
                "{terminals: [\"" + RC_B1 + "\"]}",
                "emergency-real",
                "12:00:00",
                "PT5M")
            .daily(
                "relay",
                "prog-music",
                "{terminals: [\"" + RC_A2 + "\"]}",
                "live-relay",
                "12:00:00",
                "PT5M")
            .text());

    // WHEN they are due
    rig.moveTo(NOON.minusSeconds(5));

    // THEN each has its class and level
    eventually(() -> rig.broadcasts.starts.size() == 3, "three starts");
    for (RecordingBroadcasts.Start start : rig.broadcasts.starts) {
      BroadcastRequest r = start.request();
      switch (r.origin()) {
        case "schedule:drill":
          assertThat(r.alertClass()).isEqualTo(AlertClass.ACTUAL_DRILL);
          assertThat(r.alertLevel()).isEqualTo(4);
          assertThat(r.title()).startsWith(ScheduledBroadcast.DRILL_MARK);
          assertThat(r.priority()).isEqualTo(Priority.EMERGENCY_DRILL);
          break;
        case "schedule:alert":
          assertThat(r.alertClass()).isEqualTo(AlertClass.EMERGENCY);
          assertThat(r.alertLevel()).isEqualTo(4);
          assertThat(r.title()).doesNotContain("DRILL");
          break;
        default:
          assertThat(r.alertClass()).isEqualTo(AlertClass.DAILY);
          assertThat(r.alertLevel()).isZero();
      }
    }
    // AND no priority other than the drill's maps to a drill class, none but the real one to
    // EMERGENCY
    for (Priority p : Priority.values()) {
      assertThat(ScheduledBroadcast.alertClass(p) == AlertClass.EMERGENCY)
          .isEqualTo(p == Priority.EMERGENCY_REAL);
      assertThat(ScheduledBroadcast.alertClass(p) == AlertClass.ACTUAL_DRILL)
          .isEqualTo(p == Priority.EMERGENCY_DRILL);
    }
  }

  /** Verifies that a programme missing from the library is recorded FAILED and nothing starts. */
  @Test
  void unknownProgramme_recordedFailed() throws Exception {
    rig(
        new ScheduleYaml()
            .daily(
                "noon", "prog-gone", "{areas: [\"" + COUNTY + "\"]}", "notice", "12:00:00", "PT10M")
            .text());

    rig.moveTo(NOON.minusSeconds(5));

    eventually(() -> !rig.records(NOON).isEmpty(), "the failure is recorded");
    Firing firing = rig.records(NOON).get(0);
    assertThat(firing.state()).isEqualTo(FiringState.FAILED);
    assertThat(firing.reason()).contains("programme 'prog-gone' is not in the programme library");
    assertThat(rig.broadcasts.starts).isEmpty();
  }

  /** Verifies that a start the broadcast service refuses is recorded FAILED with its reason. */
  @Test
  void refusedByBroadcastService_recordedFailed() throws Exception {
    rig(
        new ScheduleYaml()
            .daily(
                "noon", "prog-noon", "{areas: [\"" + COUNTY + "\"]}", "notice", "12:00:00", "PT10M")
            .text());
    rig.broadcasts.mode = RecordingBroadcasts.Mode.REFUSE;
    rig.broadcasts.refusal = ClientError.badRequest("the speech engine refused the text");

    rig.moveTo(NOON.minusSeconds(5));

    eventually(
        () -> rig.records(NOON).stream().anyMatch(f -> f.state() == FiringState.FAILED),
        "the failure is recorded");
    Firing firing = rig.records(NOON).get(0);
    assertThat(firing.reason()).isEqualTo("not played: the speech engine refused the text");
    assertThat(firing.broadcastId()).isNull();
  }

  /**
   * Verifies that quiet hours in one village keep the notice from its terminals (sent to the others
   * one by one) and that the record names them.
   */
  @Test
  void quietHoursInOneVillage_sentToTheOthersOnly() throws Exception {
    // GIVEN quiet hours in village A over noon, and the noon notice to the county
    rig(
        new ScheduleYaml()
            .quietHours(VILLAGE_A, "11:30", "13:00")
            .daily(
                "noon", "prog-noon", "{areas: [\"" + COUNTY + "\"]}", "notice", "12:00:00", "PT10M")
            .text());

    rig.moveTo(NOON.minusSeconds(5));

    // THEN it goes to village B's terminal alone
    eventually(() -> rig.broadcasts.starts.size() == 1, "the notice starts");
    BroadcastRequest request = rig.broadcasts.starts.get(0).request();
    assertThat(request.targets().areas()).isEmpty();
    assertThat(request.targets().terminals()).containsExactly(RC_B1);
    eventually(
        () -> rig.records(NOON).stream().anyMatch(f -> f.state() == FiringState.FIRED),
        "the firing is recorded");
    Firing firing = rig.records(NOON).get(0);
    assertThat(firing.terminals()).isEqualTo(1);
    assertThat(firing.reason()).contains("not on 2 terminal(s)").contains("quiet hours");
  }

  /** Verifies that a schedule saved while the scheduler runs is planned and fired. */
  @Test
  void scheduleSaved_plannedAgainAndFired() throws Exception {
    // GIVEN a scheduler with no schedules
    rig(null);
    assertThat(await(rig.hub.call(() -> rig.scheduler.planned()))).isEmpty();

    // WHEN a noon schedule is saved through the service
    JsonObject body =
        new JsonObject(
            "{\"programme\":{\"id\":\"prog-noon\"},\"targets\":{\"terminals\":[\""
                + RC_A1
                + "\"]},\"priority\":\"notice\",\"start\":\"2026-12-04T12:00:00\","
                + "\"duration\":\"PT1M\"}");
    await(rig.schedules.put("once", body, "operator"));

    // THEN it is planned, and fires
    eventually(
        () -> {
          try {
            List<PlannedOccurrence> planned = await(rig.hub.call(() -> rig.scheduler.planned()));
            return planned.size() == 1
                && planned.get(0).key().equals(new OccurrenceKey("once", NOON));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        },
        "the new schedule is planned");
    rig.moveTo(NOON.minusSeconds(5));
    eventually(() -> rig.broadcasts.starts.size() == 1, "it starts");
    assertThat(rig.broadcasts.starts.get(0).request().targets().terminals()).containsExactly(RC_A1);
  }

  /** Verifies that a terminal accepted while the scheduler runs is in the next plan's targets. */
  @Test
  void terminalAccepted_plannedAgain() throws Exception {
    // GIVEN a schedule for a terminal not registered yet
    String rc = "1" + VILLAGE_A + "0301010109";
    rig(
        new ScheduleYaml()
            .daily(
                "noon", "prog-noon", "{terminals: [\"" + rc + "\"]}", "notice", "12:00:00", "PT10M")
            .text());
    List<PlannedOccurrence> before = await(rig.hub.call(() -> rig.scheduler.planned()));
    assertThat(before).singleElement().satisfies(p -> assertThat(p.plays()).isFalse());

    // WHEN it is registered and accepted, and the scheduler hears of it
    await(
        rig.registry.register(
            org.villagecast.controller.registry.Terminal.firstSeen(rc, MORNING), "t"));
    await(rig.registry.accept(rc, "t"));
    await(
        rig.hub.call(
            () -> {
              rig.scheduler.registryChanged();
              return null;
            }));

    // THEN the plan plays it on that terminal
    eventually(
        () -> {
          try {
            List<PlannedOccurrence> planned = await(rig.hub.call(() -> rig.scheduler.planned()));
            return planned.size() == 1 && planned.get(0).plays();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        },
        "the accepted terminal is planned");
  }
}
