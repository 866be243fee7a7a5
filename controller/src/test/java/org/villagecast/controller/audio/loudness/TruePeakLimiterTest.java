package org.villagecast.controller.audio.loudness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.SineFit;
import org.villagecast.controller.audio.TestSignals;

/** The limiter keeps the ceiling, leaves audio under it alone and does not distort. */
class TruePeakLimiterTest {
  private final TruePeakLimiter limiter = new TruePeakLimiter();

  /** Verifies that speech already under the ceiling comes back untouched. */
  @Test
  void limit_underCeiling_untouched() {
    // GIVEN speech whose true peak is about −3 dBTP
    PcmAudio speech = new PcmAudio(48_000, TestSignals.speechLike(48_000, 10, 21, 0.7));
    assertThat(TruePeakMeter.truePeakDbtp(speech)).isLessThan(-1.5);
    // WHEN limited THEN it is the same audio
    assertThat(limiter.limit(speech)).isSameAs(speech);
  }

  /**
   * Verifies that a full-scale tone is brought under the ceiling without distortion: once the gain
   * has settled, what is left after removing the tone is more than 60 dB down (THD+N < 0.1 %).
   */
  @Test
  void limit_loudSine_noDistortion() {
    // GIVEN a 1 kHz tone at 0 dBFS (its true peak is above −1 dBTP)
    float[] tone = TestSignals.sine(48_000, 2, 1_000, 1.0);
    // WHEN limited
    PcmAudio out = limiter.limit(new PcmAudio(48_000, tone));
    // THEN its true peak is at or below −1 dBTP
    assertThat(TruePeakMeter.truePeakDbtp(out)).isLessThanOrEqualTo(-1.0).isGreaterThan(-1.6);
    // AND it is still a clean sine
    SineFit fit = SineFit.of(out.samples(), 48_000, 1_000, 24_000, 72_000);
    assertThat(fit.residualDb()).isLessThan(-60);
  }

  /**
   * Verifies that speech with loud syllables and clicks is limited, with the gain only lowered near
   * the peaks: away from them the output equals the input.
   */
  @Test
  void limit_speechWithClicks_localGainOnly() {
    // GIVEN speech at peak −6 dBFS with three full-scale single-sample clicks
    float[] speech = TestSignals.speechLike(48_000, 10, 22, 0.5);
    int[] clicks = {100_000, 250_000, 400_000};
    for (int click : clicks) {
      speech[click] = 1.0f;
    }
    // WHEN limited
    PcmAudio out = limiter.limit(new PcmAudio(48_000, speech));
    // THEN the peak is under the ceiling
    assertThat(TruePeakMeter.truePeakDbtp(out)).isLessThanOrEqualTo(-1.0);
    // AND one second after each click the gain is back to 1 (within 0.1 dB)
    for (int click : clicks) {
      for (int i = click + 48_000; i < click + 50_000; i++) {
        assertThat(Math.abs(out.samples()[i]))
            .isBetween(Math.abs(speech[i]) * 0.988f, Math.abs(speech[i]) * 1.0001f);
      }
    }
    // AND the gain starts to fall no earlier than the 5 ms lookahead before a click
    for (int click : clicks) {
      int before = click - 260;
      assertThat(out.samples()[before]).isEqualTo(speech[before]);
    }
  }
}
