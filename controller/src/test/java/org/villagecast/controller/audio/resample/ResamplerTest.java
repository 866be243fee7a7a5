package org.villagecast.controller.audio.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.SineFit;
import org.villagecast.controller.audio.TestSignals;

/**
 * The resampler's documented response: passband flat within ±0.01 dB to 0.9 of the lower Nyquist
 * frequency, stopband at least 90 dB down from the lower Nyquist frequency, no delay.
 */
class ResamplerTest {
  private static final int[] RATES = {8_000, 11_025, 16_000, 22_050, 32_000, 44_100, 96_000};

  private static PcmAudio toEngine(float[] samples, int rate) {
    return Resampler.between(rate, PcmAudio.ENGINE_RATE).resample(new PcmAudio(rate, samples));
  }

  /**
   * Verifies the passband: tones up to 0.9 of the lower Nyquist keep their level within 0.01 dB.
   */
  @Test
  void resample_passbandFlat() {
    for (int rate : RATES) {
      double nyquist = Math.min(rate, PcmAudio.ENGINE_RATE) / 2.0;
      for (double fraction : new double[] {0.02, 0.3, 0.6, 0.9}) {
        // GIVEN a tone at amplitude 0.5 in the passband
        double hz = fraction * nyquist;
        // WHEN resampled to 48 kHz
        PcmAudio out = toEngine(TestSignals.sine(rate, 1, hz, 0.5), rate);
        // THEN its level is unchanged within ±0.01 dB (edges, where the filter meets the zeros
        // outside the clip, excluded)
        SineFit fit = SineFit.of(out.samples(), out.sampleRate(), hz, 4_800, out.length() - 4_800);
        double gainDb = 20 * Math.log10(fit.amplitude() / 0.5);
        assertThat(gainDb).as("%d Hz → 48 kHz, tone %.0f Hz", rate, hz).isBetween(-0.01, 0.01);
        // AND nothing else comes out: images and aliases are at least 90 dB down
        assertThat(20 * Math.log10(fit.residualRms() / (0.5 / Math.sqrt(2))))
            .as("%d Hz → 48 kHz, tone %.0f Hz, residual", rate, hz)
            .isLessThan(-90);
      }
    }
  }

  /** Verifies the stopband when lowering the rate: tones above the new Nyquist are gone. */
  @Test
  void resample_stopbandDownsampling() {
    for (double hz : new double[] {24_000, 25_000, 30_000, 40_000, 47_000}) {
      // GIVEN a full-scale 96 kHz tone at or above 24 kHz, the Nyquist frequency of 48 kHz
      float[] in = TestSignals.sine(96_000, 1, hz, 1.0);
      // WHEN resampled to 48 kHz
      PcmAudio out = toEngine(in, 96_000);
      // THEN what is left (its alias) is at least 90 dB below the input
      double rms = 0;
      for (int i = 4_800; i < out.length() - 4_800; i++) {
        rms += out.samples()[i] * out.samples()[i];
      }
      rms = Math.sqrt(rms / (out.length() - 9_600));
      assertThat(20 * Math.log10(rms / Math.sqrt(0.5))).as("tone %.0f Hz", hz).isLessThan(-90);
    }
  }

  /**
   * Verifies that the output is aligned with the input (no delay) and {@code ceil(n · L / M)} long:
   * it equals the same tone computed directly at 48 kHz.
   */
  @Test
  void resample_noDelay_exactLength() {
    // GIVEN 44,100 samples of a 1 kHz tone
    float[] in = TestSignals.sine(44_100, 1, 1_000, 0.5);
    // WHEN resampled
    PcmAudio out = toEngine(in, 44_100);
    // THEN it has 48,000 samples that match the tone computed at 48 kHz, sample for sample
    assertThat(out.length()).isEqualTo(48_000);
    float[] expected = TestSignals.sine(48_000, 1, 1_000, 0.5);
    double error = 0;
    for (int i = 4_800; i < 43_200; i++) {
      error = Math.max(error, Math.abs(out.samples()[i] - expected[i]));
    }
    assertThat(20 * Math.log10(error / 0.5)).isLessThan(-90);
    assertThat(
            Resampler.between(11_025, 48_000).resample(new PcmAudio(11_025, new float[7])).length())
        .isEqualTo(31); // ceil(7 · 640 / 147)
  }

  /** Verifies that a constant stays constant (every phase passes DC with gain 1). */
  @Test
  void resample_dcExact() {
    float[] in = new float[22_050];
    java.util.Arrays.fill(in, 0.25f);
    PcmAudio out = toEngine(in, 22_050);
    for (int i = 2_000; i < out.length() - 2_000; i++) {
      assertThat(out.samples()[i]).isCloseTo(0.25f, org.assertj.core.data.Offset.offset(1e-6f));
    }
  }

  /** Verifies that audio already at 48 kHz is passed through, and odd ratios are refused. */
  @Test
  void resample_engineRatePassThrough_oddRateRefused() {
    PcmAudio audio = new PcmAudio(48_000, new float[10]);
    assertThat(Resampler.toEngineRate(audio)).isSameAs(audio);
    assertThat(Resampler.supports(44_101, 48_000)).isFalse();
    assertThatThrownBy(() -> Resampler.between(44_101, 48_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("44101 Hz");
  }
}
