package org.villagecast.protocol.fuzz;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
import org.villagecast.protocol.security.Ed25519Keys;
import org.villagecast.protocol.security.HubSigner;

/**
 * Valid frames of every message type, made with the codec itself: the seed corpus of the fuzz
 * targets is built from them, so that the fuzzer starts from inputs that get past the header.
 * Everything is fixed (no clock, no random key): Ed25519 signatures are deterministic, so the seeds
 * are the same bytes on every run.
 */
final class SampleFrames {
  private SampleFrames() {}

  /** The hub key id the fuzz targets trust. */
  static final int KEY_ID = 7;

  /** 2025-06-01T08:00:00Z in microseconds: the hub time of every sample. */
  static final long HUB_TIME = 1_748_764_800_000_000L;

  // One digit, the 12-digit area code, ten more digits: the shape Message.Config checks.
  static final String RESOURCE_CODE = "1" + "430521000000" + "0000000001";
  static final String AREA_CODE = "430521000000";

  // A fixed test key (RFC 8032 test 1 secret), never a production one.
  private static final byte[] PRIVATE_SEED =
      hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

  static PrivateKey privateKey() {
    return Ed25519Keys.privateFromRaw(PRIVATE_SEED);
  }

  static PublicKey publicKey() {
    return Ed25519Keys.publicFromRaw(
        hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
  }

  static HubSigner signer() {
    return new HubSigner(KEY_ID, privateKey());
  }

  /** One valid message of the type; a switch without default, so a new type fails to compile. */
  static Message message(MessageType type) {
    return switch (type) {
      case PLAY ->
          new Message.Play(
              9001L,
              200,
              2,
              AlertClass.EMERGENCY,
              SourceKind.STREAM,
              42L,
              HUB_TIME + 1_000_000L,
              HUB_TIME + 61_000_000L,
              80,
              1,
              "县应急管理局");
      case STOP -> new Message.Stop(9001L);
      case SET_VOLUME -> new Message.SetVolume(65);
      case AMP_ON -> new Message.AmpOn();
      case AMP_OFF -> new Message.AmpOff();
      case CONFIG ->
          new Message.Config(
              RESOURCE_CODE, AREA_CODE, 60, 22 * 60, 6 * 60, 480, List.of(3L, 4_000_000_000L));
      case STATUS_QUERY -> new Message.StatusQuery();
      case PLAY_LOG_QUERY -> new Message.PlayLogQuery(HUB_TIME - 86_400_000_000L, HUB_TIME, 10);
      case FAULT_DETAIL_QUERY -> new Message.FaultDetailQuery();
      case TIME_SYNC_RESPONSE ->
          new Message.TimeSyncResponse(HUB_TIME - 20_000L, HUB_TIME - 10_000L, HUB_TIME);
      case KEY_UPDATE -> new Message.KeyUpdate(KeyOperation.ADD, 8, filled(32, 0x5A));
      case AUDIO ->
          new Message.Audio(
              42L,
              AudioCodec.OPUS,
              1,
              20,
              100L,
              HUB_TIME,
              false,
              List.of(filled(3, 0xF8), filled(5, 0x01)));
      case ACK -> new Message.Ack();
      case NACK -> new Message.Nack(NackReason.STALE, "timestamp 31 s old");
      case STATUS_REPORT ->
          new Message.StatusReport(
              86_400L,
              TerminalState.BROADCASTING,
              80,
              true,
              9001L,
              -55,
              12_400,
              LineState.OK,
              -71,
              FaultFlags.LOW_SIGNAL,
              Frame.VERSION,
              "1.2.0");
      case HEARTBEAT ->
          new Message.Heartbeat(86_400L, TerminalState.RUNNING, FaultFlags.LINE_OPEN, 0L);
      case TASK_STARTED -> new Message.TaskStarted(9001L, HUB_TIME + 1_000_000L, 100L);
      case TASK_FINISHED ->
          new Message.TaskFinished(
              9001L,
              HUB_TIME + 1_000_000L,
              HUB_TIME + 61_000_000L,
              TaskOutcome.COMPLETED,
              3000L,
              2L);
      case PLAY_LOG_REPORT ->
          new Message.PlayLogReport(
              List.of(
                  new Message.PlayLogEntry(
                      9001L, HUB_TIME, HUB_TIME + 60_000_000L, TaskOutcome.COMPLETED, 3000L),
                  new Message.PlayLogEntry(
                      9002L, HUB_TIME + 90_000_000L, 0L, TaskOutcome.PREEMPTED, 12L)));
      case FAULT_DETAIL_REPORT ->
          new Message.FaultDetailReport(
              List.of(
                  new Message.FaultDetail(
                      FaultFlags.codeOf(FaultFlags.LINE_OPEN), HUB_TIME, "line 2 open")));
      case TIME_SYNC_REQUEST -> new Message.TimeSyncRequest(HUB_TIME - 20_000L);
    };
  }

  /** The address a sample of this type travels with: varied, so every address kind is seeded. */
  static Address address(MessageType type) {
    if (type.direction == MessageType.Direction.TO_HUB) {
      return Address.terminal(RESOURCE_CODE);
    }
    return switch (type.ordinal() % 4) {
      case 0 -> Address.terminal(RESOURCE_CODE);
      case 1 -> Address.area("430521");
      case 2 -> Address.group(3);
      default -> Address.all();
    };
  }

  /** The wire bytes of the sample frame: hub messages signed, terminal messages plain. */
  static byte[] wire(MessageType type) {
    Frame frame = Frame.of(address(type), 1000 + type.code, type.code % 3, HUB_TIME, message(type));
    if (type.requiresSignature()) {
      return signer().encodeSigned(frame.withAckRequested(true));
    }
    return FrameCodec.encode(frame);
  }

  /** The body bytes of the sample message. */
  static byte[] body(MessageType type) {
    byte[] wire = FrameCodec.encode(Frame.of(Address.hub(), 1, 0, HUB_TIME, message(type)));
    return Arrays.copyOfRange(wire, Frame.HEADER_SIZE, wire.length);
  }

  static List<byte[]> allWires() {
    List<byte[]> wires = new ArrayList<>();
    for (MessageType type : MessageType.values()) {
      wires.add(wire(type));
    }
    return wires;
  }

  static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] hex(String text) {
    byte[] out = new byte[text.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      out.append(String.format("%02x", b & 0xFF));
    }
    return out.toString();
  }
}
