package org.villagecast.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.villagecast.protocol.bus.BusFrame;
import org.villagecast.protocol.bus.BusFrameParser;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.ProtocolException;
import org.villagecast.protocol.security.CommandGuard;
import org.villagecast.protocol.security.KeyRing;

/**
 * The benchmarks are only worth quoting if they measure the normal path; these tests check their
 * fixtures without timing anything.
 */
class FixturesTest {

  /** Verifies that every fixture frame survives a round trip and is signed exactly when sent. */
  @Test
  void wire_roundTripsAndSignsHubFrames() {
    Fixtures.Keys keys = Fixtures.keys();
    for (FrameKind kind : FrameKind.values()) {
      Frame frame = kind.frame(1, Fixtures.T0);

      byte[] wire = Fixtures.wire(frame, keys.signer());
      Frame decoded = FrameCodec.decode(wire);

      assertThat(decoded.message()).as("%s", kind).isEqualTo(frame.message());
      assertThat(FrameCodec.encode(decoded)).as("%s", kind).isEqualTo(wire);
      assertThat(decoded.signed()).as("%s", kind).isEqualTo(kind != FrameKind.HEARTBEAT);
      if (decoded.signed()) {
        assertThat(keys.ring().verify(wire, decoded)).isEqualTo(KeyRing.Check.VALID);
      }
    }
  }

  /** Verifies that the AUDIO fixture carries five 80-byte packets, as the doc says. */
  @Test
  void audio_carriesFiveOpusSizedPackets() {
    Message.Audio audio = (Message.Audio) FrameKind.AUDIO.message();

    assertThat(audio.frames()).hasSize(5).allSatisfy(p -> assertThat(p).hasSize(80));
  }

  /**
   * Verifies that the guard benchmark stays on the accepting path past the replay cache's capacity
   * and across a guard replacement: no frame is refused as stale or replayed. (PLAY only: the
   * stream logic does not depend on the kind, and each check costs a cold Ed25519 verify.)
   */
  @Test
  void commandGuardCheck_acceptsEveryFrame() throws Exception {
    SignatureBenchmark benchmark = new SignatureBenchmark();
    benchmark.kind = FrameKind.PLAY;
    benchmark.setUp();

    for (int i = 0; i < 2 * SignatureBenchmark.GUARD_STREAM + 1; i++) {
      CommandGuard.Verdict verdict = benchmark.checkNextGuardFrame();
      assertThat(verdict.accepted()).as("frame %d: %s", i, verdict.detail()).isTrue();
    }
    benchmark.tearDown();
  }

  /** Verifies that the bus stream parses, fed in serial-read chunks, into its frames only. */
  @Test
  void busStream_parsesCleanly() {
    byte[] stream = BusBenchmark.busStream(Fixtures.keys());
    List<BusFrame> frames = new ArrayList<>();
    List<ProtocolException> errors = new ArrayList<>();
    BusFrameParser parser =
        new BusFrameParser(
            new BusFrameParser.Listener() {
              @Override
              public void onFrame(BusFrame frame) {
                frames.add(frame);
              }

              @Override
              public void onError(ProtocolException error) {
                errors.add(error);
              }
            });

    for (int at = 0; at < stream.length; at += BusBenchmark.CHUNK) {
      parser.feed(stream, at, Math.min(BusBenchmark.CHUNK, stream.length - at));
    }

    assertThat(errors).isEmpty();
    assertThat(frames).hasSize(BusBenchmark.STREAM_FRAMES);
    assertThat(frames.get(0).control()).isEqualTo(BusFrame.Control.COMMAND);
    assertThat(FrameCodec.decode(frames.get(0).message()).message())
        .isInstanceOf(Message.Play.class);
    assertThat(parser.state()).isEqualTo(BusFrameParser.State.HUNTING);
  }
}
