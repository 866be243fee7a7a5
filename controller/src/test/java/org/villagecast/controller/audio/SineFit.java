package org.villagecast.controller.audio;

/**
 * A least-squares fit of a sine of known frequency: its amplitude, and the RMS of what is left
 * (distortion, images, aliases and noise).
 */
public record SineFit(double amplitude, double residualRms) {

  /** Fits {@code samples[from, to)} at {@code rate} with a sine of {@code hz}. */
  public static SineFit of(float[] samples, int rate, double hz, int from, int to) {
    double ss = 0;
    double cc = 0;
    double sc = 0;
    double ys = 0;
    double yc = 0;
    for (int i = from; i < to; i++) {
      double s = Math.sin(2 * Math.PI * hz * i / rate);
      double c = Math.cos(2 * Math.PI * hz * i / rate);
      ss += s * s;
      cc += c * c;
      sc += s * c;
      ys += samples[i] * s;
      yc += samples[i] * c;
    }
    double det = ss * cc - sc * sc;
    double a = (ys * cc - yc * sc) / det;
    double b = (yc * ss - ys * sc) / det;
    double residual = 0;
    for (int i = from; i < to; i++) {
      double model =
          a * Math.sin(2 * Math.PI * hz * i / rate) + b * Math.cos(2 * Math.PI * hz * i / rate);
      residual += (samples[i] - model) * (samples[i] - model);
    }
    return new SineFit(Math.hypot(a, b), Math.sqrt(residual / (to - from)));
  }

  /** The residual relative to the fitted sine's RMS, dB. */
  public double residualDb() {
    return 20 * Math.log10(residualRms / (amplitude / Math.sqrt(2)));
  }
}
