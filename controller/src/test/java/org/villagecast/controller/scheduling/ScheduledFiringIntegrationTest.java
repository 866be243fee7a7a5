package org.villagecast.controller.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.villagecast.controller.app.TestHub.await;
import static org.villagecast.controller.app.TestHub.get;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.app.TestHub;
import org.villagecast.controller.app.TestHub.BrokerKind;
import org.villagecast.controller.broadcast.ProgrammeItem;
import org.villagecast.controller.broadcast.ProgrammeSpec;
import org.villagecast.controller.broadcast.StoredProgramme;
import org.villagecast.fieldtools.sim.DemoCounty;
import org.villagecast.fieldtools.sim.MqttTerminalFleet;
import org.villagecast.fieldtools.sim.PlayoutLog;
import org.villagecast.fieldtools.sim.ReferenceTerminal;
import org.villagecast.fieldtools.sim.SimulatedClock;
import org.villagecast.fieldtools.sim.TerminalSpec;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.security.CommandGuard;

/**
 * Schedules firing on the hub as it runs, against reference terminals with wrong, drifting clocks:
 * the start error is the true time at which each terminal sounded the programme's first sample
 * minus the scheduled second, from the terminals' play-out logs. The hub is restarted between
 * occurrences: each occurrence must then have one firing record, and no terminal may play one
 * twice.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ScheduledFiringIntegrationTest {
  private static final String VILLAGE = "320583101303";
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int OCCURRENCES = 8;
  private static final int APART_SECONDS = 8;

  @TempDir Path dir;

  /**
   * Verifies that scheduled broadcasts start on their second on every terminal (start error
   * printed; the goal, p99 under 50 ms, is a figure of docs/performance.md), and that a hub restart
   * in the middle neither repeats nor silently drops a firing.
   */
  @Test
  void schedules_startOnTheSecond_restartNeitherRepeatsNorDrops() throws Exception {
    try (TestHub hub = TestHub.start(BrokerKind.MOSQUITTO, dir, Map.of())) {
      // GIVEN 10 terminals with clocks off by up to ±5 s, drifting up to ±100 ppm, synced
      List<TerminalSpec> specs =
          TestHub.wrongClocks(
              DemoCounty.terminals(VILLAGE, 10, DemoCounty.Mix.healthy()), 20261130L, 10_000);
      List<String> codes = specs.stream().map(TerminalSpec::resourceCode).toList();
      MqttTerminalFleet fleet = hub.terminals(specs);
      hub.acceptAll(fleet, codes);
      for (String code : codes) {
        await(
            "three time sync rounds on " + code,
            WAIT,
            () -> get(fleet.inspect(code, ReferenceTerminal::timeSyncRounds)) >= 3);
      }
      // AND a programme of 3 s, and a schedule of 8 one-off starts 8 s apart
      get(
          hub.app()
              .programmes()
              .save(
                  new StoredProgramme(
                      "prog-test",
                      "test",
                      new ProgrammeSpec(
                          List.of(),
                          List.of(new ProgrammeItem.Silence(Duration.ofSeconds(3))),
                          false,
                          null),
                      "test",
                      Instant.now())));
      Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(12);
      StringBuilder rdates = new StringBuilder("    rdate: [");
      for (int i = 1; i < OCCURRENCES; i++) {
        rdates
            .append(i > 1 ? ", " : "")
            .append(LOCAL.format(first.plusSeconds((long) i * APART_SECONDS).atZone(SHANGHAI)));
      }
      rdates.append("]\n");
      String yaml =
          new ScheduleYaml()
              .schedule(
                  "firing-test",
                  "prog-test",
                  "{areas: [\"" + VILLAGE + "\"]}",
                  "notice",
                  LOCAL.format(first.atZone(SHANGHAI)),
                  "PT5S",
                  "",
                  rdates.toString())
              .text();
      get(hub.app().schedules().importFile(yaml, "test"));

      // WHEN the first three have fired, the hub is restarted
      await("three firings", WAIT, () -> fired(hub, first).size() >= 3);
      hub.restartHub();
      Instant last = first.plusSeconds((long) (OCCURRENCES - 1) * APART_SECONDS);
      await(
          "a record for every occurrence",
          WAIT,
          () ->
              records(hub, first).size() == OCCURRENCES
                  && records(hub, first).stream().allMatch(f -> f.state().isFinal()));
      Thread.sleep(Duration.between(Instant.now(), last.plusSeconds(8)).toMillis());

      // THEN each occurrence has one record; none was dropped without one
      List<Firing> records = records(hub, first);
      assertThat(records).hasSize(OCCURRENCES);
      assertThat(records.stream().map(Firing::occurrence).distinct()).hasSize(OCCURRENCES);
      System.out.println("firing records:");
      records.forEach(
          f -> System.out.println("  " + f.occurrence() + " " + f.state() + " " + f.reason()));
      // A restart while a broadcast's audio was going out cuts it off: FAILED, saying so
      assertThat(records)
          .allSatisfy(
              f -> {
                assertThat(f.state())
                    .isIn(FiringState.FIRED, FiringState.MISSED, FiringState.FAILED);
                if (f.state() == FiringState.FAILED) {
                  assertThat(f.reason()).contains("cut off");
                }
              });

      // AND no terminal played any occurrence twice, and each played every FIRED one once
      List<Firing> firedRecords =
          records.stream().filter(f -> f.state() == FiringState.FIRED).toList();
      // Started late by the restart policy (the hub was down at their second): played, not timed.
      List<Firing> onTime =
          firedRecords.stream().filter(f -> f.startAt().equals(f.occurrence())).toList();
      List<Double> errorsMillis = new ArrayList<>();
      for (String code : codes) {
        List<Message.PlayLogEntry> tasks = get(fleet.inspect(code, t -> t.playoutLog().tasks()));
        Map<Long, Integer> perBroadcast = new HashMap<>();
        tasks.forEach(t -> perBroadcast.merge(t.broadcastId(), 1, Integer::sum));
        assertThat(perBroadcast.values())
            .as("tasks per broadcast on %s", code)
            .allMatch(n -> n == 1);
        SimulatedClock clock = get(fleet.inspect(code, ReferenceTerminal::clock));
        for (Firing f : firedRecords) {
          assertThat(perBroadcast)
              .as("%s played %s", code, f.occurrence())
              .containsKey(f.broadcastId());
        }
        for (Firing f : onTime) {
          List<PlayoutLog.PlayedFrame> played =
              get(fleet.inspect(code, t -> t.playoutLog().frames(f.broadcastId())));
          PlayoutLog.PlayedFrame firstFrame = played.get(0);
          long startAt = CommandGuard.micros(f.startAt());
          // Sample 0 of the programme sits (startAt - presentation) into the first frame.
          long heard =
              clock.baseMicrosAt(firstFrame.playedAt()) + (startAt - firstFrame.presentationTime());
          errorsMillis.add((heard - CommandGuard.micros(f.occurrence())) / 1000.0);
        }
      }
      FiringJitter jitter = new FiringJitter(errorsMillis);
      System.out.println(
          "start error (sound on the terminal - scheduled second), "
              + onTime.size()
              + " firings on time × "
              + codes.size()
              + " terminals: "
              + jitter.describe());
      // Functional bound (the goal, p99 < 50 ms, is measured for docs/performance.md): a start
      // on the wrong second, or by an unsynced clock, would be off by seconds.
      assertThat(onTime.size()).isGreaterThanOrEqualTo(OCCURRENCES - 3);
      assertThat(Math.abs(jitter.percentile(0.5))).as(jitter.toString()).isLessThan(200);
    }
  }

  private static List<Firing> records(TestHub hub, Instant from) {
    return get(
        hub.app()
            .schedules()
            .firings(from.minusSeconds(1), from.plusSeconds(3600), "firing-test", null, 100));
  }

  private static List<Firing> fired(TestHub hub, Instant from) {
    return records(hub, from).stream().filter(f -> f.state() == FiringState.FIRED).toList();
  }
}
