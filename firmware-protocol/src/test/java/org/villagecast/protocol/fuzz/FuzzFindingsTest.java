package org.villagecast.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.villagecast.protocol.bus.BusFrame;
import org.villagecast.protocol.bus.BusFrameParser;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.MessageType;
import org.villagecast.protocol.codec.NackReason;
import org.villagecast.protocol.security.CommandGuard;
import org.villagecast.protocol.security.KeyRing;

/**
 * What the fuzz targets found, pinned as plain tests named after the behaviour. The inputs the
 * fuzzer wrote are kept too, under {@code <Target>Inputs/<method>/}, and replayed by {@link
 * FuzzCorpusTest} and by every fuzzing run.
 */
class FuzzFindingsTest {

  /**
   * Verifies that a silence drops every partial frame: noise holding two SOF bytes, each with a
   * plausible header, must not make the parser swallow the good frame after the silence.
   */
  @Test
  void onSilence_dropsEveryStalePartialFrame() {
    // GIVEN noise with two stray SOFs and plausible lengths (5, then 16 bytes), then quiet
    BusFrameParserFuzzTest.Events events = new BusFrameParserFuzzTest.Events();
    BusFrameParser parser = new BusFrameParser(events);
    parser.feed(SampleFrames.hex("a501000005" + "a501000010"));
    parser.onSilence();

    // WHEN the master's next frame arrives
    parser.feed(BusFrame.poll(7).encode());

    // THEN it is delivered at once, after one error for each dropped partial frame
    assertThat(events.frames).containsExactly(BusFrame.poll(7));
    assertThat(events.log).hasSize(3);
    assertThat(events.log.subList(0, 2)).allMatch(line -> line.startsWith("error TRUNCATED"));
    assertThat(parser.state()).isEqualTo(BusFrameParser.State.HUNTING);
  }

  /**
   * Verifies that the timestamp window cannot wrap around: a hub-signed frame whose timestamp is
   * 2^63 µs from the terminal's hub time (where {@code Math.abs} of the difference is negative), or
   * so far that the difference overflows to a small number, is refused as stale.
   */
  @ParameterizedTest
  @CsvSource({
    // hub time (µs), frame timestamp (µs, as the Java long the codec holds the u64 in)
    "1748764800000000, -9221623272054775808", // 2^63 after hub time: the difference is MIN_VALUE
    "-9223372036854775804, 9223372036854775802", // wraps to +10 µs
  })
  void check_timestampAcrossTheWrap_isStale(long hubTime, long timestamp) {
    // GIVEN a STOP signed by a trusted key, stamped half the clock's range away from hub time
    KeyRing ring = new KeyRing();
    ring.add(SampleFrames.KEY_ID, SampleFrames.publicKey());
    Instant now =
        Instant.ofEpochSecond(
            Math.floorDiv(hubTime, 1_000_000L), Math.floorMod(hubTime, 1_000_000L) * 1000L);
    CommandGuard guard = new CommandGuard(ring, Clock.fixed(now, ZoneOffset.UTC));
    Frame frame = Frame.of(Address.all(), 77, 0, timestamp, SampleFrames.message(MessageType.STOP));
    byte[] wire = SampleFrames.signer().encodeSigned(frame);

    // WHEN the terminal checks it
    CommandGuard.Verdict verdict = guard.check(wire, FrameCodec.decode(wire));

    // THEN it is refused as stale
    assertThat(verdict.reason()).isEqualTo(NackReason.STALE);
  }
}
