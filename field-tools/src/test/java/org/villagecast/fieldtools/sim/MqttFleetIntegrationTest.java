package org.villagecast.fieldtools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.AlertClass;
import org.villagecast.protocol.codec.AudioCodec;
import org.villagecast.protocol.codec.FaultFlags;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.KeyOperation;
import org.villagecast.protocol.codec.LineState;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.MessageType;
import org.villagecast.protocol.codec.NackReason;
import org.villagecast.protocol.codec.SourceKind;
import org.villagecast.protocol.codec.TaskOutcome;
import org.villagecast.protocol.codec.TerminalState;
import org.villagecast.protocol.link.mqtt.MqttLink;
import org.villagecast.protocol.link.mqtt.MqttLinkConfig;
import org.villagecast.protocol.security.Ed25519Keys;
import org.villagecast.protocol.security.HubSigner;
import org.villagecast.protocol.testing.Mosquitto;

/**
 * Reference terminals on a real mosquitto, driven by a hub made of the MQTT link and the signer:
 * every message type of PROTOCOL.md goes both ways. Two villages of ten terminals, in two towns;
 * one terminal has an open line; clocks are off by up to ±3 s and drift up to ±50 ppm.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MqttFleetIntegrationTest {
  static final String VILLAGE_A = "320583101201";
  static final String TOWN_A = VILLAGE_A.substring(0, 9);
  static final String VILLAGE_B = "320583102201";
  static final Duration WAIT = Duration.ofSeconds(20);

  static Mosquitto broker;
  static TestMqttHub hub;
  static MqttTerminalFleet fleet;
  static List<String> villageA;
  static List<String> villageB;
  static String faulty;

  @BeforeAll
  static void startBrokerHubAndFleet() throws Exception {
    broker = Mosquitto.start();
    hub = TestMqttHub.connect(broker.url());
    DemoCounty.Mix clocks = new DemoCounty.Mix(0, 3_000_000, 50, 11);
    List<TerminalSpec> a = DemoCounty.terminals(VILLAGE_A, 10, clocks);
    List<TerminalSpec> b = DemoCounty.terminals(VILLAGE_B, 10, clocks);
    villageA = a.stream().map(TerminalSpec::resourceCode).toList();
    villageB = b.stream().map(TerminalSpec::resourceCode).toList();
    faulty = villageA.get(3);
    List<TerminalSpec> all = new ArrayList<>();
    for (TerminalSpec spec : a) {
      all.add(
          spec.resourceCode().equals(faulty) ? spec.withFaults(Faults.of(Fault.LINE_OPEN)) : spec);
    }
    all.addAll(b);
    all.replaceAll(s -> s.withSettings(s.settings().withHeartbeatPeriod(2)));
    FleetConfig config =
        FleetConfig.broker(broker.url()).withKeepAlive(Duration.ofSeconds(2)).withEventLoops(2);
    fleet = MqttTerminalFleet.start(config, Map.of(TestMqttHub.KEY_ID, hub.pair.getPublic()), all);
    assertThat(fleet.awaitConnected(20, WAIT)).as("20 terminals connected").isTrue();
    for (String code : all.stream().map(TerminalSpec::resourceCode).toList()) {
      awaitTrue(() -> fleet.inspect(code, ReferenceTerminal::synced).get(), "synced " + code);
    }
  }

  @AfterAll
  static void stopEverything() {
    if (fleet != null) {
      fleet.close();
    }
    if (hub != null) {
      hub.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  // ------------------------------------------------------------------ session

  /**
   * Verifies the session start of every terminal: retained "online", a time sync round answered by
   * the hub, a STATUS_REPORT, then heartbeats; the learned offsets put each terminal within 50 ms
   * of hub time although its own clock is seconds off.
   */
  @Test
  @Order(1)
  void sessionStart_onlineSyncedReportingHeartbeating() throws Exception {
    List<String> everyone = everyone();
    for (String code : everyone) {
      assertThat(hub.awaitState(code, "online", WAIT)).as("online " + code).isTrue();
      long hubError = fleet.inspect(code, t -> t.hubNow() - hub.now()).get();
      assertThat(Math.abs(hubError)).as("hub time error of " + code).isLessThan(50_000);
      long ownError = fleet.inspect(code, t -> t.clock().errorMicros()).get();
      assertThat(ownError).isNotZero();
    }
    assertThat(codesOf(hub.of(MessageType.TIME_SYNC_REQUEST))).containsAll(everyone);
    assertThat(hub.of(MessageType.TIME_SYNC_REQUEST).size()).isGreaterThanOrEqualTo(4 * 20);
    List<TestMqttHub.Up> reports =
        hub.await(
            u -> u.frame().type() == MessageType.STATUS_REPORT && u.frame().refersTo() == 0,
            20,
            WAIT);
    assertThat(codesOf(reports)).containsAll(everyone);
    List<TestMqttHub.Up> beats =
        hub.await(u -> u.frame().type() == MessageType.HEARTBEAT, 40, WAIT);
    assertThat(codesOf(beats)).containsAll(everyone);
    List<TestMqttHub.Up> faultyBeats =
        beats.stream().filter(u -> u.resourceCode().equals(faulty)).toList();
    Message.Heartbeat faultyBeat =
        (Message.Heartbeat) faultyBeats.get(faultyBeats.size() - 1).frame().message();
    assertThat(faultyBeat.faultFlags()).isEqualTo(FaultFlags.LINE_OPEN);
    assertThat(faultyBeat.state()).isEqualTo(TerminalState.FAULT);
    assertThat(hub.undecodable).isEmpty();
  }

  /** Verifies that one publish to a village's area topic reaches exactly its ten terminals. */
  @Test
  @Order(2)
  void areaCommand_reachesExactlyThatArea() throws Exception {
    long id = hub.send(Address.area(VILLAGE_A), new Message.SetVolume(33));

    List<TestMqttHub.Up> acks = hub.await(u -> u.frame().refersTo() == id, 10, WAIT);

    assertThat(acks).extracting(u -> u.frame().type()).containsOnly(MessageType.ACK);
    assertThat(codesOf(acks)).containsExactlyInAnyOrderElementsOf(villageA);
    for (String code : villageA) {
      assertThat(fleet.inspect(code, ReferenceTerminal::volume).get()).isEqualTo(33);
    }
    for (String code : villageB) {
      assertThat(fleet.inspect(code, ReferenceTerminal::volume).get()).isNotEqualTo(33);
    }
  }

  // ------------------------------------------------------------------ playing

  /**
   * Verifies a stream broadcast to a town: PLAY, AUDIO on the stream topic with 'end of stream';
   * every healthy terminal reports TASK_STARTED at the start time and TASK_FINISHED COMPLETED with
   * all 50 frames, sounded in sync by true time; the one with an open line refuses with FAULT; the
   * play log tells the same.
   */
  @Test
  @Order(3)
  void playStream_townPlaysInSync() throws Exception {
    long broadcast = 3001;
    long stream = 41;
    long start = hub.now() + 2_000_000;
    long playId =
        hub.send(
            Address.area(TOWN_A),
            new Message.Play(
                broadcast,
                100,
                0,
                AlertClass.DAILY,
                SourceKind.STREAM,
                stream,
                start,
                0,
                80,
                0,
                ""));
    List<TestMqttHub.Up> answers = hub.await(u -> u.frame().refersTo() == playId, 10, WAIT);
    assertThat(answers.stream().filter(u -> u.frame().type() == MessageType.ACK)).hasSize(9);
    TestMqttHub.Up refusal =
        answers.stream()
            .filter(u -> u.frame().type() == MessageType.NACK)
            .findFirst()
            .orElseThrow();
    assertThat(refusal.resourceCode()).isEqualTo(faulty);
    assertThat(((Message.Nack) refusal.frame().message()).reason()).isEqualTo(NackReason.FAULT);
    Thread.sleep(300); // the terminals' SUBSCRIBE to the stream follows their ACK

    int[] counts = {16, 16, 16, 2};
    long sequence = 0;
    for (int m = 0; m < counts.length; m++) {
      List<byte[]> frames = new ArrayList<>();
      for (int i = 0; i < counts[m]; i++) {
        frames.add(new byte[] {(byte) (sequence + i), 0x55});
      }
      hub.publishAudio(
          stream,
          new Message.Audio(
              stream,
              AudioCodec.OPUS,
              1,
              20_000,
              sequence,
              start + sequence * 20_000,
              m == counts.length - 1,
              frames));
      sequence += counts[m];
    }

    List<TestMqttHub.Up> finished =
        hub.await(
            u -> u.frame().type() == MessageType.TASK_FINISHED && u.frame().refersTo() == playId,
            9,
            WAIT);
    assertThat(finished).hasSize(9);
    for (TestMqttHub.Up up : finished) {
      Message.TaskFinished done = (Message.TaskFinished) up.frame().message();
      assertThat(done.outcome()).isEqualTo(TaskOutcome.COMPLETED);
      assertThat(done.framesPlayed()).isEqualTo(50);
      assertThat(done.framesMissed()).isZero();
      assertThat(Math.abs(done.startedAt() - start)).isLessThan(50_000);
    }
    List<TestMqttHub.Up> started =
        hub.of(MessageType.TASK_STARTED).stream()
            .filter(u -> u.frame().refersTo() == playId)
            .toList();
    assertThat(codesOf(started)).hasSize(9).doesNotContain(faulty);

    for (String code : villageA) {
      List<PlayoutLog.PlayedFrame> played =
          fleet.inspect(code, t -> t.playoutLog().frames(broadcast)).get();
      if (code.equals(faulty)) {
        assertThat(played).isEmpty();
        continue;
      }
      assertThat(played).hasSize(50);
      SimulatedClock clock = fleet.inspect(code, ReferenceTerminal::clock).get();
      for (PlayoutLog.PlayedFrame frame : played) {
        long trueTime = clock.baseMicrosAt(frame.playedAt());
        assertThat(Math.abs(trueTime - frame.presentationTime()))
            .as("sync error of %s frame %d", code, frame.sequence())
            .isLessThan(50_000);
      }
    }

    String first = villageA.get(0);
    long queryId =
        hub.send(
            Address.terminal(first),
            new Message.PlayLogQuery(start - 1_000_000, hub.now() + 60_000_000, 30));
    Message.PlayLogReport log =
        (Message.PlayLogReport) awaitReply(queryId, MessageType.PLAY_LOG_REPORT).message();
    assertThat(log.entries())
        .anySatisfy(
            e -> {
              assertThat(e.broadcastId()).isEqualTo(broadcast);
              assertThat(e.outcome()).isEqualTo(TaskOutcome.COMPLETED);
              assertThat(e.framesPlayed()).isEqualTo(50);
            });
  }

  /** Verifies STOP: a text broadcast that plays until stopped ends STOPPED. */
  @Test
  @Order(4)
  void stop_endsBroadcast() throws Exception {
    String code = villageA.get(1);
    long playId =
        hub.send(
            Address.terminal(code),
            new Message.Play(
                3002, 50, 0, AlertClass.DAILY, SourceKind.TEXT, 0, 0, 0, 255, 0, "停水通知"));
    awaitReply(playId, MessageType.ACK);
    hub.await(
        u -> u.frame().type() == MessageType.TASK_STARTED && u.frame().refersTo() == playId,
        1,
        WAIT);
    assertThat(fleet.inspect(code, ReferenceTerminal::state).get())
        .isEqualTo(TerminalState.BROADCASTING);

    long stopId = hub.send(Address.terminal(code), new Message.Stop(3002));

    awaitReply(stopId, MessageType.ACK);
    Message.TaskFinished done =
        (Message.TaskFinished)
            hub.await(
                    u ->
                        u.frame().type() == MessageType.TASK_FINISHED
                            && u.frame().refersTo() == playId,
                    1,
                    WAIT)
                .get(0)
                .frame()
                .message();
    assertThat(done.outcome()).isEqualTo(TaskOutcome.STOPPED);
  }

  // ------------------------------------------------------------------ queries, settings

  /** Verifies STATUS_QUERY and FAULT_DETAIL_QUERY on the terminal with an open line. */
  @Test
  @Order(5)
  void queries_reportTheFault() throws Exception {
    long statusId = hub.send(Address.terminal(faulty), new Message.StatusQuery());
    Message.StatusReport status =
        (Message.StatusReport) awaitReply(statusId, MessageType.STATUS_REPORT).message();
    assertThat(status.lineState()).isEqualTo(LineState.OPEN);
    assertThat(status.faultFlags()).isEqualTo(FaultFlags.LINE_OPEN);
    assertThat(status.state()).isEqualTo(TerminalState.FAULT);
    assertThat(hub.repliesTo(statusId)).hasSize(1); // a query is answered by its report only

    long detailId = hub.send(Address.terminal(faulty), new Message.FaultDetailQuery());
    Message.FaultDetailReport detail =
        (Message.FaultDetailReport) awaitReply(detailId, MessageType.FAULT_DETAIL_REPORT).message();
    assertThat(detail.faults())
        .singleElement()
        .satisfies(
            f -> assertThat(f.faultCode()).isEqualTo(FaultFlags.codeOf(FaultFlags.LINE_OPEN)));
  }

  /** Verifies AMP_OFF and AMP_ON. */
  @Test
  @Order(6)
  void amplifier_offAndOn() throws Exception {
    String code = villageB.get(0);
    awaitReply(hub.send(Address.terminal(code), new Message.AmpOff()), MessageType.ACK);
    assertThat(fleet.inspect(code, ReferenceTerminal::state).get())
        .isEqualTo(TerminalState.STOPPED);

    awaitReply(hub.send(Address.terminal(code), new Message.AmpOn()), MessageType.ACK);
    assertThat(fleet.inspect(code, ReferenceTerminal::amplifierOn).get()).isTrue();
  }

  /**
   * Verifies CONFIG: the terminal joins group 7 (a group publish reaches it alone) and gets quiet
   * hours around now, which refuse a daily broadcast and pass a real emergency.
   */
  @Test
  @Order(7)
  void config_groupAndQuietHours() throws Exception {
    String code = villageB.get(1);
    int minute = Instant.now().atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay() / 60;
    Message.Config config =
        new Message.Config(
            code,
            VILLAGE_B,
            2,
            Math.floorMod(minute - 60, 1440),
            Math.floorMod(minute + 60, 1440),
            0,
            List.of(7L));
    awaitReply(hub.send(Address.terminal(code), config), MessageType.ACK);
    Thread.sleep(300); // the SUBSCRIBE to the group topic follows the ACK

    long groupId = hub.send(Address.group(7), new Message.SetVolume(12));
    assertThat(codesOf(hub.await(u -> u.frame().refersTo() == groupId, 1, WAIT)))
        .containsExactly(code);

    long dailyId =
        hub.send(
            Address.terminal(code),
            new Message.Play(
                4001, 50, 0, AlertClass.DAILY, SourceKind.TEXT, 0, 0, 0, 255, 1, "晚间节目"));
    Message.Nack quiet = (Message.Nack) awaitReply(dailyId, MessageType.NACK).message();
    assertThat(quiet.reason()).isEqualTo(NackReason.QUIET_HOURS);

    long alertId =
        hub.send(
            Address.terminal(code),
            new Message.Play(
                4002, 250, 1, AlertClass.EMERGENCY, SourceKind.TEXT, 0, 0, 0, 100, 1, "山洪预警"));
    awaitReply(alertId, MessageType.ACK);
    hub.await(
        u -> u.frame().type() == MessageType.TASK_STARTED && u.frame().refersTo() == alertId,
        1,
        WAIT);
    awaitReply(hub.send(Address.terminal(code), new Message.Stop(0)), MessageType.ACK);
  }

  /** Verifies KEY_UPDATE to every terminal, and a command signed with the new key. */
  @Test
  @Order(8)
  void keyUpdate_newKeyTrusted() throws Exception {
    KeyPair next = Ed25519Keys.generate();
    long id =
        hub.send(
            Address.all(),
            new Message.KeyUpdate(KeyOperation.ADD, 2, Ed25519Keys.rawPublic(next.getPublic())));
    assertThat(codesOf(hub.await(u -> u.frame().refersTo() == id, 20, WAIT)))
        .containsExactlyInAnyOrderElementsOf(everyone());

    String code = villageB.get(2);
    Frame frame = hub.frame(Address.terminal(code), new Message.SetVolume(66));
    hub.publish(
        hub.topics.commandTopic(frame.address()),
        new HubSigner(2, next.getPrivate()).encodeSigned(frame));
    awaitReply(frame.messageId(), MessageType.ACK);
    assertThat(fleet.inspect(code, ReferenceTerminal::volume).get()).isEqualTo(66);
  }

  /**
   * Verifies the refusals over MQTT: unsigned, replayed, signed by a stranger; and that a frame for
   * another terminal on this terminal's topic is ignored (the address is the authority).
   */
  @Test
  @Order(9)
  void refusals_unsignedReplayedForgedMisaddressed() throws Exception {
    String code = villageA.get(2);
    String topic = hub.topics.commandTopic(Address.terminal(code));

    Frame unsigned = hub.frame(Address.terminal(code), new Message.SetVolume(1));
    hub.publish(topic, FrameCodec.encode(unsigned));
    assertThat(nackReason(awaitReply(unsigned.messageId(), MessageType.NACK)))
        .isEqualTo(NackReason.UNSIGNED);

    byte[] once =
        hub.signer.encodeSigned(hub.frame(Address.terminal(code), new Message.SetVolume(44)));
    long onceId = FrameCodec.decode(once).messageId();
    hub.publish(topic, once);
    hub.publish(topic, once);
    List<TestMqttHub.Up> answers = hub.await(u -> u.frame().refersTo() == onceId, 2, WAIT);
    assertThat(answers)
        .extracting(u -> u.frame().type())
        .containsExactly(MessageType.ACK, MessageType.NACK);
    assertThat(nackReason(answers.get(1))).isEqualTo(NackReason.DUPLICATE);

    KeyPair stranger = Ed25519Keys.generate();
    Frame forged = hub.frame(Address.terminal(code), new Message.SetVolume(2));
    hub.publish(
        topic, new HubSigner(TestMqttHub.KEY_ID, stranger.getPrivate()).encodeSigned(forged));
    assertThat(nackReason(awaitReply(forged.messageId(), MessageType.NACK)))
        .isEqualTo(NackReason.BAD_SIGNATURE);

    Frame elsewhere = hub.frame(Address.terminal(villageB.get(5)), new Message.SetVolume(3));
    hub.publish(topic, hub.signer.encodeSigned(elsewhere));
    assertThat(
            hub.await(u -> u.frame().refersTo() == elsewhere.messageId(), 1, Duration.ofSeconds(2)))
        .isEmpty();
    assertThat(fleet.inspect(code, ReferenceTerminal::volume).get()).isEqualTo(44);
  }

  // ------------------------------------------------------------------ failures

  /** Verifies that a terminal that loses power is announced by its retained "offline" will. */
  @Test
  @Order(10)
  void killedTerminal_lastWillOffline() throws Exception {
    String code = villageB.get(9);
    fleet.kill(code).get(5, TimeUnit.SECONDS);

    assertThat(hub.awaitState(code, "offline", WAIT)).isTrue();
    MqttLink late =
        MqttLink.connect(MqttLinkConfig.builder(broker.url(), "late-observer").build())
            .get(10, TimeUnit.SECONDS);
    try {
      List<String> retained = new java.util.concurrent.CopyOnWriteArrayList<>();
      late.onMessage((topic, payload, dup) -> retained.add(new String(payload)));
      late.subscribe(hub.topics.stateTopic(code), 1).get(10, TimeUnit.SECONDS);
      awaitTrue(() -> !retained.isEmpty(), "a retained state");
      assertThat(retained).containsExactly("offline");
    } finally {
      late.close();
    }
  }

  /** Verifies that after the broker dies and comes back the fleet reconnects and resyncs. */
  @Test
  @Order(11)
  void brokerRestart_fleetReconnects() throws Exception {
    broker.kill();
    awaitTrue(() -> fleet.stats().connected() == 0, "all disconnected");
    broker.restart();

    assertThat(fleet.awaitConnected(19, Duration.ofSeconds(60))).isTrue();
    String code = villageA.get(5);
    awaitTrue(
        () -> hub.connected() && fleet.inspect(code, ReferenceTerminal::linkIsUp).get(),
        "hub and terminal linked again");
    assertThat(hub.awaitState(code, "online", WAIT)).isTrue();
    long id = hub.send(Address.terminal(code), new Message.SetVolume(55));
    awaitReply(id, MessageType.ACK);
  }

  /** Verifies that over the whole run every terminal-to-hub message type was exchanged. */
  @Test
  @Order(99)
  void everyMessageType_exchanged() {
    Set<MessageType> seen = hub.up.stream().map(u -> u.frame().type()).collect(Collectors.toSet());
    Set<MessageType> toHub = EnumSet.noneOf(MessageType.class);
    for (MessageType type : MessageType.values()) {
      if (type.direction == MessageType.Direction.TO_HUB) {
        toHub.add(type);
      }
    }
    assertThat(seen).containsAll(toHub);
  }

  // ------------------------------------------------------------------ helpers

  static List<String> everyone() {
    List<String> all = new ArrayList<>(villageA);
    all.addAll(villageB);
    return all;
  }

  static List<String> codesOf(List<TestMqttHub.Up> ups) {
    return ups.stream().map(TestMqttHub.Up::resourceCode).distinct().toList();
  }

  static Frame awaitReply(long messageId, MessageType type) throws InterruptedException {
    List<TestMqttHub.Up> replies =
        hub.await(u -> u.frame().refersTo() == messageId && u.frame().type() == type, 1, WAIT);
    assertThat(replies)
        .as("%s to %d; got %s", type, messageId, hub.repliesTo(messageId))
        .isNotEmpty();
    return replies.get(0).frame();
  }

  static NackReason nackReason(Frame frame) {
    return ((Message.Nack) frame.message()).reason();
  }

  static NackReason nackReason(TestMqttHub.Up up) {
    return nackReason(up.frame());
  }

  interface Check {
    boolean holds() throws Exception;
  }

  static void awaitTrue(Check check, String what) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
