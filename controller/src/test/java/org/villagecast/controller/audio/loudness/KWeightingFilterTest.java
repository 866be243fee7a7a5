package org.villagecast.controller.audio.loudness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

/** The K-weighting designed at any rate reproduces ITU-R BS.1770-4's 48 kHz coefficients. */
class KWeightingFilterTest {

  /** Verifies the shelf and high-pass coefficients against tables 1 and 2 of BS.1770-4. */
  @Test
  void coefficients_48k_matchStandard() {
    // GIVEN the stages designed for 48 kHz
    Biquad shelf = KWeightingFilter.shelf(48_000);
    Biquad highPass = KWeightingFilter.highPass(48_000);
    // THEN they equal the standard's published values (BS.1770-4, Annex 1, tables 1 and 2)
    assertThat(shelf.b0).isCloseTo(1.53512485958697, offset(1e-8));
    assertThat(shelf.b1).isCloseTo(-2.69169618940638, offset(1e-8));
    assertThat(shelf.b2).isCloseTo(1.19839281085285, offset(1e-8));
    assertThat(shelf.a1).isCloseTo(-1.69065929318241, offset(1e-8));
    assertThat(shelf.a2).isCloseTo(0.73248077421585, offset(1e-8));
    assertThat(highPass.b0).isEqualTo(1.0);
    assertThat(highPass.b1).isEqualTo(-2.0);
    assertThat(highPass.b2).isEqualTo(1.0);
    assertThat(highPass.a1).isCloseTo(-1.99004745483398, offset(1e-8));
    assertThat(highPass.a2).isCloseTo(0.99007225036621, offset(1e-8));
  }

  /** Verifies the response at other rates: about +4 dB at 10 kHz, strong cut at 20 Hz. */
  @Test
  void response_44100and8000() {
    assertThat(gainDb(44_100, 10_000)).isCloseTo(gainDb(48_000, 10_000), offset(0.05));
    assertThat(gainDb(44_100, 10_000)).isBetween(3.9, 4.1);
    assertThat(gainDb(8_000, 1_000)).isCloseTo(gainDb(48_000, 1_000), offset(0.05));
    assertThat(gainDb(8_000, 20)).isLessThan(-10);
  }

  private static double gainDb(int rate, double hz) {
    KWeightingFilter filter = new KWeightingFilter(rate);
    double in = 0;
    double out = 0;
    for (int i = 0; i < rate * 2; i++) {
      double x = Math.sin(2 * Math.PI * hz * i / rate);
      double y = filter.process(x);
      if (i >= rate) {
        in += x * x;
        out += y * y;
      }
    }
    return 10 * Math.log10(out / in);
  }
}
