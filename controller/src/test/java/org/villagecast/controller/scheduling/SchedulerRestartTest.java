package org.villagecast.controller.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.villagecast.controller.scheduling.SchedulingRig.COUNTY;
import static org.villagecast.controller.scheduling.SchedulingRig.await;
import static org.villagecast.controller.scheduling.SchedulingRig.eventually;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.protocol.testing.MutableClock;

/**
 * Restarts and second hubs: two scheduler instances over one database, never firing an occurrence
 * twice and never dropping one without a record.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SchedulerRestartTest {
  private static final Instant MORNING = SchedulerTest.MORNING;
  private static final Instant NOON = SchedulerTest.NOON;
  private static final String COUNTY_TARGETS = "{areas: [\"" + COUNTY + "\"]}";

  @TempDir Path dir;

  /**
   * Verifies the restart policy over a day: what fired before the restart does not fire again; what
   * was due while the hub was down is started late (under the grace period) or recorded MISSED with
   * the outage; what comes after fires on time.
   */
  @Test
  void restartMidDay_neitherRepeatsNorDrops() throws Exception {
    // GIVEN four schedules today (Shanghai): 12:00, 12:30, 12:59:30 and 14:00
    String file =
        new ScheduleYaml()
            .daily("noon", "prog-noon", COUNTY_TARGETS, "notice", "12:00:00", "PT10M")
            .daily("half-past", "prog-noon", COUNTY_TARGETS, "notice", "12:30:00", "PT10M")
            .daily("almost-one", "prog-noon", COUNTY_TARGETS, "notice", "12:59:30", "PT10M")
            .daily("two", "prog-music", COUNTY_TARGETS, "background", "14:00:00", "PT30M")
            .text();
    MutableClock clock = new MutableClock(MORNING);
    Path db = dir.resolve("hub");

    // AND a hub that fires the noon notice, notes at 12:20 that it runs, and stops
    List<RecordingBroadcasts.Start> firstRun;
    try (SchedulingRig first = SchedulingRig.open(db, clock, SchedulerConfig.defaults())) {
      first.withTerminals();
      await(first.schedules.importFile(file, "operator"));
      first.startScheduler();
      first.moveTo(NOON.minusSeconds(5));
      eventually(
          () -> first.records(NOON).stream().anyMatch(f -> f.state() == FiringState.FIRED),
          "noon fired");
      clock.set(NOON.plus(Duration.ofMinutes(20)));
      await(
          first.hub.call(
              () -> {
                first.scheduler.markAlive();
                return null;
              }));
      firstRun = List.copyOf(first.broadcasts.starts);
    }
    assertThat(firstRun).hasSize(1);

    // WHEN the hub starts again at 13:00 (down since 12:20: 12:30 is 30 min late, 12:59:30 30 s)
    Instant restart = NOON.plus(Duration.ofHours(1));
    clock.set(restart);
    try (SchedulingRig second = SchedulingRig.open(db, clock, SchedulerConfig.defaults())) {
      second.startScheduler();

      // THEN 12:59:30 starts at once, 12:30 is recorded MISSED, noon is not started again
      eventually(() -> second.records(NOON).size() == 3, "three records");
      eventually(
          () -> second.records(NOON).stream().noneMatch(f -> f.state() == FiringState.CLAIMED),
          "the late start is settled");
      Map<String, Firing> records =
          second.records(NOON).stream().collect(Collectors.toMap(Firing::scheduleId, f -> f));
      assertThat(records.get("noon").state()).isEqualTo(FiringState.FIRED);
      assertThat(records.get("half-past").state()).isEqualTo(FiringState.MISSED);
      assertThat(records.get("half-past").reason())
          .contains("the hub was down from " + NOON.plus(Duration.ofMinutes(20)) + " to " + restart)
          .contains("grace period");
      Firing late = records.get("almost-one");
      assertThat(late.state()).isEqualTo(FiringState.FIRED);
      assertThat(late.reason()).startsWith("started 30 s late: the hub was down from");
      assertThat(second.broadcasts.starts).hasSize(1);
      RecordingBroadcasts.Start start = second.broadcasts.starts.get(0);
      assertThat(start.request().origin()).isEqualTo("schedule:almost-one");
      // Its sound starts a pre-roll from now; its window ends with its slot (cut).
      assertThat(start.request().startAt()).isEqualTo(restart.plusSeconds(5));
      assertThat(start.request().startAt().plus(start.request().window()))
          .isEqualTo(
              NOON.plus(Duration.ofMinutes(59)).plusSeconds(30).plus(Duration.ofMinutes(10)));

      // AND 14:00 fires on time, once
      second.moveTo(NOON.plus(Duration.ofHours(2)).minusSeconds(5));
      eventually(() -> second.broadcasts.starts.size() == 2, "14:00 fires");
      assertThat(second.broadcasts.starts.get(1).request().origin()).isEqualTo("schedule:two");
      assertThat(second.broadcasts.starts.get(1).request().startAt())
          .isEqualTo(NOON.plus(Duration.ofHours(2)));
      Thread.sleep(200);
      assertThat(second.broadcasts.starts).hasSize(2);
    }
  }

  /**
   * Verifies that an occurrence claimed by a hub that stopped before the broadcast service answered
   * is recorded FAILED by the next start and is not started again.
   */
  @Test
  void stoppedWhileStarting_recordedFailedNotStartedAgain() throws Exception {
    String file =
        new ScheduleYaml()
            .daily("noon", "prog-noon", COUNTY_TARGETS, "notice", "12:00:00", "PT10M")
            .text();
    MutableClock clock = new MutableClock(MORNING);
    Path db = dir.resolve("hub");

    // GIVEN a hub whose broadcast service never answers, stopped right after the claim
    try (SchedulingRig first = SchedulingRig.open(db, clock, SchedulerConfig.defaults())) {
      first.withTerminals();
      await(first.schedules.importFile(file, "operator"));
      first.startScheduler();
      first.broadcasts.mode = RecordingBroadcasts.Mode.NEVER_ANSWER;
      first.moveTo(NOON.minusSeconds(5));
      eventually(() -> first.broadcasts.starts.size() == 1, "the start is asked for");
      assertThat(first.records(NOON))
          .extracting(Firing::state)
          .containsExactly(FiringState.CLAIMED);
    }

    // WHEN the hub starts again 2 s later, inside the grace period
    clock.set(NOON.minusSeconds(3));
    try (SchedulingRig second = SchedulingRig.open(db, clock, SchedulerConfig.defaults())) {
      second.startScheduler();
      second.moveTo(NOON.plusSeconds(10));

      // THEN the record says FAILED, why, and nothing was started again
      Firing firing = second.records(NOON).get(0);
      assertThat(firing.state()).isEqualTo(FiringState.FAILED);
      assertThat(firing.reason()).contains("the hub stopped while starting it");
      Thread.sleep(200);
      assertThat(second.broadcasts.starts).isEmpty();
    }
  }

  /** Verifies that two hubs running on one database fire a shared schedule once between them. */
  @Test
  void twoHubsOneDatabase_firesOnce() throws Exception {
    String file =
        new ScheduleYaml()
            .daily("noon", "prog-noon", COUNTY_TARGETS, "notice", "12:00:00", "PT10M")
            .daily("music", "prog-music", COUNTY_TARGETS, "background", "12:10:00", "PT10M")
            .text();
    MutableClock clock = new MutableClock(MORNING);
    Path db = dir.resolve("hub");
    try (SchedulingRig a =
        SchedulingRig.open(db, clock, SchedulerConfig.defaults().withHubName("a"))) {
      a.withTerminals();
      await(a.schedules.importFile(file, "operator"));
      try (SchedulingRig b =
          SchedulingRig.open(db, clock, SchedulerConfig.defaults().withHubName("b"))) {
        a.startScheduler();
        b.startScheduler();

        // WHEN both reach the due times at once
        for (Instant t :
            List.of(NOON.minusSeconds(5), NOON.plus(Duration.ofMinutes(10)).minusSeconds(5))) {
          clock.set(t);
          io.vertx.core.Future<Void> fa =
              a.hub.call(
                  () -> {
                    a.scheduler.runDue();
                    return null;
                  });
          io.vertx.core.Future<Void> fb =
              b.hub.call(
                  () -> {
                    b.scheduler.runDue();
                    return null;
                  });
          await(fa);
          await(fb);
        }

        // THEN each occurrence started exactly once over both hubs
        eventually(
            () -> a.broadcasts.starts.size() + b.broadcasts.starts.size() == 2, "two starts");
        Thread.sleep(300);
        List<String> origins =
            java.util.stream.Stream.concat(
                    a.broadcasts.starts.stream(), b.broadcasts.starts.stream())
                .map(s -> s.request().origin())
                .sorted()
                .toList();
        assertThat(origins).containsExactly("schedule:music", "schedule:noon");
        eventually(
            () -> a.records(NOON).stream().filter(f -> f.state() == FiringState.FIRED).count() == 2,
            "both recorded FIRED");
      }
    }
  }
}
