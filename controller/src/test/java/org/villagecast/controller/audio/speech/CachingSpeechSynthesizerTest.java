package org.villagecast.controller.audio.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.villagecast.controller.audio.PcmAudio;

class CachingSpeechSynthesizerTest {
  /** An engine that records what it was asked and speaks one sample per character. */
  private static final class CountingEngine implements SpeechSynthesizer {
    final List<SpeechRequest> calls = new ArrayList<>();

    @Override
    public PcmAudio synthesize(SpeechRequest request) {
      calls.add(request);
      float[] samples = new float[request.text().length() * 100];
      samples[0] = request.rate() / 1000f + request.pitch() / 100_000f;
      return new PcmAudio(22_050, samples);
    }
  }

  /** Verifies that a repeated request is served from the cache, AUTO sharing with its voice. */
  @Test
  void synthesize_repeatHits() {
    // GIVEN a cache over a counting engine
    CountingEngine engine = new CountingEngine();
    CachingSpeechSynthesizer cache = new CachingSpeechSynthesizer(engine, 1 << 20);

    // WHEN the same Chinese notice is asked for with AUTO, again, and with MANDARIN
    PcmAudio first = cache.synthesize(SpeechRequest.of("请注意"));
    PcmAudio second = cache.synthesize(SpeechRequest.of("请注意"));
    PcmAudio third = cache.synthesize(new SpeechRequest("请注意", Voice.MANDARIN, 100, 50));

    // THEN the engine spoke once, with the voice resolved, and all three are the same audio
    assertThat(engine.calls).containsExactly(new SpeechRequest("请注意", Voice.MANDARIN, 100, 50));
    assertThat(cache.hits()).isEqualTo(2);
    assertThat(cache.misses()).isEqualTo(1);
    assertThat(second.samples()).isEqualTo(first.samples());
    assertThat(third.samples()).isEqualTo(first.samples());
  }

  /** Verifies that text, voice, rate and pitch each make a different entry. */
  @Test
  void synthesize_keyedByTextVoiceRatePitch() {
    // GIVEN a cache over a counting engine
    CountingEngine engine = new CountingEngine();
    CachingSpeechSynthesizer cache = new CachingSpeechSynthesizer(engine, 1 << 20);

    // WHEN four requests each differ from the first in one part
    cache.synthesize(new SpeechRequest("notice", Voice.ENGLISH, 100, 50));
    cache.synthesize(new SpeechRequest("notice!", Voice.ENGLISH, 100, 50));
    cache.synthesize(new SpeechRequest("notice", Voice.MANDARIN, 100, 50));
    cache.synthesize(new SpeechRequest("notice", Voice.ENGLISH, 90, 50));
    cache.synthesize(new SpeechRequest("notice", Voice.ENGLISH, 100, 60));

    // THEN each one went to the engine
    assertThat(engine.calls).hasSize(5);
    assertThat(cache.entries()).isEqualTo(5);
  }

  /** Verifies that the cache stays within its byte bound, dropping the least recently used. */
  @Test
  void synthesize_evictsLeastRecentlyUsed() {
    // GIVEN a cache of 2,400 bytes, filled with A and B (800 bytes each), A used last
    CountingEngine engine = new CountingEngine();
    CachingSpeechSynthesizer cache = new CachingSpeechSynthesizer(engine, 2_400);
    cache.synthesize(SpeechRequest.of("AA"));
    cache.synthesize(SpeechRequest.of("BB"));
    cache.synthesize(SpeechRequest.of("AA"));

    // WHEN C (800 bytes) and D (800 bytes) arrive
    cache.synthesize(SpeechRequest.of("CC"));
    cache.synthesize(SpeechRequest.of("DD"));

    // THEN B, least recently used, was dropped, and the cache holds 2,400 bytes
    assertThat(cache.bytes()).isEqualTo(2_400);
    int before = engine.calls.size();
    cache.synthesize(SpeechRequest.of("AA"));
    assertThat(engine.calls).hasSize(before);
    cache.synthesize(SpeechRequest.of("BB"));
    assertThat(engine.calls).hasSize(before + 1);
  }

  /** Verifies that audio larger than the whole cache is returned but not kept. */
  @Test
  void synthesize_tooLargeNotKept() {
    CountingEngine engine = new CountingEngine();
    CachingSpeechSynthesizer cache = new CachingSpeechSynthesizer(engine, 100);
    cache.synthesize(SpeechRequest.of("long notice"));
    assertThat(cache.entries()).isZero();
    assertThat(cache.bytes()).isZero();
  }

  /** Verifies that a caller changing returned audio cannot change what the cache serves next. */
  @Test
  void synthesize_returnsCopies() {
    // GIVEN a cached notice
    CachingSpeechSynthesizer cache = new CachingSpeechSynthesizer(new CountingEngine(), 1 << 20);
    PcmAudio first = cache.synthesize(SpeechRequest.of("请注意"));
    float original = first.samples()[0];

    // WHEN the caller scales its copy in place, as a mixer may
    first.samples()[0] = 0.99f;

    // THEN the next caller gets the original audio
    assertThat(cache.synthesize(SpeechRequest.of("请注意")).samples()[0]).isEqualTo(original);
  }
}
