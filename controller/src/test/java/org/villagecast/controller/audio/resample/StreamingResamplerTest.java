package org.villagecast.controller.audio.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.TestSignals;

/**
 * The streaming resampler against the whole-clip {@link Resampler}: fed in blocks of any size, its
 * output is the whole clip's output, and it returns each output sample soon after the input that
 * makes it.
 */
class StreamingResamplerTest {
  private static final int[] RATES = {8_000, 11_025, 16_000, 22_050, 32_000, 44_100, 96_000};

  /** Feeds {@code input} in blocks of seeded random sizes (0 to maxBlock), then flushes. */
  private static float[] streamed(StreamingResampler resampler, float[] input, long seed, int max) {
    Random random = new Random(seed);
    float[] out = new float[0];
    int at = 0;
    while (at < input.length) {
      int length = Math.min(input.length - at, random.nextInt(max + 1));
      out = TestSignals.concat(out, resampler.process(input, at, length));
      at += length;
    }
    return TestSignals.concat(out, resampler.flush());
  }

  /**
   * Verifies that, for every supported source rate, music fed in random blocks (0 to 2,000 samples,
   * like MP3 frames and network reads) comes out as the whole-clip resampler's output, equally long
   * and equal within 1e-6 (it is in fact the same arithmetic).
   */
  @Test
  void process_randomBlocks_equalsWholeClip() {
    for (int rate : RATES) {
      // GIVEN 1.5 s of music at the source rate and the whole-clip resampler's result
      float[] music = TestSignals.musicLike(rate, 1.5, rate);
      float[] whole =
          Resampler.between(rate, PcmAudio.ENGINE_RATE)
              .resample(new PcmAudio(rate, music))
              .samples();
      // WHEN it is streamed in random blocks
      float[] streamed =
          streamed(StreamingResampler.between(rate, PcmAudio.ENGINE_RATE), music, rate, 2_000);
      // THEN the two agree sample for sample, from the first to the last
      assertThat(streamed.length).as("%d Hz length", rate).isEqualTo(whole.length);
      double worst = 0;
      for (int i = 0; i < whole.length; i++) {
        worst = Math.max(worst, Math.abs(streamed[i] - whole[i]));
      }
      assertThat(worst).as("%d Hz: largest difference", rate).isLessThanOrEqualTo(1e-6);
    }
  }

  /** Verifies single-sample blocks, the worst case for the carried state. */
  @Test
  void process_oneSampleAtATime_equalsWholeClip() {
    // GIVEN a 44.1 kHz tone
    float[] tone = TestSignals.sine(44_100, 0.2, 1_000, 0.5);
    float[] whole = Resampler.toEngineRate(new PcmAudio(44_100, tone)).samples();
    // WHEN it is fed one sample at a time
    StreamingResampler resampler = StreamingResampler.toEngineRate(44_100);
    float[] out = new float[0];
    for (int i = 0; i < tone.length; i++) {
      out = TestSignals.concat(out, resampler.process(tone, i, 1));
    }
    out = TestSignals.concat(out, resampler.flush());
    // THEN the result is the whole clip's
    assertThat(out.length).isEqualTo(whole.length);
    for (int i = 0; i < whole.length; i++) {
      assertThat((double) out[i]).as("sample %d", i).isCloseTo(whole[i], within(1e-6));
    }
  }

  /**
   * Verifies the latency: after each block, what has come out covers the input up to at most one
   * filter span (plus one sample) before the end of the input, so a live source is not held back.
   */
  @Test
  void process_returnsOutputWithinOneFilterSpan() {
    for (int rate : RATES) {
      // GIVEN a resampler and its filter span in input samples
      StreamingResampler resampler = StreamingResampler.between(rate, PcmAudio.ENGINE_RATE);
      int span = Resampler.between(rate, PcmAudio.ENGINE_RATE).taps() + 4;
      float[] block = TestSignals.sine(rate, 0.02, 300, 0.5);
      for (int i = 0; i < 20; i++) {
        // WHEN a block is given
        resampler.process(block, 0, block.length);
        // THEN the output covers all but at most a filter span of the input
        double covered = resampler.outputCount() * (double) rate / PcmAudio.ENGINE_RATE;
        assertThat(resampler.inputCount() - covered).as("%d Hz", rate).isLessThanOrEqualTo(span);
      }
    }
  }

  /** Verifies that at the engine rate already, samples pass through untouched, as toEngineRate. */
  @Test
  void toEngineRate_atEngineRate_passesThrough() {
    // GIVEN 48 kHz music
    float[] music = TestSignals.musicLike(48_000, 0.3, 7);
    // WHEN streamed to the engine rate
    float[] out = streamed(StreamingResampler.toEngineRate(48_000), music, 7, 700);
    // THEN it is unchanged
    assertThat(out).containsExactly(music);
  }

  /** Verifies that a flushed resampler refuses input instead of restarting silently. */
  @Test
  void process_afterFlush_refused() {
    StreamingResampler resampler = StreamingResampler.toEngineRate(44_100);
    resampler.process(new float[100], 0, 100);
    resampler.flush();
    assertThat(resampler.flush()).isEmpty();
    assertThatThrownBy(() -> resampler.process(new float[1], 0, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("flushed");
  }

  /** Verifies that an empty stream gives no output. */
  @Test
  void flush_noInput_noOutput() {
    StreamingResampler resampler = StreamingResampler.toEngineRate(22_050);
    assertThat(resampler.process(new float[0], 0, 0)).isEmpty();
    assertThat(resampler.flush()).isEmpty();
    assertThat(resampler.outputCount()).isZero();
  }

  private static org.assertj.core.data.Offset<Double> within(double tolerance) {
    return org.assertj.core.data.Offset.offset(tolerance);
  }
}
