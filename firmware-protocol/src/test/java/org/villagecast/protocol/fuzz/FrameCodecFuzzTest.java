package org.villagecast.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.function.Supplier;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.ProtocolException;

/**
 * Fuzzes {@link FrameCodec#decode} with arbitrary bytes: only a {@link ProtocolException} may
 * escape, and whatever decodes must re-encode to bytes that decode to an equal frame.
 *
 * <p>A frame of a newer minor version (fields appended to the body) or with reserved flag bits set
 * is legitimately not re-encoded byte for byte, so the comparison is between decoded frames; only
 * canonical frames (version 1.0, no reserved flags) must come back byte-identical.
 */
class FrameCodecFuzzTest {

  /** What decoding gave: a frame, or the error's kind, field and message. */
  record Outcome(Frame frame, String error) {
    static Outcome of(Supplier<Frame> decode) {
      try {
        return new Outcome(decode.get(), null);
      } catch (ProtocolException e) {
        assertThat(e.problem()).isNotNull();
        assertThat(e.field()).isNotBlank();
        return new Outcome(null, e.problem() + " " + e.getMessage());
      }
    }
  }

  private static final int RESERVED_FLAGS = ~(Frame.FLAG_SIGNED | Frame.FLAG_ACK_REQUESTED) & 0xFF;

  @FuzzTest
  void decode(byte[] input) {
    // WHEN the bytes are decoded on their own, and from the middle of a larger buffer
    Outcome alone = Outcome.of(() -> FrameCodec.decode(input));
    byte[] padded = new byte[input.length + 7];
    Arrays.fill(padded, (byte) 0xA5);
    System.arraycopy(input, 0, padded, 3, input.length);
    Outcome inBuffer = Outcome.of(() -> FrameCodec.decode(padded, 3, input.length));

    // THEN the neighbouring bytes make no difference
    assertThat(inBuffer).isEqualTo(alone);
    if (alone.frame() == null) {
      return;
    }

    // AND what decoded encodes again, to bytes that decode to the same frame
    Frame frame = alone.frame();
    assertThat(frame.signed()).isEqualTo((input[2] & Frame.FLAG_SIGNED) != 0);
    byte[] encoded = FrameCodec.encode(frame);
    assertThat(FrameCodec.decode(encoded)).isEqualTo(frame);
    boolean canonical = frame.version() == Frame.VERSION && (input[2] & RESERVED_FLAGS) == 0;
    if (canonical) {
      assertThat(encoded).as("re-encoded canonical frame").isEqualTo(input);
    }
  }
}
