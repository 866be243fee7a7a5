package org.villagecast.controller.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.opus.OpusStreamEncoder;
import org.villagecast.controller.audio.speech.SpeechRequest;
import org.villagecast.controller.audio.speech.SpeechSynthesizer;
import org.villagecast.controller.audio.tone.TestTone;

/**
 * The renderer without espeak-ng: a speech engine that answers with a tone and counts its calls, so
 * the test sees what is spoken, how often, and what the renderer makes of it.
 */
class ProgrammeRendererTest {
  /** Answers every request with 3 s of a loud tone (peaks near full scale). */
  private static final class CountingSpeech implements SpeechSynthesizer {
    final List<String> spoken = new ArrayList<>();

    @Override
    public PcmAudio synthesize(SpeechRequest request) {
      spoken.add(request.text());
      return TestTone.sine(500, -1, Duration.ofSeconds(3));
    }
  }

  private final CountingSpeech speech = new CountingSpeech();
  private final ProgrammeRenderer renderer =
      new ProgrammeRenderer(
          speech,
          clipId -> Optional.empty(),
          (url, state) -> {
            throw new AssertionError("no live source here");
          },
          BroadcastConfig.defaults());

  private static ProgrammeSpec bulletinUnder(String notice) {
    ProgrammeItem bulletin = new ProgrammeItem.Speech(SpeechRequest.of("county bulletin"));
    ProgrammeItem spoken = new ProgrammeItem.Speech(SpeechRequest.of(notice));
    return new ProgrammeSpec(
        List.of(bulletin),
        List.of(spoken, new ProgrammeItem.Silence(Duration.ofSeconds(1)), spoken),
        true,
        null);
  }

  /**
   * Verifies that a text is spoken and brought to the target once, however many programmes and
   * items play it: the bulletin under two villages' notices, each notice read twice.
   */
  @Test
  void sameText_spokenOnce_acrossItemsAndProgrammes() {
    renderer.render(bulletinUnder("notice of village A"), state -> {});
    renderer.render(bulletinUnder("notice of village B"), state -> {});

    assertThat(speech.spoken)
        .containsExactlyInAnyOrder("county bulletin", "notice of village A", "notice of village B");
  }

  /**
   * Verifies that a finite programme is encoded whole when rendered: every 20 ms of it and the
   * encoder's look-ahead are packets, and nothing is encoded as it plays.
   */
  @Test
  void finiteProgramme_encodedWholeAtRender() {
    ProgrammeAudio audio = renderer.render(bulletinUnder("notice"), state -> {});

    assertThat(audio).isInstanceOf(EncodedProgramme.class);
    long length = audio.lengthSamples();
    long expectedPackets =
        (length + audio.preSkip() + OpusStreamEncoder.FRAME_SAMPLES - 1)
            / OpusStreamEncoder.FRAME_SAMPLES;
    assertThat(((EncodedProgramme) audio).packetCount()).isEqualTo(expectedPackets);
    int taken = 0;
    while (!audio.exhausted()) {
      List<byte[]> packets = audio.next(16);
      assertThat(packets).isNotEmpty().allSatisfy(packet -> assertThat(packet).isNotEmpty());
      taken += packets.size();
    }
    assertThat(taken).isEqualTo(expectedPackets);
    assertThat(audio.finish()).isEmpty();
  }

  /** Verifies that a programme stopped early ends with exactly one more packet. */
  @Test
  void stoppedEarly_endsWithOnePacket() {
    ProgrammeAudio audio = renderer.render(bulletinUnder("notice"), state -> {});
    audio.next(16);

    assertThat(audio.finish()).hasSize(1);
    assertThat(audio.exhausted()).isFalse();
  }
}
