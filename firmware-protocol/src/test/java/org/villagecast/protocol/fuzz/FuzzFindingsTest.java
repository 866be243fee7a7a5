package org.villagecast.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.villagecast.protocol.bus.BusFrame;
import org.villagecast.protocol.bus.BusFrameParser;

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
}
