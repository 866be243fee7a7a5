package org.villagecast.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.villagecast.protocol.codec.BodyWriter;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.MessageType;
import org.villagecast.protocol.codec.ProtocolException;

/**
 * Fuzzes every message decoder directly: the first byte chooses the {@link MessageType} (its
 * position in {@code MessageType.values()}, modulo their count), the rest is decoded as that type's
 * body. Through the whole frame most fuzzed bytes die in the header; this way each decoder is
 * reached on every input.
 *
 * <p>Only a {@link ProtocolException} may escape. A body that decodes has the chosen type and is
 * canonical: written again it gives the same bytes.
 */
class BodyDecoderFuzzTest {

  static MessageType typeOf(byte selector) {
    MessageType[] types = MessageType.values();
    return types[(selector & 0xFF) % types.length];
  }

  @FuzzTest
  void decodeBody(byte[] input) {
    if (input.length == 0) {
      return;
    }
    MessageType type = typeOf(input[0]);
    byte[] body = Arrays.copyOfRange(input, 1, input.length);

    // WHEN the body is decoded as the chosen type
    Message message;
    try {
      message = FrameCodec.decodeBody(type, body);
    } catch (ProtocolException e) {
      assertThat(e.field()).isNotBlank();
      return;
    }

    // THEN it is of that type, and writing it gives back the very same bytes
    assertThat(message.type()).isEqualTo(type);
    BodyWriter out = new BodyWriter(body.length);
    message.write(out);
    byte[] written = out.toByteArray();
    assertThat(written).as("%s written again", type).isEqualTo(body);
    assertThat(FrameCodec.decodeBody(type, written)).isEqualTo(message);
  }
}
