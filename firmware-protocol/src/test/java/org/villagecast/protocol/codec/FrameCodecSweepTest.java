package org.villagecast.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.villagecast.protocol.codec.ProtocolException.Problem;
import org.villagecast.protocol.testing.GoldenFrames;
import org.villagecast.protocol.testing.Vectors;

/**
 * Exhaustive sweeps of the small domains of the frame: every value of every one-byte code field,
 * every flags byte, every address kind, every BCD nibble in every position. Each value either
 * decodes to what it means or fails with the exact error.
 */
class FrameCodecSweepTest {

  private static final int TYPE = 1;
  private static final int FLAGS = 2;
  private static final int ADDRESS_KIND = 3;
  private static final int ADDRESS = 4;
  private static final int BODY_LENGTH = 32;
  private static final int BODY = 34;

  private static byte[] vector(String name) {
    return Vectors.byName(Vectors.FRAMES).get(name).bytes();
  }

  private static ProtocolException decodeError(byte[] bytes) {
    try {
      FrameCodec.decode(bytes);
      return null;
    } catch (ProtocolException e) {
      return e;
    }
  }

  /**
   * Asserts the exact error. Compares plainly first and builds AssertJ's report only on a mismatch:
   * the sweeps run this tens of thousands of times.
   */
  private static void expectError(
      byte[] bytes, Problem problem, String field, String message, String what) {
    ProtocolException error = decodeError(bytes);
    if (error != null
        && error.problem() == problem
        && error.field().equals(field)
        && error.getMessage().equals(message)) {
      return;
    }
    assertThat(error).as(what).isNotNull();
    assertThat(error.getMessage()).as(what).isEqualTo(message);
    assertThat(error.problem()).as(what).isEqualTo(problem);
    assertThat(error.field()).as(what).isEqualTo(field);
  }

  /**
   * Verifies every type code 0..255: known codes decode to their type (0x01–0x1F towards terminals,
   * 0x20–0x3F towards the hub), the others fail with UNKNOWN_TYPE naming the code, and 0xF0–0xFF
   * say they are reserved for firmware updates.
   */
  @Test
  void typeCode_every0To255() {
    byte[] ack = vector("ACK");
    for (int code = 0; code < 256; code++) {
      MessageType known = null;
      for (MessageType type : MessageType.values()) {
        if (type.code == code) {
          known = type;
        }
      }
      if (known != null) {
        assertThat(MessageType.fromCode(code)).isSameAs(known);
        assertThat(known.direction)
            .as("direction of 0x%02X", code)
            .isEqualTo(
                code < 0x20 ? MessageType.Direction.TO_TERMINAL : MessageType.Direction.TO_HUB);
        assertThat(code).isBetween(0x01, 0x3F);
        assertThat(known.requiresSignature()).isEqualTo(code < 0x20);
        continue;
      }
      byte[] bytes = ack.clone();
      bytes[TYPE] = (byte) code;
      String reserved = code >= 0xF0 ? " (reserved for firmware updates)" : "";
      ProtocolException error = decodeError(bytes);
      assertThat(error).as("code 0x%02X", code).isNotNull();
      assertThat(error.problem()).isEqualTo(Problem.UNKNOWN_TYPE);
      assertThat(error.field()).isEqualTo("type");
      assertThat(error)
          .hasMessage(
              String.format("Invalid 'type': unknown message type 0x%02X%s", code, reserved));
    }
  }

  /** Verifies that fromCode refuses codes outside a byte instead of indexing past its table. */
  @Test
  void typeCode_outsideAByte() {
    for (int code : new int[] {-1, 256, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
      assertThatThrownBy(() -> MessageType.fromCode(code))
          .isInstanceOfSatisfying(
              ProtocolException.class,
              e -> assertThat(e.problem()).isEqualTo(Problem.UNKNOWN_TYPE));
    }
  }

  /**
   * Verifies every flags byte: bit 0 says a signature trailer follows, bit 1 asks for an ACK, and
   * the six reserved bits change nothing in the decoded frame (they are re-encoded as zero).
   */
  @Test
  void flags_every0To255() {
    byte[] ack = vector("ACK");
    Frame plain = FrameCodec.decode(ack);
    for (int flags = 0; flags < 256; flags++) {
      // GIVEN the ACK vector with these flags, and a trailer when bit 0 says it is signed
      boolean signed = (flags & 1) != 0;
      byte[] bytes = Arrays.copyOf(ack, ack.length + (signed ? Frame.Signature.SIZE : 0));
      bytes[FLAGS] = (byte) flags;
      if (signed) {
        bytes[ack.length + 1] = 9; // key id 9, signature all zeros
      }

      // WHEN
      Frame frame = FrameCodec.decode(bytes);

      // THEN
      assertThat(frame.signed()).as("flags 0x%02X", flags).isEqualTo(signed);
      assertThat(frame.ackRequested()).isEqualTo((flags & 2) != 0);
      assertThat(frame.withSignature(null).withAckRequested(false)).isEqualTo(plain);
      if (signed) {
        assertThat(frame.signature().keyId()).isEqualTo(9);
      }
      byte[] reencoded = FrameCodec.encode(frame);
      assertThat(reencoded[FLAGS]).isEqualTo((byte) (flags & 0b11));
      assertThat(Arrays.copyOfRange(reencoded, FLAGS + 1, reencoded.length))
          .isEqualTo(Arrays.copyOfRange(bytes, FLAGS + 1, bytes.length));
    }
  }

  /**
   * Verifies every address kind byte with twelve zero address bytes: hub, group 0 and all decode;
   * zeros are no terminal or area code; kinds 5..255 are unknown.
   */
  @Test
  void addressKind_every0To255() {
    byte[] ack = vector("ACK");
    String zeros = "0".repeat(24);
    for (int kind = 0; kind < 256; kind++) {
      byte[] bytes = ack.clone();
      bytes[ADDRESS_KIND] = (byte) kind;
      Arrays.fill(bytes, ADDRESS, ADDRESS + Address.WIRE_SIZE, (byte) 0);
      switch (kind) {
        case 0 -> assertThat(FrameCodec.decode(bytes).address()).isEqualTo(Address.hub());
        case 3 -> assertThat(FrameCodec.decode(bytes).address()).isEqualTo(Address.group(0));
        case 4 -> assertThat(FrameCodec.decode(bytes).address()).isEqualTo(Address.all());
        case 1 ->
            assertThat(decodeError(bytes))
                .hasMessage("Invalid 'address': '" + zeros + "' is not 23 digits");
        case 2 ->
            assertThat(decodeError(bytes))
                .hasMessage(
                    "Invalid 'address': '"
                        + zeros
                        + "' is not an area code of 2, 4, 6, 9 or 12 digits");
        default -> {
          ProtocolException error = decodeError(bytes);
          assertThat(error.problem()).isEqualTo(Problem.BAD_VALUE);
          assertThat(error.field()).isEqualTo("address kind");
          assertThat(error).hasMessage("Invalid 'address kind': unknown kind " + kind);
        }
      }
    }
  }

  /**
   * Verifies every value 0..15 of every nibble of a terminal address (23 digits and a 0xF filler):
   * a digit replaces the digit, 0xA–0xE is never a digit, and a filler anywhere but at the end
   * either shortens the code or is followed by a digit.
   */
  @Test
  void terminalAddress_everyNibbleValueAtEveryPosition() {
    byte[] original = vector("SET_VOLUME");
    String code = GoldenFrames.RESOURCE_CODE;
    for (int position = 0; position < 24; position++) {
      for (int value = 0; value < 16; value++) {
        byte[] bytes = original.clone();
        int at = ADDRESS + position / 2;
        bytes[at] =
            (byte)
                (position % 2 == 0
                    ? (bytes[at] & 0x0F) | (value << 4)
                    : (bytes[at] & 0xF0) | value);
        String what = "nibble " + position + " = 0x" + Integer.toHexString(value);
        String expected = expectedTerminalError(code, position, value);
        if (expected == null) {
          String digits =
              position < 23
                  ? code.substring(0, position) + value + code.substring(position + 1)
                  : code;
          assertThat(FrameCodec.decode(bytes).address())
              .as(what)
              .isEqualTo(Address.terminal(digits));
        } else {
          ProtocolException error = decodeError(bytes);
          assertThat(error).as(what).isNotNull();
          assertThat(error.field()).isEqualTo("address");
          assertThat(error).as(what).hasMessage(expected);
        }
      }
    }
  }

  /** The error message a nibble value at a position of a 23-digit code gives, or null. */
  private static String expectedTerminalError(String code, int position, int value) {
    if (value >= 0xA && value <= 0xE) {
      return "Invalid 'address': nibble "
          + position
          + " is 0x"
          + Integer.toHexString(value)
          + ", not a BCD digit";
    }
    if (position == 23) {
      return value == 0xF ? null : "Invalid 'address': '" + code + value + "' is not 23 digits";
    }
    if (value <= 9) {
      return null;
    }
    // 0xF: the code ends early; the next nibble is a digit, or (at 22) the filler
    if (position == 22) {
      return "Invalid 'address': '" + code.substring(0, 22) + "' is not 23 digits";
    }
    return "Invalid 'address': nibble "
        + (position + 1)
        + " is 0x"
        + code.charAt(position + 1)
        + ", not a BCD digit";
  }

  /**
   * Verifies area codes of every length 0..24 digits in BCD: only the five administrative levels
   * (2, 4, 6, 9, 12 digits) are an area address.
   */
  @Test
  void areaAddress_everyLength() {
    byte[] original = vector("AMP_ON_CITY");
    String digits = "420525105201987654321098";
    for (int length = 0; length <= 24; length++) {
      byte[] bytes = original.clone();
      for (int i = 0; i < 12; i++) {
        int high = 2 * i < length ? digits.charAt(2 * i) - '0' : 0xF;
        int low = 2 * i + 1 < length ? digits.charAt(2 * i + 1) - '0' : 0xF;
        bytes[ADDRESS + i] = (byte) ((high << 4) | low);
      }
      String code = digits.substring(0, length);
      if (List.of(2, 4, 6, 9, 12).contains(length)) {
        assertThat(FrameCodec.decode(bytes).address()).isEqualTo(Address.area(code));
      } else {
        assertThat(decodeError(bytes))
            .as("%d digits", length)
            .hasMessage(
                "Invalid 'address': '" + code + "' is not an area code of 2, 4, 6, 9 or 12 digits");
      }
    }
  }

  /** Verifies SET_VOLUME volume 0..255: 0..100 decode, the rest are refused with the range. */
  @Test
  void setVolume_every0To255() {
    byte[] original = vector("SET_VOLUME");
    for (int volume = 0; volume < 256; volume++) {
      byte[] bytes = original.clone();
      bytes[BODY] = (byte) volume;
      if (volume <= 100) {
        assertThat(FrameCodec.decode(bytes).message()).isEqualTo(new Message.SetVolume(volume));
      } else {
        ProtocolException error = decodeError(bytes);
        assertThat(error.problem()).isEqualTo(Problem.BAD_VALUE);
        assertThat(error.field()).isEqualTo("volume");
        assertThat(error).hasMessage("Invalid 'volume': " + volume + " is outside 0..100");
      }
    }
  }

  /** Verifies PLAY volume 0..255: 0..100 and 255 (keep the current volume) decode. */
  @Test
  void playVolume_every0To255() {
    byte[] original = vector("PLAY_EMERGENCY_COUNTY");
    int volumeAt = BODY + 32;
    for (int volume = 0; volume < 256; volume++) {
      byte[] bytes = original.clone();
      bytes[volumeAt] = (byte) volume;
      if (volume <= 100 || volume == Message.Play.KEEP_VOLUME) {
        assertThat(((Message.Play) FrameCodec.decode(bytes).message()).volume()).isEqualTo(volume);
      } else {
        assertThat(decodeError(bytes))
            .hasMessage("Invalid 'volume': " + volume + " is outside 0..100");
      }
    }
  }

  /**
   * Verifies alert level × alert class: every level byte 0..255 with every known class (0..4) and
   * with the first unknown one, and every class byte 0..255 with the levels at the edges. Levels
   * 0..4 are allowed, and level 0 goes with the daily class and only with it.
   */
  @Test
  void play_everyAlertLevelAndClass() {
    byte[] original = vector("PLAY_EMERGENCY_COUNTY");
    int levelAt = BODY + 9;
    int classAt = BODY + 10;
    int accepted = 0;
    for (int level = 0; level < 256; level++) {
      for (int alertClass = 0; alertClass < 256; alertClass++) {
        boolean levelSweep = alertClass <= 5;
        boolean classSweep = level <= 1 || level == 4 || level == 5 || level == 255;
        if (!levelSweep && !classSweep) {
          continue;
        }
        byte[] bytes = original.clone();
        bytes[levelAt] = (byte) level;
        bytes[classAt] = (byte) alertClass;
        String what = "level " + level + " class " + alertClass;
        if (alertClass > 4) {
          expectError(
              bytes,
              Problem.BAD_VALUE,
              "alert class",
              "Invalid 'alert class': unknown code " + alertClass,
              what);
        } else if (level > 4) {
          expectError(
              bytes,
              Problem.BAD_VALUE,
              "alert level",
              "Invalid 'alert level': " + level + " is outside 0..4",
              what);
        } else if ((alertClass == 0) != (level == 0)) {
          expectError(
              bytes,
              Problem.BAD_VALUE,
              "alert level",
              "Invalid 'alert level': level "
                  + level
                  + " does not fit class "
                  + AlertClass.values()[alertClass],
              what);
        } else {
          Message.Play play = (Message.Play) FrameCodec.decode(bytes).message();
          assertThat(play.alertLevel()).isEqualTo(level);
          assertThat(play.alertClass().code()).isEqualTo(alertClass);
          assertThat(play.passesQuietHours()).isEqualTo(alertClass == 1);
          accepted++;
        }
      }
    }
    // daily with level 0, and four alert classes with levels 1..4
    assertThat(accepted).isEqualTo(1 + 4 * 4);
  }

  /** A one-byte field: where it is in which vector, and its enum (null for a boolean). */
  record CodeField(String vector, int offset, String field, Class<? extends WireCode> type) {
    @Override
    public String toString() {
      return field;
    }
  }

  static List<CodeField> codeFields() {
    return List.of(
        // alert class is swept together with the alert level in its own test
        new CodeField("PLAY_EMERGENCY_COUNTY", BODY + 11, "source", SourceKind.class),
        new CodeField("NACK_QUIET_HOURS", BODY, "reason", NackReason.class),
        new CodeField("STATUS_REPORT_BROADCASTING", BODY + 4, "state", TerminalState.class),
        new CodeField("STATUS_REPORT_BROADCASTING", BODY + 19, "line state", LineState.class),
        new CodeField("HEARTBEAT", BODY + 4, "state", TerminalState.class),
        new CodeField("TASK_FINISHED", BODY + 24, "outcome", TaskOutcome.class),
        new CodeField("PLAY_LOG_REPORT", BODY + 1 + 24, "outcome", TaskOutcome.class),
        new CodeField("KEY_UPDATE_ADD", BODY, "operation", KeyOperation.class),
        new CodeField("AUDIO_ONE_FRAME", BODY + 4, "codec", AudioCodec.class));
  }

  /**
   * Verifies every byte value of every enumerated body field: each known code decodes to the
   * constant with that code (re-encoding to the same byte), every other value is refused naming the
   * field and the code.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("codeFields")
  void enumField_every0To255(CodeField field) {
    byte[] original = vector(field.vector());
    int known = 0;
    for (int code = 0; code < 256; code++) {
      byte[] bytes = original.clone();
      bytes[field.offset()] = (byte) code;
      boolean isKnown = false;
      for (WireCode constant : field.type().getEnumConstants()) {
        isKnown |= constant.code() == code;
      }
      if (isKnown) {
        Frame frame = FrameCodec.decode(bytes);
        assertThat(FrameCodec.encode(frame)[field.offset()]).isEqualTo((byte) code);
        known++;
      } else {
        ProtocolException error = decodeError(bytes);
        assertThat(error).as("%s code %d", field, code).isNotNull();
        assertThat(error.problem()).isEqualTo(Problem.BAD_VALUE);
        assertThat(error.field()).isEqualTo(field.field());
        assertThat(error).hasMessage("Invalid '" + field.field() + "': unknown code " + code);
      }
    }
    assertThat(known).isEqualTo(field.type().getEnumConstants().length);
  }

  static List<CodeField> booleanFields() {
    return List.of(
        new CodeField("STATUS_REPORT_BROADCASTING", BODY + 6, "amplifier on", null),
        new CodeField("AUDIO_ONE_FRAME", BODY + 20, "end of stream", null));
  }

  /** Verifies every byte value of a boolean field: 0 and 1 decode, every other is refused. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("booleanFields")
  void booleanField_every0To255(CodeField field) {
    byte[] original = vector(field.vector());
    for (int value = 0; value < 256; value++) {
      byte[] bytes = original.clone();
      bytes[field.offset()] = (byte) value;
      if (value <= 1) {
        assertThat(FrameCodec.encode(FrameCodec.decode(bytes))).isEqualTo(bytes);
      } else {
        expectError(
            bytes,
            Problem.BAD_VALUE,
            field.field(),
            "Invalid '" + field.field() + "': " + value + " is outside 0..1",
            field + " " + value);
      }
    }
  }

  /** Verifies the signed byte 'signal strength': all 256 values map onto -128..127. */
  @Test
  void signalStrength_every0To255() {
    byte[] original = vector("STATUS_REPORT_BROADCASTING");
    for (int value = 0; value < 256; value++) {
      byte[] bytes = original.clone();
      bytes[BODY + 20] = (byte) value;
      Message.StatusReport report = (Message.StatusReport) FrameCodec.decode(bytes).message();
      assertThat(report.signalStrength()).isEqualTo((int) (byte) value);
      assertThat(FrameCodec.encode(FrameCodec.decode(bytes))).isEqualTo(bytes);
    }
  }

  /**
   * Verifies every body length from 0 to four times the maximum, and the largest u16, on an ACK:
   * only the true length decodes.
   */
  @Test
  void bodyLength_every0To4096() {
    byte[] ack = vector("ACK");
    for (int length = 0; length < 0x10000; length = length == 4096 ? 0xFFFF : length + 1) {
      byte[] bytes = ack.clone();
      bytes[BODY_LENGTH] = (byte) (length >>> 8);
      bytes[BODY_LENGTH + 1] = (byte) length;
      if (length == 0) {
        assertThat(FrameCodec.decode(bytes).message()).isEqualTo(new Message.Ack());
        continue;
      }
      if (length > Message.MAX_BODY) {
        expectError(
            bytes,
            Problem.TOO_LONG,
            "body length",
            "Invalid 'body length': " + length + " bytes, at most " + Message.MAX_BODY,
            "length " + length);
      } else {
        expectError(
            bytes,
            Problem.TRUNCATED,
            "body length",
            "Invalid 'body length': frame needs "
                + (Frame.HEADER_SIZE + length)
                + " bytes, has "
                + Frame.HEADER_SIZE,
            "length " + length);
      }
    }
  }
}
