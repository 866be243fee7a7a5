package org.villagecast.protocol.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.testing.BusRecorder;
import org.villagecast.protocol.testing.Vectors;
import org.villagecast.protocol.testing.Vectors.Vector;

/**
 * Golden RS-485 vectors from bus-frames.hex (made by make_vectors.py, CRC by Python's binascii):
 * the parser finds each one whole, with the unit address, control and protocol frame the script
 * set, and BusFrame re-encodes it byte for byte.
 */
class GoldenBusFrameVectorTest {

  /** Unit address, control and (for COMMAND/REPLY) the frames.hex vector inside, by bus name. */
  private record Expected(int address, BusFrame.Control control, String inner) {}

  private static final Map<String, Expected> EXPECTED =
      Map.of(
          "BUS_COMMAND", new Expected(5, BusFrame.Control.COMMAND, "SET_VOLUME"),
          "BUS_COMMAND_AUDIO", new Expected(12, BusFrame.Control.COMMAND, "AUDIO_THREE_FRAMES"),
          "BUS_BROADCAST", new Expected(0, BusFrame.Control.COMMAND, "STOP_ALL"),
          "BUS_POLL", new Expected(5, BusFrame.Control.POLL, null),
          "BUS_REPLY", new Expected(5, BusFrame.Control.REPLY, "ACK"),
          "BUS_REPLY_HEARTBEAT", new Expected(1, BusFrame.Control.REPLY, "HEARTBEAT"),
          "BUS_NOTHING", new Expected(247, BusFrame.Control.NOTHING, null),
          "BUS_NOTHING_UNIT_5", new Expected(5, BusFrame.Control.NOTHING, null),
          "BUS_REPLY_PROTOCOL_EXAMPLE",
              new Expected(5, BusFrame.Control.REPLY, "HEARTBEAT_PROTOCOL_EXAMPLE"));

  static List<Vector> vectors() {
    return Vectors.read(Vectors.BUS_FRAMES);
  }

  /** Verifies that the file names exactly the described bus frames and covers every control. */
  @Test
  void file_coversEveryControl() {
    assertThat(vectors())
        .extracting(Vector::name)
        .containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    Set<BusFrame.Control> controls = EnumSet.noneOf(BusFrame.Control.class);
    EXPECTED.values().forEach(e -> controls.add(e.control()));
    assertThat(controls).containsExactlyInAnyOrder(BusFrame.Control.values());
  }

  /** Verifies that the parser finds each vector as one frame with the fields the script set. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void parse_givesTheFieldsTheScriptSet(Vector vector) {
    // GIVEN
    BusRecorder recorder = new BusRecorder();
    BusFrameParser parser = new BusFrameParser(recorder);

    // WHEN
    parser.feed(vector.bytes());

    // THEN
    assertThat(recorder.errors).isEmpty();
    assertThat(recorder.frames).hasSize(1);
    BusFrame frame = recorder.frames.get(0);
    Expected expected = EXPECTED.get(vector.name());
    assertThat(frame.address()).isEqualTo(expected.address());
    assertThat(frame.control()).isEqualTo(expected.control());
    byte[] inner =
        expected.inner() == null
            ? new byte[0]
            : Vectors.byName(Vectors.FRAMES).get(expected.inner()).bytes();
    assertThat(frame.message()).isEqualTo(inner);
    if (inner.length > 0) {
      assertThat(FrameCodec.encode(FrameCodec.decode(frame.message()))).isEqualTo(inner);
    }
    assertThat(parser.state()).isEqualTo(BusFrameParser.State.HUNTING);
  }

  /** Verifies that BusFrame encodes the described frame to the script's bytes, CRC included. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void encode_reproducesTheVectorByteForByte(Vector vector) {
    Expected expected = EXPECTED.get(vector.name());
    byte[] inner =
        expected.inner() == null
            ? new byte[0]
            : Vectors.byName(Vectors.FRAMES).get(expected.inner()).bytes();

    byte[] encoded = new BusFrame(expected.address(), expected.control(), inner).encode();

    assertThat(Vectors.hex(encoded)).isEqualTo(Vectors.hex(vector.bytes()));
  }
}
