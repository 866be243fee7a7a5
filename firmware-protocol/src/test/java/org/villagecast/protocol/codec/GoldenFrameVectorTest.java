package org.villagecast.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.villagecast.protocol.security.HubSigner;
import org.villagecast.protocol.security.KeyRing;
import org.villagecast.protocol.testing.GoldenFrames;
import org.villagecast.protocol.testing.TestKeys;
import org.villagecast.protocol.testing.Vectors;
import org.villagecast.protocol.testing.Vectors.Vector;

/**
 * Golden vectors: frames.hex was built by make_vectors.py from the wire layout, with OpenSSL
 * signatures, and shares no code with this codec. Each line must decode to the frame the script
 * described, re-encode to the same bytes, and (hub frames) carry a valid signature.
 */
class GoldenFrameVectorTest {

  static List<Vector> vectors() {
    return Vectors.read(Vectors.FRAMES);
  }

  /** Verifies that the file holds every frame described in GoldenFrames, and no other. */
  @Test
  void file_namesEveryDescribedFrame() {
    assertThat(vectors()).extracting(Vector::name).doesNotHaveDuplicates();
    assertThat(vectors().stream().map(Vector::name).collect(Collectors.toSet()))
        .isEqualTo(GoldenFrames.BY_NAME.keySet());
  }

  /** Verifies that the vectors hold at least one frame of every message type. */
  @Test
  void file_coversEveryMessageType() {
    Set<MessageType> seen = EnumSet.noneOf(MessageType.class);
    for (Vector vector : vectors()) {
      seen.add(FrameCodec.decode(vector.bytes()).type());
    }
    assertThat(seen).containsExactlyInAnyOrder(MessageType.values());
  }

  /** Verifies that each vector decodes to exactly the header and message the script wrote. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decode_givesTheFieldsTheScriptSet(Vector vector) {
    // WHEN
    Frame decoded = FrameCodec.decode(vector.bytes());

    // THEN
    Frame expected = GoldenFrames.BY_NAME.get(vector.name());
    assertThat(decoded.withSignature(null)).isEqualTo(expected);
    assertThat(decoded.version()).isEqualTo(0x10);
    // Vector names start with their type's name: the comment and the bytes agree.
    assertThat(vector.name()).startsWith(decoded.type().name());
  }

  /** Verifies that every vector re-encodes to the very same bytes. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void encode_reproducesTheVectorByteForByte(Vector vector) {
    Frame decoded = FrameCodec.decode(vector.bytes());

    assertThat(Vectors.hex(FrameCodec.encode(decoded))).isEqualTo(Vectors.hex(vector.bytes()));
  }

  /**
   * Verifies that hub-to-terminal vectors are signed under the test key id and verify with the RFC
   * 8032 test 1 public key, and that terminal-to-hub vectors are unsigned.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void signature_hubFramesVerifyWithTheTestKey(Vector vector) {
    Frame decoded = FrameCodec.decode(vector.bytes());
    KeyRing ring = TestKeys.keyRing();

    if (decoded.type().requiresSignature()) {
      assertThat(decoded.signed()).isTrue();
      assertThat(decoded.signature().keyId()).isEqualTo(TestKeys.KEY_ID);
      assertThat(ring.verify(vector.bytes(), decoded)).isEqualTo(KeyRing.Check.VALID);
    } else {
      assertThat(decoded.signed()).isFalse();
      assertThat(ring.verify(vector.bytes(), decoded)).isEqualTo(KeyRing.Check.UNSIGNED);
    }
  }

  /**
   * Verifies that HubSigner, given the frame the script described and the same key, produces the
   * OpenSSL-signed bytes exactly (Ed25519 is deterministic).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void hubSigner_reproducesTheOpenSslSignature(Vector vector) {
    Frame expected = GoldenFrames.BY_NAME.get(vector.name());
    HubSigner signer = TestKeys.signer();

    byte[] wire =
        expected.type().requiresSignature()
            ? signer.encodeSigned(expected)
            : FrameCodec.encode(expected);

    assertThat(Vectors.hex(wire)).isEqualTo(Vectors.hex(vector.bytes()));
  }
}
