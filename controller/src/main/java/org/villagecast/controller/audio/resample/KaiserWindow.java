package org.villagecast.controller.audio.resample;

/**
 * The Kaiser window and its design formulas (Kaiser 1974; Oppenheim and Schafer, "Discrete-Time
 * Signal Processing", §7.5.3): for a stopband attenuation of {@code A} dB, β = 0.1102 (A − 8.7) and
 * a filter spans (A − 7.95) / (2.285 · 2π Δf) samples for a transition width Δf (cycles per
 * sample).
 */
public final class KaiserWindow {
  private KaiserWindow() {}

  /** Shape parameter β for {@code attenuationDb} above 50 dB. */
  public static double beta(double attenuationDb) {
    return 0.1102 * (attenuationDb - 8.7);
  }

  /** Length in samples of a filter with this attenuation and transition width (cycles/sample). */
  public static double span(double attenuationDb, double transitionWidth) {
    return (attenuationDb - 7.95) / (2.285 * 2 * Math.PI * transitionWidth);
  }

  /** The window at {@code x} in [-1, 1] (0 outside). */
  public static double at(double x, double beta) {
    if (x <= -1 || x >= 1) {
      return 0;
    }
    return besselI0(beta * Math.sqrt(1 - x * x)) / besselI0(beta);
  }

  /** Modified Bessel function of the first kind, order 0, by its power series. */
  static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    double quarterSquare = x * x / 4;
    for (int k = 1; k < 200; k++) {
      term *= quarterSquare / ((double) k * k);
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return sum;
  }

  /** sin(πx) / (πx). */
  public static double sinc(double x) {
    if (Math.abs(x) < 1e-12) {
      return 1;
    }
    return Math.sin(Math.PI * x) / (Math.PI * x);
  }
}
