package org.villagecast.fieldtools.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.villagecast.protocol.bus.BusFrame;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.AlertClass;
import org.villagecast.protocol.codec.FaultFlags;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.KeyOperation;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.MessageType;
import org.villagecast.protocol.codec.NackReason;
import org.villagecast.protocol.codec.SourceKind;
import org.villagecast.protocol.codec.TaskOutcome;
import org.villagecast.protocol.codec.TerminalState;
import org.villagecast.protocol.link.LinkException;
import org.villagecast.protocol.link.serial.SerialLink;
import org.villagecast.protocol.link.serial.SerialLinkConfig;
import org.villagecast.protocol.security.CommandGuard;
import org.villagecast.protocol.security.Ed25519Keys;
import org.villagecast.protocol.security.HubSigner;
import org.villagecast.protocol.testing.SocatPair;

/**
 * Reference terminals as units of an RS-485 bus on one end of a socat pseudo-terminal pair, the
 * hub's serial link as master on the other: COMMAND/REPLY, POLL/REPLY/NOTHING and broadcast, with
 * every hub-to-terminal message type but AUDIO (not carried on RS-485) and every report.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SerialBusIntegrationTest {
  static final String VILLAGE = "320583101201";
  static final Duration REPLY = Duration.ofMillis(500);

  final KeyPair hubKeys = Ed25519Keys.generate();
  final HubSigner signer = new HubSigner(1, hubKeys.getPrivate());
  final List<String> codes = new ArrayList<>();
  final Set<MessageType> seen = EnumSet.noneOf(MessageType.class);
  final Map<Integer, List<Frame>> inbox = new java.util.HashMap<>();
  SocatPair pair;
  SerialTerminalBus bus;
  SerialLink master;
  long lastId;

  @BeforeEach
  void startBus() throws Exception {
    pair = SocatPair.start();
    List<SerialTerminalBus.Unit> units = new ArrayList<>();
    int[] addresses = {1, 2, 5, 9};
    for (int i = 0; i < addresses.length; i++) {
      TerminalSpec spec = TerminalSpec.of(DemoCounty.resourceCode(VILLAGE, i));
      spec = spec.withSettings(spec.settings().withHeartbeatPeriod(1));
      if (addresses[i] == 5) {
        spec = spec.withFaults(Faults.of(Fault.AMPLIFIER_OVER_TEMPERATURE));
      }
      if (addresses[i] == 9) {
        spec = spec.withFaults(Faults.none().dead(true));
      }
      codes.add(spec.resourceCode());
      units.add(new SerialTerminalBus.Unit(addresses[i], spec));
    }
    bus =
        SerialTerminalBus.open(
            SerialLinkConfig.builder(pair.b().toString()).build(),
            Map.of(1, hubKeys.getPublic()),
            units);
    master = SerialLink.open(SerialLinkConfig.builder(pair.a().toString()).build());
  }

  @AfterEach
  void stopBus() {
    if (master != null) {
      master.close();
    }
    if (bus != null) {
      bus.close();
    }
    if (pair != null) {
      pair.close();
    }
  }

  // ------------------------------------------------------------------ master side helpers

  BusFrame request(BusFrame frame) throws Exception {
    return master.request(frame, REPLY).get(10, TimeUnit.SECONDS);
  }

  long now() {
    return CommandGuard.micros(java.time.Instant.now());
  }

  Frame frame(Address to, Message message) {
    return Frame.of(to, ++lastId, 0, now(), message).withAckRequested(true);
  }

  /** A signed COMMAND to a bus address; returns the unit's answer, decoded, or null (NOTHING). */
  Frame command(int busAddress, Address to, Message message) throws Exception {
    BusFrame answer =
        request(BusFrame.command(busAddress, signer.encodeSigned(frame(to, message))));
    return decode(busAddress, answer);
  }

  Frame poll(int busAddress) throws Exception {
    return decode(busAddress, request(BusFrame.poll(busAddress)));
  }

  Frame decode(int busAddress, BusFrame answer) {
    if (answer == null) {
      return null;
    }
    assertThat(answer.address()).isEqualTo(busAddress);
    if (answer.control() == BusFrame.Control.NOTHING) {
      return null;
    }
    assertThat(answer.control()).isEqualTo(BusFrame.Control.REPLY);
    Frame frame = FrameCodec.decode(answer.message());
    seen.add(frame.type());
    return frame;
  }

  /** Polls until a frame of this type comes; frames polled meanwhile are kept for later. */
  Frame pollFor(int busAddress, MessageType type) throws Exception {
    return pollFor(busAddress, type, -1);
  }

  /** The same, for a frame referring to one message id (-1: any). */
  Frame pollFor(int busAddress, MessageType type, long refersTo) throws Exception {
    List<Frame> kept = inbox.computeIfAbsent(busAddress, a -> new ArrayList<>());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      for (Frame frame : kept) {
        if (frame.type() == type && (refersTo < 0 || frame.refersTo() == refersTo)) {
          kept.remove(frame);
          return frame;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no " + type + " referring to " + refersTo + " from unit " + busAddress + ": " + kept);
      }
      Frame frame = poll(busAddress);
      if (frame == null) {
        Thread.sleep(50);
      } else {
        kept.add(frame);
      }
    }
  }

  /** The time sync rounds of a unit, answered over the bus as a gateway would. */
  void synchronise(int busAddress, String code) throws Exception {
    for (int exchange = 0; exchange < 4; exchange++) {
      Frame request = pollFor(busAddress, MessageType.TIME_SYNC_REQUEST);
      long t2 = now();
      long t1 = ((Message.TimeSyncRequest) request.message()).t1();
      Frame response =
          Frame.of(
              Address.terminal(code),
              ++lastId,
              request.messageId(),
              now(),
              new Message.TimeSyncResponse(t1, t2, now()));
      assertThat(
              decode(
                  busAddress, request(BusFrame.command(busAddress, signer.encodeSigned(response)))))
          .as("TIME_SYNC_RESPONSE is never answered")
          .isNull();
    }
    Frame status = pollFor(busAddress, MessageType.STATUS_REPORT);
    assertThat(status.refersTo()).isZero();
    assertThat(bus.inspect(busAddress, ReferenceTerminal::synced).get()).isTrue();
    Thread.sleep(2); // past the replay floor the sync set
  }

  // ------------------------------------------------------------------ tests

  /**
   * Verifies one unit's exchange on the bus: time sync by POLL and COMMAND, commands answered by
   * REPLY with their ACK, a query by its report, a refusal by NACK, a frame for another terminal by
   * NOTHING, heartbeats queued for POLL, CONFIG groups and KEY_UPDATE taking effect.
   */
  @Test
  void unit_commandsQueriesAndPolls() throws Exception {
    synchronise(1, codes.get(0));
    Address one = Address.terminal(codes.get(0));

    assertThat(command(1, one, new Message.SetVolume(25)).type()).isEqualTo(MessageType.ACK);
    assertThat(command(1, one, new Message.AmpOff()).type()).isEqualTo(MessageType.ACK);
    assertThat(bus.inspect(1, ReferenceTerminal::state).get()).isEqualTo(TerminalState.STOPPED);
    assertThat(command(1, one, new Message.AmpOn()).type()).isEqualTo(MessageType.ACK);

    Frame status = command(1, one, new Message.StatusQuery());
    assertThat(status.type()).isEqualTo(MessageType.STATUS_REPORT);
    assertThat(status.address()).isEqualTo(one);
    Message.StatusReport report = (Message.StatusReport) status.message();
    assertThat(report.volume()).isEqualTo(25);
    assertThat(report.signalStrength()).isEqualTo(Message.StatusReport.NO_SIGNAL);
    assertThat(report.state()).isEqualTo(TerminalState.RUNNING);

    Message.Config config = new Message.Config(codes.get(0), VILLAGE, 1, 0, 0, 480, List.of(3L));
    assertThat(command(1, one, config).type()).isEqualTo(MessageType.ACK);
    assertThat(command(1, Address.group(3), new Message.SetVolume(35)).type())
        .isEqualTo(MessageType.ACK);

    KeyPair next = Ed25519Keys.generate();
    Message.KeyUpdate add =
        new Message.KeyUpdate(KeyOperation.ADD, 2, Ed25519Keys.rawPublic(next.getPublic()));
    assertThat(command(1, one, add).type()).isEqualTo(MessageType.ACK);
    assertThat(bus.inspect(1, t -> t.keys().trusts(2)).get()).isTrue();

    Frame unsigned = frame(one, new Message.SetVolume(90));
    Frame refusal = decode(1, request(BusFrame.command(1, FrameCodec.encode(unsigned))));
    assertThat(((Message.Nack) refusal.message()).reason()).isEqualTo(NackReason.UNSIGNED);
    assertThat(refusal.refersTo()).isEqualTo(unsigned.messageId());

    assertThat(command(1, Address.terminal(codes.get(1)), new Message.SetVolume(91)))
        .as("a frame for another terminal gets NOTHING")
        .isNull();
    assertThat(bus.inspect(1, ReferenceTerminal::volume).get()).isEqualTo(35);

    Message.Heartbeat beat = (Message.Heartbeat) pollFor(1, MessageType.HEARTBEAT).message();
    assertThat(beat.faultFlags()).isZero();
  }

  /**
   * Verifies broadcast COMMANDs (address 0): nobody answers on the line, every unit reached queues
   * its answer for POLL; PLAY plays the line input with TASK_STARTED and TASK_FINISHED, a unit with
   * an over-temperature amplifier refuses, STOP ends it, and the play log and fault detail queries
   * tell it. A dead unit stays silent.
   */
  @Test
  void broadcast_playStopAndReports() throws Exception {
    synchronise(1, codes.get(0));
    synchronise(2, codes.get(1));
    synchronise(5, codes.get(2));
    Address village = Address.area(VILLAGE);

    Frame play =
        frame(
            village,
            new Message.Play(
                5001, 80, 0, AlertClass.DAILY, SourceKind.STREAM, 12, 0, 0, 70, 0, ""));
    assertThat(request(BusFrame.command(BusFrame.BROADCAST, signer.encodeSigned(play))))
        .as("a broadcast is not answered")
        .isNull();
    for (int unit : new int[] {1, 2}) {
      pollFor(unit, MessageType.ACK, play.messageId());
      Message.TaskStarted started =
          (Message.TaskStarted) pollFor(unit, MessageType.TASK_STARTED, play.messageId()).message();
      assertThat(started.broadcastId()).isEqualTo(5001);
    }
    Message.Nack hot = (Message.Nack) pollFor(5, MessageType.NACK, play.messageId()).message();
    assertThat(hot.reason()).isEqualTo(NackReason.FAULT);

    Frame stop = frame(village, new Message.Stop(5001));
    assertThat(request(BusFrame.command(BusFrame.BROADCAST, signer.encodeSigned(stop)))).isNull();
    for (int unit : new int[] {1, 2}) {
      pollFor(unit, MessageType.ACK, stop.messageId());
      Message.TaskFinished finished =
          (Message.TaskFinished)
              pollFor(unit, MessageType.TASK_FINISHED, play.messageId()).message();
      assertThat(finished.outcome()).isEqualTo(TaskOutcome.STOPPED);
      assertThat(finished.framesPlayed()).as("line input: no frames").isZero();
    }

    Frame log = command(1, Address.terminal(codes.get(0)), new Message.PlayLogQuery(0, now(), 30));
    assertThat(((Message.PlayLogReport) log.message()).entries())
        .singleElement()
        .satisfies(e -> assertThat(e.outcome()).isEqualTo(TaskOutcome.STOPPED));

    Frame detail = command(5, Address.terminal(codes.get(2)), new Message.FaultDetailQuery());
    assertThat(((Message.FaultDetailReport) detail.message()).faults())
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.faultCode())
                    .isEqualTo(FaultFlags.codeOf(FaultFlags.AMPLIFIER_OVER_TEMPERATURE)));

    assertThatThrownBy(() -> master.request(BusFrame.poll(9), REPLY).get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(LinkException.class)
        .satisfies(
            e -> assertThat(((LinkException) e).reason()).isEqualTo(LinkException.Reason.TIMEOUT));

    Set<MessageType> reports =
        EnumSet.of(
            MessageType.ACK,
            MessageType.NACK,
            MessageType.STATUS_REPORT,
            MessageType.TASK_STARTED,
            MessageType.TASK_FINISHED,
            MessageType.PLAY_LOG_REPORT,
            MessageType.FAULT_DETAIL_REPORT,
            MessageType.TIME_SYNC_REQUEST);
    assertThat(seen).containsAll(reports);
  }
}
