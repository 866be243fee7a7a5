package org.villagecast.controller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.villagecast.controller.app.TestHub.await;
import static org.villagecast.controller.app.TestHub.get;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.app.TestHub.BrokerKind;
import org.villagecast.controller.delivery.Command;
import org.villagecast.controller.delivery.CommandReport;
import org.villagecast.controller.delivery.CommandRequest;
import org.villagecast.controller.delivery.Delivery;
import org.villagecast.controller.delivery.DeliveryState;
import org.villagecast.controller.delivery.Targets;
import org.villagecast.controller.registry.Alarm;
import org.villagecast.controller.registry.AlarmKind;
import org.villagecast.controller.registry.Approval;
import org.villagecast.controller.registry.Scope;
import org.villagecast.controller.registry.TerminalView;
import org.villagecast.fieldtools.sim.DemoCounty;
import org.villagecast.fieldtools.sim.MqttTerminalFleet;
import org.villagecast.fieldtools.sim.TerminalProfile;
import org.villagecast.fieldtools.sim.TerminalSpec;
import org.villagecast.protocol.codec.AlertClass;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.MessageType;
import org.villagecast.protocol.codec.SourceKind;
import org.villagecast.protocol.link.mqtt.MqttLink;
import org.villagecast.protocol.link.mqtt.MqttLinkConfig;

/**
 * The hub spine end to end: the hub as it runs, a real broker (a mosquitto process the test owns,
 * or the hub's embedded HiveMQ), and reference terminals speaking the protocol. Each scenario runs
 * on both brokers, except killing the broker, which only a separate process allows.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class HubSpineIntegrationTest {
  private static final String V1 = "320583101201";
  private static final String V2 = "320583101202";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private static List<TerminalSpec> village(String area, int count) {
    return DemoCounty.terminals(area, count, DemoCounty.Mix.healthy());
  }

  private static List<String> codes(List<TerminalSpec> specs) {
    return specs.stream().map(TerminalSpec::resourceCode).toList();
  }

  /** Accepts the terminals and waits until each has acknowledged its CONFIG and is online. */
  private static void acceptAll(TestHub hub, List<String> codes) {
    for (String code : codes) {
      await("terminal " + code + " is known", WAIT, () -> known(hub, code));
      get(hub.app().registry().accept(code, "test"));
    }
    await("every CONFIG acknowledged", WAIT, () -> openCommands(hub) == 0);
    for (String code : codes) {
      await("terminal " + code + " online", WAIT, () -> hub.view(code).status().online());
    }
  }

  private static boolean known(TestHub hub, String code) {
    try {
      hub.app().registry().terminal(code).toCompletionStage().toCompletableFuture().get();
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static int openCommands(TestHub hub) {
    return get(hub.app().commands().recent(1000)).stream().filter(c -> !c.closed()).toList().size();
  }

  private static Command send(TestHub hub, Message message, Targets targets) {
    return get(
        hub.app().commands().send(new CommandRequest(message, targets, null, "{}"), "operator"));
  }

  private static CommandReport awaitClosed(TestHub hub, long commandId) {
    await(
        "command " + commandId + " final on every target",
        WAIT,
        () -> get(hub.app().commands().report(commandId)).command().closed());
    return get(hub.app().commands().report(commandId));
  }

  private static int volume(MqttTerminalFleet fleet, String code) {
    Integer volume = get(fleet.inspect(code, t -> t.volume()));
    return volume;
  }

  private static int heartbeatPeriod(MqttTerminalFleet fleet, String code) {
    Integer period = get(fleet.inspect(code, t -> t.settings().heartbeatPeriod()));
    return period;
  }

  private static Message.Play play(String text) {
    return new Message.Play(0, 50, 0, AlertClass.DAILY, SourceKind.TEXT, 0, 0, 0, 255, 1, text);
  }

  /** An MQTT client that records what the hub publishes on command topics. */
  private static final class Observer implements AutoCloseable {
    record Seen(String topic, byte[] payload, Instant at) {}

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final MqttLink link;

    Observer(String url, String... filters) throws Exception {
      link =
          MqttLink.connect(MqttLinkConfig.builder(url, "observer-" + System.nanoTime()).build())
              .get(15, TimeUnit.SECONDS);
      link.onMessage((topic, payload, dup) -> seen.add(new Seen(topic, payload, Instant.now())));
      for (String filter : filters) {
        link.subscribe(filter, 1).get(10, TimeUnit.SECONDS);
      }
    }

    List<Seen> on(String topic) {
      return seen.stream().filter(s -> s.topic().equals(topic)).toList();
    }

    @Override
    public void close() {
      link.close();
    }
  }

  /**
   * Verifies that a terminal heard for the first time is registered as pending, gets no command,
   * and after acceptance receives its CONFIG (heartbeat period and groups) and commands.
   */
  @ParameterizedTest
  @EnumSource(BrokerKind.class)
  void registration_pendingUntilAccepted(BrokerKind kind) {
    try (TestHub hub = TestHub.start(kind, dir, Map.of())) {
      // GIVEN four new terminals in one village
      List<TerminalSpec> specs = village(V1, 4);
      List<String> codes = codes(specs);
      MqttTerminalFleet fleet = hub.terminals(specs);
      // WHEN they connect, THEN the hub lists them as pending and online
      for (String code : codes) {
        await(
            "terminal " + code + " registered and online",
            WAIT,
            () -> known(hub, code) && hub.view(code).status().online());
        assertThat(hub.view(code).terminal().approval()).isEqualTo(Approval.PENDING);
      }
      // AND refuses commands to them
      assertThatThrownBy(
              () -> send(hub, new Message.SetVolume(20), Targets.ofTerminals(codes.get(0))))
          .hasRootCauseInstanceOf(ClientError.class)
          .hasMessageContaining("pending");
      assertThatThrownBy(() -> send(hub, new Message.SetVolume(20), Targets.ofAreas(V1)))
          .hasMessageContaining("no accepted terminal");

      // WHEN two are accepted
      acceptAll(hub, codes.subList(0, 2));
      // THEN they run with the hub's heartbeat period
      for (String code : codes.subList(0, 2)) {
        assertThat(heartbeatPeriod(fleet, code)).isEqualTo(2);
        assertThat(hub.view(code).terminal().approval()).isEqualTo(Approval.ACCEPTED);
      }
      // AND a command to the village reaches the accepted ones only
      Command command = send(hub, new Message.SetVolume(23), Targets.ofAreas(V1));
      CommandReport report = awaitClosed(hub, command.id());
      assertThat(report.deliveries())
          .extracting(Delivery::resourceCode)
          .containsExactlyInAnyOrderElementsOf(codes.subList(0, 2));
      assertThat(report.counts().get(DeliveryState.FINISHED)).isEqualTo(2);
      for (int i = 0; i < codes.size(); i++) {
        int volume = volume(fleet, codes.get(i));
        if (i < 2) {
          assertThat(volume).as("accepted %s", codes.get(i)).isEqualTo(23);
        } else {
          assertThat(volume).as("pending %s", codes.get(i)).isNotEqualTo(23);
        }
      }
    }
  }

  /**
   * Verifies that a terminal whose heartbeats stop (it stays connected, so no last will) is flagged
   * offline within 1.5 heartbeat periods of its last frame, with an OFFLINE alarm that clears when
   * it is heard again.
   */
  @ParameterizedTest
  @EnumSource(BrokerKind.class)
  void heartbeatLoss_offlineWithinOneAndAHalfPeriods(BrokerKind kind) {
    try (TestHub hub = TestHub.start(kind, dir, Map.of())) {
      List<TerminalSpec> specs = village(V1, 2);
      String code = specs.get(0).resourceCode();
      MqttTerminalFleet fleet = hub.terminals(specs);
      acceptAll(hub, codes(specs));
      // Wait for a heartbeat at the configured 2 s period.
      Instant before = hub.view(code).status().lastSeen();
      await("a heartbeat", WAIT, () -> hub.view(code).status().lastSeen().isAfter(before));

      // WHEN it falls silent
      get(fleet.update(code, t -> t.setFaults(t.faults().dead(true))));
      Instant lastHeard = hub.view(code).status().lastSeen();
      await("offline", Duration.ofSeconds(10), () -> !hub.view(code).status().online());

      // THEN offline was flagged within 1.5 periods (3 s) of the last frame, and not before one
      TerminalView offline = hub.view(code);
      Duration silent = Duration.between(offline.status().lastSeen(), offline.status().changedAt());
      assertThat(silent)
          .isLessThanOrEqualTo(Duration.ofMillis(3000))
          .isGreaterThan(Duration.ofSeconds(2));
      assertThat(offline.status().lastSeen()).isAfterOrEqualTo(lastHeard);
      assertThat(offline.openAlarms()).containsExactly(AlarmKind.OFFLINE);
      Alarm alarm = openAlarm(hub, code, AlarmKind.OFFLINE);
      assertThat(alarm.detail()).startsWith("no heartbeat for");
      // AND the other terminal stays online
      assertThat(hub.view(specs.get(1).resourceCode()).status().online()).isTrue();

      // WHEN it speaks again, THEN it is online and the alarm is cleared
      get(fleet.update(code, t -> t.setFaults(t.faults().dead(false))));
      await("online again", WAIT, () -> hub.view(code).status().online());
      await("alarm cleared", WAIT, () -> hub.view(code).openAlarms().isEmpty());
    }
  }

  private static Alarm openAlarm(TestHub hub, String code, AlarmKind kind) {
    return get(hub.app().registry().alarms(Scope.all(), true, 100)).stream()
        .filter(a -> a.resourceCode().equals(code) && a.kind() == kind)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no open " + kind + " alarm on " + code));
  }

  /**
   * Verifies that a terminal's last will ("offline", published by the broker when the connection
   * dies) flags it offline at once: within 250 ms of the will reaching another subscriber, long
   * before its heartbeat period would.
   */
  @ParameterizedTest
  @EnumSource(BrokerKind.class)
  void lastWill_offlineAtOnce(BrokerKind kind) throws Exception {
    try (TestHub hub = TestHub.start(kind, dir, Map.of("VILLAGECAST_TERMINAL_HEARTBEAT", "60s"))) {
      // GIVEN terminals with a 2 s MQTT keep-alive (the broker sends the will after ~3 s of
      // silence)
      List<TerminalSpec> specs = village(V1, 2);
      String code = specs.get(0).resourceCode();
      MqttTerminalFleet fleet = hub.terminals(specs, Duration.ofSeconds(2));
      acceptAll(hub, codes(specs));
      try (Observer observer = new Observer(hub.brokerUrl(), "vc/v1/t/" + code + "/state")) {
        await("retained online seen", WAIT, () -> !observer.seen.isEmpty());
        // WHEN its power is cut
        get(fleet.kill(code));
        await(
            "will published",
            WAIT,
            () ->
                observer.seen.stream()
                    .anyMatch(
                        s -> new String(s.payload(), StandardCharsets.US_ASCII).equals("offline")));
        Instant willSeen =
            observer.seen.stream()
                .filter(s -> new String(s.payload(), StandardCharsets.US_ASCII).equals("offline"))
                .findFirst()
                .orElseThrow()
                .at();
        await("offline", Duration.ofSeconds(5), () -> !hub.view(code).status().online());
        // THEN the hub flagged it within 250 ms of the will, and the alarm says why
        Instant flagged = hub.view(code).status().changedAt();
        assertThat(Duration.between(willSeen, flagged).abs()).isLessThan(Duration.ofMillis(250));
        assertThat(openAlarm(hub, code, AlarmKind.OFFLINE).detail()).contains("last will");
      }
    }
  }

  /**
   * Verifies that a command to an area is one publish on that area's topic and reaches exactly the
   * area's terminals, each with its own FINISHED delivery, and none outside it.
   */
  @ParameterizedTest
  @EnumSource(BrokerKind.class)
  void areaCommand_reachesExactlyThatArea(BrokerKind kind) throws Exception {
    try (TestHub hub = TestHub.start(kind, dir, Map.of())) {
      List<TerminalSpec> inside = village(V1, 3);
      List<TerminalSpec> outside = village(V2, 3);
      List<TerminalSpec> all = new ArrayList<>(inside);
      all.addAll(outside);
      MqttTerminalFleet fleet = hub.terminals(all);
      acceptAll(hub, codes(all));
      try (Observer observer = new Observer(hub.brokerUrl(), "vc/v1/+/+/cmd", "vc/v1/all/cmd")) {
        // WHEN
        Command command = send(hub, new Message.SetVolume(37), Targets.ofAreas(V1));
        CommandReport report = awaitClosed(hub, command.id());
        // THEN one publish, on the village's topic
        await("publish observed", WAIT, () -> !observer.seen.isEmpty());
        Thread.sleep(300);
        assertThat(observer.seen)
            .extracting(Observer.Seen::topic)
            .containsExactly("vc/v1/a/" + V1 + "/cmd");
        // AND exactly the village's terminals, each FINISHED
        assertThat(report.deliveries())
            .extracting(Delivery::resourceCode)
            .containsExactlyInAnyOrderElementsOf(codes(inside));
        assertThat(report.deliveries())
            .allMatch(
                d ->
                    d.state() == DeliveryState.FINISHED
                        && d.attempts() == 1
                        && d.acknowledgedAt() != null);
        for (String code : codes(inside)) {
          assertThat(volume(fleet, code)).isEqualTo(37);
        }
        for (String code : codes(outside)) {
          assertThat(volume(fleet, code)).isNotEqualTo(37);
        }
      }
    }
  }

  /**
   * Verifies that a terminal that misses a command is retried until it answers: while the frame is
   * young (≤ 20 s) by repeating the same signed frame on the silent terminal's own topic, so the
   * terminals that already executed it do not get it again.
   */
  @ParameterizedTest
  @EnumSource(BrokerKind.class)
  void silentTerminal_isRetried(BrokerKind kind) throws Exception {
    try (TestHub hub = TestHub.start(kind, dir, Map.of())) {
      // Three terminals in the village commanded, one in the next village (so the plan is one
      // publish on the village's topic, not on everybody's).
      List<TerminalSpec> specs = village(V1, 3);
      String silent = specs.get(1).resourceCode();
      List<TerminalSpec> all = new ArrayList<>(specs);
      all.addAll(village(V2, 1));
      MqttTerminalFleet fleet = hub.terminals(all);
      acceptAll(hub, codes(all));
      try (Observer observer = new Observer(hub.brokerUrl(), "vc/v1/+/+/cmd", "vc/v1/all/cmd")) {
        // GIVEN one terminal deaf for a moment
        get(fleet.update(silent, t -> t.setFaults(t.faults().dead(true))));
        long duplicatesBefore = hub.app().commands().duplicates();
        // WHEN a command goes to the village
        Command command = send(hub, new Message.SetVolume(41), Targets.ofAreas(V1));
        Thread.sleep(1500);
        assertThat(get(hub.app().commands().report(command.id())).deliveries())
            .filteredOn(d -> d.resourceCode().equals(silent))
            .extracting(Delivery::state)
            .containsExactly(DeliveryState.SENT);
        get(fleet.update(silent, t -> t.setFaults(t.faults().dead(false))));
        // THEN it is retried and finishes
        CommandReport report = awaitClosed(hub, command.id());
        Delivery retried =
            report.deliveries().stream()
                .filter(d -> d.resourceCode().equals(silent))
                .findFirst()
                .orElseThrow();
        assertThat(retried.state()).isEqualTo(DeliveryState.FINISHED);
        assertThat(retried.attempts()).isGreaterThanOrEqualTo(2);
        assertThat(volume(fleet, silent)).isEqualTo(41);
        // AND the village's topic carried the frame once, the retries were the same frame again
        // on the silent terminal's own topic, and nothing went anywhere else
        List<Observer.Seen> publishes = observer.on("vc/v1/a/" + V1 + "/cmd");
        assertThat(publishes).hasSize(1);
        String ownTopic = "vc/v1/t/" + silent + "/cmd";
        List<Observer.Seen> repeats =
            observer.on(ownTopic).stream().filter(HubSpineIntegrationTest::isCommand).toList();
        assertThat(repeats)
            .isNotEmpty()
            .allMatch(p -> java.util.Arrays.equals(p.payload(), publishes.get(0).payload()));
        assertThat(observer.seen.stream().filter(HubSpineIntegrationTest::isCommand))
            .allMatch(
                p -> p.topic().equals("vc/v1/a/" + V1 + "/cmd") || p.topic().equals(ownTopic));
        // AND the others, which had executed it, were neither sent it again nor counted twice
        assertThat(report.deliveries())
            .filteredOn(d -> !d.resourceCode().equals(silent))
            .allMatch(d -> d.attempts() == 1 && d.state() == DeliveryState.FINISHED);
        assertThat(hub.app().commands().duplicates() - duplicatesBefore).isLessThan(repeats.size());
      }
    }
  }

  /** Not the answer to a terminal's time sync round (those go on its own topic too, any time). */
  private static boolean isCommand(Observer.Seen seen) {
    return FrameCodec.decode(seen.payload()).type() != MessageType.TIME_SYNC_RESPONSE;
  }

  /**
   * Verifies that the same command delivered again (as a QoS 1 redelivery would) is answered by the
   * terminals with NACK DUPLICATE, which the hub counts once: no state, count or time changes.
   */
  @ParameterizedTest
  @EnumSource(BrokerKind.class)
  void duplicateAcks_countOnce(BrokerKind kind) throws Exception {
    try (TestHub hub = TestHub.start(kind, dir, Map.of())) {
      List<TerminalSpec> specs = village(V1, 3);
      List<TerminalSpec> all = new ArrayList<>(specs);
      all.addAll(village(V2, 1));
      hub.terminals(all);
      acceptAll(hub, codes(all));
      try (Observer observer = new Observer(hub.brokerUrl(), "vc/v1/a/+/cmd")) {
        Command command = send(hub, new Message.SetVolume(55), Targets.ofAreas(V1));
        CommandReport first = awaitClosed(hub, command.id());
        await("publish observed", WAIT, () -> !observer.seen.isEmpty());
        long duplicatesBefore = hub.app().commands().duplicates();
        // WHEN the very same signed frame arrives twice more
        byte[] frame = observer.seen.get(0).payload();
        observer.link.publish("vc/v1/a/" + V1 + "/cmd", frame, 1, false).get(10, TimeUnit.SECONDS);
        observer.link.publish("vc/v1/a/" + V1 + "/cmd", frame, 1, false).get(10, TimeUnit.SECONDS);
        // THEN every answer is a counted duplicate and the record is unchanged
        await(
            "6 duplicate answers",
            WAIT,
            () -> hub.app().commands().duplicates() - duplicatesBefore == 6);
        CommandReport after = get(hub.app().commands().report(command.id()));
        assertThat(after.counts()).isEqualTo(first.counts());
        assertThat(after.deliveries()).isEqualTo(first.deliveries());
      }
    }
  }

  /**
   * Verifies that killing mosquitto with SIGKILL right after a PLAY was sent, and starting it
   * again, loses nothing and doubles nothing: every terminal plays the broadcast exactly once and
   * its delivery ends FINISHED once.
   */
  @Test
  void brokerKilledMidDelivery_completesWithNothingLostOrDoubled() {
    try (TestHub hub = TestHub.start(BrokerKind.MOSQUITTO, dir, Map.of())) {
      // GIVEN 24 terminals in two villages, each play lasting 2 s
      List<TerminalSpec> specs = new ArrayList<>();
      for (TerminalSpec spec : village(V1, 12)) {
        specs.add(
            spec.withProfile(TerminalProfile.defaults().withClipDuration(Duration.ofSeconds(2))));
      }
      for (TerminalSpec spec : village(V2, 12)) {
        specs.add(
            spec.withProfile(TerminalProfile.defaults().withClipDuration(Duration.ofSeconds(2))));
      }
      MqttTerminalFleet fleet = hub.terminals(specs);
      acceptAll(hub, codes(specs));
      // WHEN a PLAY goes out and the broker dies at once, then comes back
      Command command = send(hub, play("flood warning drill text"), Targets.ofAreas("320583101"));
      hub.mosquitto().kill();
      try {
        Thread.sleep(1500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      hub.mosquitto().restart();
      // THEN every delivery ends FINISHED, and each terminal played the broadcast exactly once
      CommandReport report = awaitClosed(hub, command.id());
      assertThat(report.counts().get(DeliveryState.FINISHED)).isEqualTo(24);
      assertThat(report.deliveries()).hasSize(24).allMatch(d -> "COMPLETED".equals(d.detail()));
      for (String code : codes(specs)) {
        long plays =
            get(
                fleet.inspect(
                    code,
                    t ->
                        t.playoutLog().tasks().stream()
                            .filter(task -> task.broadcastId() == command.id())
                            .count()));
        assertThat(plays).as("plays of the broadcast on %s", code).isEqualTo(1);
      }
    }
  }

  /**
   * Verifies that a hub restart keeps the registry (approval, names, areas, groups) and every
   * delivery record, and that a command still open at the restart is completed afterwards.
   */
  @ParameterizedTest
  @EnumSource(BrokerKind.class)
  void hubRestart_keepsRegistryAndDeliveries(BrokerKind kind) {
    try (TestHub hub = TestHub.start(kind, dir, Map.of())) {
      List<TerminalSpec> specs = village(V1, 3);
      String late = specs.get(2).resourceCode();
      MqttTerminalFleet fleet = hub.terminals(specs);
      acceptAll(hub, codes(specs));
      get(hub.app().registry().describe(late, "school roof", "31.38,120.98", "test"));
      get(
          hub.app()
              .registry()
              .saveArea(new org.villagecast.controller.registry.Area(V1, "East village"), "test"));
      Command done = send(hub, new Message.SetVolume(61), Targets.ofAreas(V1));
      CommandReport doneBefore = awaitClosed(hub, done.id());
      // One command still open across the restart: its last terminal is deaf.
      get(fleet.update(late, t -> t.setFaults(t.faults().dead(true))));
      Command open = send(hub, new Message.SetVolume(62), Targets.ofAreas(V1));
      await(
          "two answered",
          WAIT,
          () ->
              get(hub.app().commands().report(open.id())).counts().get(DeliveryState.FINISHED)
                  == 2);

      // WHEN the hub restarts
      hub.restartHub();

      // THEN the registry and the finished command's records are as they were
      for (String code : codes(specs)) {
        assertThat(hub.view(code).terminal().approval()).isEqualTo(Approval.ACCEPTED);
      }
      assertThat(hub.view(late).terminal().name()).isEqualTo("school roof");
      assertThat(get(hub.app().registry().areas()))
          .extracting(a -> a.name())
          .contains("East village");
      CommandReport doneAfter = get(hub.app().commands().report(done.id()));
      assertThat(doneAfter.deliveries()).isEqualTo(doneBefore.deliveries());
      assertThat(doneAfter.command().closed()).isTrue();
      CommandReport openAfter = get(hub.app().commands().report(open.id()));
      assertThat(openAfter.counts().get(DeliveryState.FINISHED)).isEqualTo(2);
      assertThat(openAfter.counts().get(DeliveryState.SENT)).isEqualTo(1);
      // AND the open command completes once its terminal answers
      get(fleet.update(late, t -> t.setFaults(t.faults().dead(false))));
      CommandReport completed = awaitClosed(hub, open.id());
      assertThat(completed.counts().get(DeliveryState.FINISHED)).isEqualTo(3);
      assertThat(volume(fleet, late)).isEqualTo(62);
    }
  }
}
