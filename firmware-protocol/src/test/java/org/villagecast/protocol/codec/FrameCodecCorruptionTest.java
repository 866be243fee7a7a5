package org.villagecast.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.villagecast.protocol.codec.ProtocolException.Problem;
import org.villagecast.protocol.security.KeyRing;
import org.villagecast.protocol.testing.TestKeys;
import org.villagecast.protocol.testing.Vectors;

/**
 * One corrupted byte of a golden vector gives exactly one error: the problem, the field named as in
 * PROTOCOL.md, and the message. Signed frames whose layout survives the damage are caught by the
 * signature instead.
 */
class FrameCodecCorruptionTest {

  // Offsets in the header (see the Frame diagram).
  private static final int VERSION = 0;
  private static final int TYPE = 1;
  private static final int FLAGS = 2;
  private static final int ADDRESS_KIND = 3;
  private static final int ADDRESS = 4;
  private static final int MESSAGE_ID = 16;
  private static final int BODY_LENGTH = 32;
  private static final int BODY = 34;

  /** The golden vector with one byte replaced. */
  private static byte[] vectorWith(String name, int offset, int value) {
    byte[] bytes = Vectors.byName(Vectors.FRAMES).get(name).bytes();
    bytes[offset] = (byte) value;
    return bytes;
  }

  private static void assertDecodeFails(
      byte[] bytes, Problem problem, String field, String message) {
    assertThatThrownBy(() -> FrameCodec.decode(bytes))
        .isInstanceOfSatisfying(
            ProtocolException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(problem);
              assertThat(e.field()).isEqualTo(field);
            })
        .hasMessage(message);
  }

  /** Verifies that another major version in the version byte is named as such. */
  @ParameterizedTest
  @ValueSource(ints = {0x00, 0x0F, 0x20, 0x21, 0xFF})
  void version_otherMajor(int version) {
    assertDecodeFails(
        vectorWith("SET_VOLUME", VERSION, version),
        Problem.UNSUPPORTED_VERSION,
        "version",
        String.format(
            "Invalid 'version': version 0x%02X, this side speaks major version 1", version));
  }

  /** Verifies that an unknown type code is named, in hex. */
  @Test
  void type_unknownCode() {
    assertDecodeFails(
        vectorWith("SET_VOLUME", TYPE, 0x99),
        Problem.UNKNOWN_TYPE,
        "type",
        "Invalid 'type': unknown message type 0x99");
  }

  /** Verifies that a firmware-update type code is refused and said to be reserved for that. */
  @Test
  void type_firmwareUpdateCode() {
    assertDecodeFails(
        vectorWith("SET_VOLUME", TYPE, 0xF3),
        Problem.UNKNOWN_TYPE,
        "type",
        "Invalid 'type': unknown message type 0xF3 (reserved for firmware updates)");
  }

  /** Verifies that a body length one too long leaves the frame truncated. */
  @Test
  void bodyLength_oneTooLong() {
    // SET_VOLUME: 34 header + 1 body + 66 trailer = 101 bytes
    assertDecodeFails(
        vectorWith("SET_VOLUME", BODY_LENGTH + 1, 2),
        Problem.TRUNCATED,
        "body length",
        "Invalid 'body length': frame needs 102 bytes, has 101");
  }

  /** Verifies that a body length one too short leaves a byte over at the end. */
  @Test
  void bodyLength_oneTooShort() {
    assertDecodeFails(
        vectorWith("SET_VOLUME", BODY_LENGTH + 1, 0),
        Problem.TRAILING_BYTES,
        "frame",
        "Invalid 'frame': 101 bytes, the header says 100");
  }

  /** Verifies that a body length above the protocol maximum is refused as too long. */
  @Test
  void bodyLength_aboveMaximum() {
    assertDecodeFails(
        vectorWith("SET_VOLUME", BODY_LENGTH, 0x04),
        Problem.TOO_LONG,
        "body length",
        "Invalid 'body length': 1025 bytes, at most 1024");
  }

  /** Verifies that body bytes after the last field of a 1.0 message are refused. */
  @Test
  void body_bytesAfterTheLastField() {
    // GIVEN the unsigned ACK (empty body) with one byte more, and a body length that says so
    byte[] ack = Vectors.byName(Vectors.FRAMES).get("ACK").bytes();
    byte[] longer = Arrays.copyOf(ack, ack.length + 1);
    longer[BODY_LENGTH + 1] = 1;

    assertDecodeFails(
        longer,
        Problem.TRAILING_BYTES,
        "body length",
        "Invalid 'body length': 1 byte(s) after the last field of ACK");
  }

  /** Verifies that a volume of 101 is refused with the field and the range. */
  @Test
  void volume_101() {
    assertDecodeFails(
        vectorWith("SET_VOLUME", BODY, 101),
        Problem.BAD_VALUE,
        "volume",
        "Invalid 'volume': 101 is outside 0..100");
  }

  /** Verifies that a non-decimal BCD nibble in a terminal address is named by its position. */
  @Test
  void address_nonDecimalNibble() {
    // the first address byte is 0x44 (digits 4 and 4); make the second nibble 0xA
    assertDecodeFails(
        vectorWith("SET_VOLUME", ADDRESS, 0x4A),
        Problem.BAD_VALUE,
        "address",
        "Invalid 'address': nibble 1 is 0xa, not a BCD digit");
  }

  /** Verifies that a digit after the 0xF filler of a BCD code is refused. */
  @Test
  void address_digitAfterFiller() {
    // the last address byte is 0x1F (digit 23 and the filler); swap them
    assertDecodeFails(
        vectorWith("SET_VOLUME", ADDRESS + 11, 0xF1),
        Problem.BAD_VALUE,
        "address",
        "Invalid 'address': nibble 23 is 0x1, not a BCD digit");
  }

  /** Verifies that a BCD error inside a body names the body field. */
  @Test
  void config_resourceCodeNibble() {
    assertDecodeFails(
        vectorWith("CONFIG", BODY, 0xB1),
        Problem.BAD_VALUE,
        "resource code",
        "Invalid 'resource code': nibble 0 is 0xb, not a BCD digit");
  }

  /** Verifies that an unknown address kind is named. */
  @Test
  void addressKind_unknown() {
    assertDecodeFails(
        vectorWith("SET_VOLUME", ADDRESS_KIND, 5),
        Problem.BAD_VALUE,
        "address kind",
        "Invalid 'address kind': unknown kind 5");
  }

  /** Verifies that a group address must leave its unused bytes zero. */
  @Test
  void groupAddress_unusedByteSet() {
    assertDecodeFails(
        vectorWith("PLAY_DAILY_TEXT_GROUP", ADDRESS + 11, 1),
        Problem.BAD_VALUE,
        "address",
        "Invalid 'address': unused address bytes must be zero");
  }

  /** Verifies the exact error of an unknown code in each kind of enumerated body field. */
  @Test
  void enumFields_unknownCodes() {
    // PLAY: alert class at body offset 10
    assertDecodeFails(
        vectorWith("PLAY_EMERGENCY_COUNTY", BODY + 10, 5),
        Problem.BAD_VALUE,
        "alert class",
        "Invalid 'alert class': unknown code 5");
    // PLAY: source at body offset 11
    assertDecodeFails(
        vectorWith("PLAY_EMERGENCY_COUNTY", BODY + 11, 4),
        Problem.BAD_VALUE,
        "source",
        "Invalid 'source': unknown code 4");
    // NACK: reason first
    assertDecodeFails(
        vectorWith("NACK_QUIET_HOURS", BODY, 0),
        Problem.BAD_VALUE,
        "reason",
        "Invalid 'reason': unknown code 0");
    // STATUS_REPORT: state at 4, amplifier on at 6, line state at 19; AUDIO: end of stream at 20
    assertDecodeFails(
        vectorWith("STATUS_REPORT_BROADCASTING", BODY + 4, 5),
        Problem.BAD_VALUE,
        "state",
        "Invalid 'state': unknown code 5");
    assertDecodeFails(
        vectorWith("STATUS_REPORT_BROADCASTING", BODY + 6, 2),
        Problem.BAD_VALUE,
        "amplifier on",
        "Invalid 'amplifier on': 2 is outside 0..1");
    assertDecodeFails(
        vectorWith("AUDIO_ONE_FRAME", BODY + 20, 2),
        Problem.BAD_VALUE,
        "end of stream",
        "Invalid 'end of stream': 2 is outside 0..1");
    assertDecodeFails(
        vectorWith("STATUS_REPORT_BROADCASTING", BODY + 19, 3),
        Problem.BAD_VALUE,
        "line state",
        "Invalid 'line state': unknown code 3");
    // KEY_UPDATE: operation first; AUDIO: codec at 4; TASK_FINISHED: outcome at 24
    assertDecodeFails(
        vectorWith("KEY_UPDATE_ADD", BODY, 3),
        Problem.BAD_VALUE,
        "operation",
        "Invalid 'operation': unknown code 3");
    assertDecodeFails(
        vectorWith("AUDIO_ONE_FRAME", BODY + 4, 2),
        Problem.BAD_VALUE,
        "codec",
        "Invalid 'codec': unknown code 2");
    assertDecodeFails(
        vectorWith("TASK_FINISHED", BODY + 24, 5),
        Problem.BAD_VALUE,
        "outcome",
        "Invalid 'outcome': unknown code 5");
  }

  /** Verifies the exact error of a count above its maximum, or of an empty AUDIO. */
  @Test
  void countFields_outOfRange() {
    assertDecodeFails(
        vectorWith("PLAY_LOG_REPORT", BODY, 31),
        Problem.BAD_VALUE,
        "entry count",
        "Invalid 'entry count': 31 is outside 0..30");
    assertDecodeFails(
        vectorWith("FAULT_DETAIL_REPORT", BODY, 17),
        Problem.BAD_VALUE,
        "fault count",
        "Invalid 'fault count': 17 is outside 0..16");
    // CONFIG: group count after 12 + 6 + 4 * 2 bytes
    assertDecodeFails(
        vectorWith("CONFIG", BODY + 26, 33),
        Problem.BAD_VALUE,
        "group count",
        "Invalid 'group count': 33 is outside 0..32");
    // AUDIO: frame count after 4 + 1 + 1 + 2 + 4 + 8 + 1 bytes
    assertDecodeFails(
        vectorWith("AUDIO_ONE_FRAME", BODY + 21, 0),
        Problem.BAD_VALUE,
        "frame count",
        "Invalid 'frame count': 0 is outside 1..50");
    assertDecodeFails(
        vectorWith("PLAY_LOG_QUERY", BODY + 16, 0),
        Problem.BAD_VALUE,
        "max entries",
        "Invalid 'max entries': 0 is outside 1..30");
  }

  /** Verifies that text that is not UTF-8 is refused, naming the text field. */
  @Test
  void text_invalidUtf8() {
    // NACK_QUIET_HOURS: reason, detail length, then "quiet hours ..."
    assertDecodeFails(
        vectorWith("NACK_QUIET_HOURS", BODY + 2, 0xFF),
        Problem.BAD_VALUE,
        "detail",
        "Invalid 'detail': not valid UTF-8");
  }

  /**
   * Verifies that a text length running past the body is reported as truncated text, not as an
   * error of a later field.
   */
  @Test
  void text_lengthPastTheBody() {
    assertDecodeFails(
        vectorWith("NACK_QUIET_HOURS", BODY + 1, 200),
        Problem.TRUNCATED,
        "detail",
        "Invalid 'detail': needs 200 byte(s), 23 left");
  }

  /** Verifies that message id 0 is refused: refers-to 0 means "none". */
  @Test
  void messageId_zero() {
    byte[] bytes = vectorWith("ACK", MESSAGE_ID + 2, 0);
    bytes[MESSAGE_ID + 3] = 0; // ACK's id 5001 = 0x1389

    assertDecodeFails(
        bytes, Problem.BAD_VALUE, "message id", "Invalid 'message id': 0 is outside 1..4294967295");
  }

  /** Verifies that a corrupted signature byte makes the signature fail, not the decoding. */
  @Test
  void signature_corruptedByte() {
    byte[] wire = vectorWith("SET_VOLUME", 100, 0x00);

    Frame frame = FrameCodec.decode(wire);

    assertThat(TestKeys.keyRing().verify(wire, frame)).isEqualTo(KeyRing.Check.BAD_SIGNATURE);
  }

  /** Verifies that a corrupted key id byte names a key the ring does not hold. */
  @Test
  void keyId_corruptedByte() {
    byte[] wire = vectorWith("SET_VOLUME", BODY + 1, 0x07);

    Frame frame = FrameCodec.decode(wire);

    assertThat(frame.signature().keyId()).isEqualTo(0x0702);
    assertThat(TestKeys.keyRing().verify(wire, frame)).isEqualTo(KeyRing.Check.UNKNOWN_KEY);
  }

  /** Verifies that a corrupted header byte the layout cannot catch is caught by the signature. */
  @Test
  void messageId_corruptedByteBreaksTheSignature() {
    byte[] wire = vectorWith("SET_VOLUME", MESSAGE_ID + 3, 0x00);

    Frame frame = FrameCodec.decode(wire);

    assertThat(frame.messageId()).isEqualTo(0x0300); // 1007 = 0x03EF
    assertThat(TestKeys.keyRing().verify(wire, frame)).isEqualTo(KeyRing.Check.BAD_SIGNATURE);
  }

  /**
   * Verifies that flipping one bit of a signed vector either breaks decoding with a
   * ProtocolException or leaves a frame the key ring does not accept: no single-bit change of a
   * signed command is ever VALID. Every bit of the signed part of SET_VOLUME is tried, and one bit
   * of every byte (signature included) of both vectors; each try costs an Ed25519 verification.
   */
  @ParameterizedTest
  @ValueSource(strings = {"SET_VOLUME", "PLAY_EMERGENCY_COUNTY"})
  void bitFlips_neverVerify(String name) {
    byte[] original = Vectors.byName(Vectors.FRAMES).get(name).bytes();
    int signedPart = original.length - Frame.Signature.VALUE_SIZE;
    KeyRing ring = TestKeys.keyRing();
    int decodeErrors = 0;
    for (int bit = 0; bit < original.length * 8; bit++) {
      boolean everyBit = name.equals("SET_VOLUME") && bit / 8 < signedPart;
      if (!everyBit && bit % 8 != (bit / 8) % 8) {
        continue;
      }
      byte[] wire = original.clone();
      wire[bit / 8] ^= (byte) (1 << (bit % 8));
      Frame frame;
      try {
        frame = FrameCodec.decode(wire);
      } catch (ProtocolException e) {
        decodeErrors++;
        continue;
      }
      assertThat(ring.verify(wire, frame)).as("bit %d", bit).isNotEqualTo(KeyRing.Check.VALID);
    }
    // flips in the version byte, the signed flag and the body length break the layout itself
    assertThat(decodeErrors).isPositive();
  }

  /**
   * Verifies every truncation of every vector: the error is TRUNCATED and names the field the frame
   * stops in (a header field, or 'body length' once the header is whole).
   */
  @Test
  void everyTruncation_namesTheField() {
    for (Vectors.Vector vector : Vectors.read(Vectors.FRAMES)) {
      byte[] bytes = vector.bytes();
      for (int length = 0; length < bytes.length; length++) {
        int cut = length;
        assertThatThrownBy(() -> FrameCodec.decode(Arrays.copyOf(bytes, cut)))
            .as("%s cut to %d bytes", vector.name(), cut)
            .isInstanceOfSatisfying(
                ProtocolException.class,
                e -> {
                  assertThat(e.problem()).isEqualTo(Problem.TRUNCATED);
                  assertThat(e.field()).isEqualTo(headerFieldAt(cut));
                });
      }
    }
  }

  /** The header field that contains this offset; the body length once the header is whole. */
  private static String headerFieldAt(int offset) {
    if (offset == VERSION) {
      return "version";
    } else if (offset == TYPE) {
      return "type";
    } else if (offset == FLAGS) {
      return "flags";
    } else if (offset == ADDRESS_KIND) {
      return "address kind";
    } else if (offset < MESSAGE_ID) {
      return "address";
    } else if (offset < 20) {
      return "message id";
    } else if (offset < 24) {
      return "refers-to";
    } else if (offset < BODY_LENGTH) {
      return "timestamp";
    }
    return "body length";
  }
}
