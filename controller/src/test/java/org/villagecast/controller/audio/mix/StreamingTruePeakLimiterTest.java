package org.villagecast.controller.audio.mix;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.TestSignals;
import org.villagecast.controller.audio.loudness.TruePeakMeter;

class StreamingTruePeakLimiterTest {
  private static final int RATE = PcmAudio.ENGINE_RATE;

  private static float[] run(StreamingTruePeakLimiter limiter, float[] in, long seed) {
    // Feeds the input and then the latency's worth of silence, in seeded random block sizes.
    float[] padded = Arrays.copyOf(in, in.length + limiter.latency());
    float[] out = new float[padded.length];
    Random sizes = new Random(seed);
    int at = 0;
    while (at < padded.length) {
      int size = Math.min(padded.length - at, 1 + sizes.nextInt(3_000));
      limiter.process(padded, at, size, out, at);
      at += size;
    }
    return Arrays.copyOfRange(out, limiter.latency(), out.length);
  }

  /** Verifies that audio already under the ceiling comes out unchanged, only delayed. */
  @Test
  void process_underCeiling_transparent() {
    // GIVEN a 440 Hz tone peaking at −6 dBFS
    float[] tone = TestSignals.faded(TestSignals.sine(RATE, 2, 440, 0.5), RATE, 0.01);
    // WHEN limited in random block sizes
    float[] out = run(new StreamingTruePeakLimiter(), tone, 1);
    // THEN every sample is the input's, bit for bit
    assertThat(out).isEqualTo(tone);
  }

  /**
   * Verifies that loud bursty noise comes out at or below the ceiling by the true-peak meter, and
   * that the quiet stretches between the bursts keep their level.
   */
  @Test
  void process_overCeiling_truePeakAtOrBelowCeiling() {
    // GIVEN pink noise at −12 dBFS RMS with 4 kHz bursts peaking far over full scale
    float[] noise = TestSignals.pinkNoise(RATE, 6, 5, -12);
    float[] loud = TestSignals.withBursts(noise, RATE, 0.5, 2.0);
    assertThat(TruePeakMeter.truePeakDbtp(new PcmAudio(RATE, loud))).isGreaterThan(3);
    // WHEN limited to −1 dBTP
    StreamingTruePeakLimiter limiter = new StreamingTruePeakLimiter(-1, 0.005, 0.150);
    float[] out = run(limiter, loud, 2);
    // THEN the true peak is at or below −1 dBTP
    assertThat(TruePeakMeter.truePeakDbtp(new PcmAudio(RATE, out))).isLessThanOrEqualTo(-1.0);
    assertThat(out).hasSameSizeAs(loud);
  }
}
