package org.villagecast.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.villagecast.protocol.security.HubSigner;
import org.villagecast.protocol.security.KeyRing;
import org.villagecast.protocol.testing.GoldenFrames;
import org.villagecast.protocol.testing.RandomMessages;
import org.villagecast.protocol.testing.SeededRuns;
import org.villagecast.protocol.testing.TestKeys;
import org.villagecast.protocol.testing.Vectors;

/**
 * decode→encode identity and encode→decode identity over generated frames of every type, signed and
 * unsigned, plus the body-size and minor-version edges.
 */
class FrameCodecRoundTripTest {

  /** Verifies that random unsigned frames of each type survive encode→decode→encode unchanged. */
  @ParameterizedTest
  @EnumSource(MessageType.class)
  void unsignedRandomFrames_roundTrip(MessageType type) {
    SeededRuns.repeat(
        0x5EED_0000L + type.code,
        400,
        random -> {
          // GIVEN
          Frame frame = new RandomMessages(random).frame(type);

          // WHEN
          byte[] wire = FrameCodec.encode(frame);
          Frame decoded = FrameCodec.decode(wire);

          // THEN
          assertThat(decoded).isEqualTo(frame);
          assertThat(decoded.signed()).isFalse();
          assertThat(FrameCodec.encode(decoded)).isEqualTo(wire);
          assertThat(wire.length).isEqualTo(Frame.HEADER_SIZE + bodyLength(wire));
        });
  }

  /**
   * Verifies that random frames of each hub-to-terminal type, signed by HubSigner, decode to the
   * same frame, verify with the key ring, and re-encode to the same bytes.
   */
  @ParameterizedTest
  @MethodSource("hubTypes")
  void signedRandomFrames_roundTrip(MessageType type) {
    HubSigner signer = TestKeys.signer();
    KeyRing ring = TestKeys.keyRing();
    SeededRuns.repeat(
        0x5161_0000L + type.code,
        30,
        random -> {
          Frame frame = new RandomMessages(random).frame(type);

          byte[] wire = signer.encodeSigned(frame);
          Frame decoded = FrameCodec.decode(wire);

          assertThat(decoded.withSignature(null)).isEqualTo(frame);
          assertThat(decoded.signature().keyId()).isEqualTo(TestKeys.KEY_ID);
          assertThat(ring.verify(wire, decoded)).isEqualTo(KeyRing.Check.VALID);
          assertThat(FrameCodec.encode(decoded)).isEqualTo(wire);
          assertThat(wire.length)
              .isEqualTo(Frame.HEADER_SIZE + bodyLength(wire) + Frame.Signature.SIZE);
        });
  }

  /**
   * Verifies that a frame decodes the same from the middle of a larger buffer, reading only its own
   * slice.
   */
  @Test
  void decode_sliceOfALargerBuffer() {
    SeededRuns.repeat(
        77,
        300,
        random -> {
          Frame frame = new RandomMessages(random).frame();
          byte[] wire = FrameCodec.encode(frame);
          byte[] buffer = new byte[wire.length + 40];
          random.nextBytes(buffer);
          int offset = random.nextInt(41);
          System.arraycopy(wire, 0, buffer, offset, wire.length);

          assertThat(FrameCodec.decode(buffer, offset, wire.length)).isEqualTo(frame);
        });
  }

  /**
   * Verifies the AUDIO size limit: frames filling the body to exactly 1024 bytes pass (a 1124-byte
   * frame when signed), one byte more is refused when the message is built.
   */
  @Test
  void audio_bodyAtAndAboveTheMaximum() {
    // GIVEN an AUDIO body of 22 fixed bytes plus one frame of 2 + n bytes
    int largest = Message.MAX_BODY - 22 - 2;
    Frame atMaximum = audioFrame(largest);

    // WHEN / THEN
    byte[] wire = FrameCodec.encode(atMaximum);
    assertThat(bodyLength(wire)).isEqualTo(Message.MAX_BODY);
    assertThat(FrameCodec.decode(wire)).isEqualTo(atMaximum);
    byte[] signed = TestKeys.signer().encodeSigned(atMaximum);
    assertThat(signed).hasSize(Frame.MAX_SIZE);
    assertThat(FrameCodec.decode(signed).withSignature(null)).isEqualTo(atMaximum);

    assertThatThrownBy(() -> audioFrame(largest + 1))
        .isInstanceOfSatisfying(
            ProtocolException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(ProtocolException.Problem.TOO_LONG);
              assertThat(e.field()).isEqualTo("frame count");
            })
        .hasMessage("Invalid 'frame count': the frames need a 1025-byte body, at most 1024");
  }

  /**
   * Verifies the PLAY size limit: a source text of 988 UTF-8 bytes fills the body to exactly 1024
   * bytes, 989 are refused.
   */
  @Test
  void play_sourceTextAtAndAboveTheMaximum() {
    String text = "通".repeat(329) + "x"; // 329 × 3 + 1 = 988 bytes
    Frame frame = Frame.of(Address.all(), 1, 0, GoldenFrames.T0, play(text));

    byte[] wire = FrameCodec.encode(frame);

    assertThat(bodyLength(wire)).isEqualTo(Message.MAX_BODY);
    assertThat(FrameCodec.decode(wire)).isEqualTo(frame);
    assertThatThrownBy(() -> play(text + "x"))
        .isInstanceOfSatisfying(
            ProtocolException.class,
            e -> assertThat(e.problem()).isEqualTo(ProtocolException.Problem.TOO_LONG))
        .hasMessage("Invalid 'source text': 989 UTF-8 bytes, at most 988");
  }

  /**
   * Verifies that the largest FAULT_DETAIL_REPORT (16 faults with 48-byte details) fits a body, and
   * that a 49-byte detail is refused.
   */
  @Test
  void faultDetailReport_largestFits() {
    String detail = "故障".repeat(8); // 16 characters, 48 bytes
    List<Message.FaultDetail> faults = new ArrayList<>();
    for (int i = 0; i < Message.FaultDetailReport.MAX_FAULTS; i++) {
      faults.add(new Message.FaultDetail(i, GoldenFrames.T0, detail));
    }
    Frame frame =
        Frame.of(
            GoldenFrames.TERMINAL, 1, 0, GoldenFrames.T0, new Message.FaultDetailReport(faults));

    byte[] wire = FrameCodec.encode(frame);

    assertThat(bodyLength(wire)).isEqualTo(1 + 16 * (2 + 8 + 1 + 48));
    assertThat(FrameCodec.decode(wire)).isEqualTo(frame);
    assertThatThrownBy(() -> new Message.FaultDetail(0, 0, detail + "!"))
        .hasMessage("Invalid 'detail': 49 UTF-8 bytes, at most 48");
  }

  /** Verifies that message id 0 is refused: refers-to 0 means "none". */
  @Test
  void frame_messageIdZero() {
    assertThatThrownBy(() -> Frame.of(Address.all(), 0, 0, 0, new Message.AmpOn()))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.field()).isEqualTo("message id"))
        .hasMessage("Invalid 'message id': 0 is outside 1..4294967295");
  }

  /** Verifies that a whole frame above the maximum size is refused before any field is read. */
  @Test
  void decode_frameAboveTheMaximumSize() {
    assertThatThrownBy(() -> FrameCodec.decode(new byte[Frame.MAX_SIZE + 1]))
        .isInstanceOfSatisfying(
            ProtocolException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(ProtocolException.Problem.TOO_LONG);
              assertThat(e.field()).isEqualTo("frame");
            })
        .hasMessage("Invalid 'frame': 1125 bytes, at most 1124");
  }

  /**
   * Verifies the versioning rule: a newer minor version (0x1F) may append body fields, which this
   * version skips; the same bytes under version 1.0 are an error.
   */
  @Test
  void decode_newerMinorVersionAppendsFields() {
    // GIVEN the golden STOP_ONE_PROVINCE body followed by four bytes of a future field
    Frame stop = GoldenFrames.BY_NAME.get("STOP_ONE_PROVINCE");
    byte[] current = FrameCodec.encode(stop);
    byte[] extended = new byte[current.length + 4];
    System.arraycopy(current, 0, extended, 0, current.length);
    extended[current.length] = 0x7F;
    extended[33] = (byte) (bodyLength(current) + 4);

    // WHEN a 1.15 frame
    extended[0] = 0x1F;
    Frame newer = FrameCodec.decode(extended);

    // THEN
    assertThat(newer.version()).isEqualTo(0x1F);
    assertThat(newer.message()).isEqualTo(stop.message());

    // WHEN a 1.0 frame
    extended[0] = 0x10;
    assertThatThrownBy(() -> FrameCodec.decode(extended))
        .isInstanceOfSatisfying(
            ProtocolException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(ProtocolException.Problem.TRAILING_BYTES);
              assertThat(e.field()).isEqualTo("body length");
            })
        .hasMessage("Invalid 'body length': 4 byte(s) after the last field of STOP");
  }

  /** Verifies that a message in a minor version other than 1.0 keeps its version on re-encode. */
  @Test
  void encode_keepsTheMinorVersion() {
    Frame frame = new Frame(0x13, true, Address.all(), 1, 2, 3, new Message.AmpOff(), null);

    byte[] wire = FrameCodec.encode(frame);

    assertThat(wire[0]).isEqualTo((byte) 0x13);
    assertThat(FrameCodec.decode(wire)).isEqualTo(frame);
  }

  /** Verifies that every golden vector decodes to the same frame when re-encoded and decoded. */
  @Test
  void vectors_encodeDecodeIdentity() {
    List<String> checked = new ArrayList<>();
    for (Vectors.Vector vector : Vectors.read(Vectors.FRAMES)) {
      Frame decoded = FrameCodec.decode(vector.bytes());
      assertThat(FrameCodec.decode(FrameCodec.encode(decoded)))
          .as(vector.name())
          .isEqualTo(decoded);
      checked.add(vector.name());
    }
    assertThat(checked).hasSizeGreaterThanOrEqualTo(MessageType.values().length);
  }

  static Stream<MessageType> hubTypes() {
    return Arrays.stream(MessageType.values()).filter(MessageType::requiresSignature);
  }

  private static Frame audioFrame(int opusBytes) {
    return Frame.of(
        Address.all(),
        1,
        0,
        GoldenFrames.T0,
        new Message.Audio(7, AudioCodec.OPUS, 1, 20000, 0, 0, false, List.of(new byte[opusBytes])));
  }

  private static Message.Play play(String sourceText) {
    return new Message.Play(1, 1, 0, AlertClass.DAILY, SourceKind.TEXT, 0, 0, 0, 50, 1, sourceText);
  }

  static int bodyLength(byte[] wire) {
    return ((wire[32] & 0xFF) << 8) | (wire[33] & 0xFF);
  }
}
