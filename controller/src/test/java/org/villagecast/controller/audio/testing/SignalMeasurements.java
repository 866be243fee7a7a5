package org.villagecast.controller.audio.testing;

/**
 * Independent measurements of audio for tests: they look at the samples the way an analyser would
 * (a Goertzel filter, zero crossings, RMS, correlation), never by re-running the formula that made
 * them.
 */
public final class SignalMeasurements {
  private SignalMeasurements() {}

  /**
   * Amplitude of the component at {@code hz} in {@code x[from, from + length)}: a Goertzel filter
   * under a Hann window, scaled so that a sine of peak A reads A.
   */
  public static double amplitudeAt(float[] x, int from, int length, double hz, int rate) {
    double omega = 2 * Math.PI * hz / rate;
    double coefficient = 2 * Math.cos(omega);
    double s1 = 0;
    double s2 = 0;
    double windowSum = 0;
    for (int n = 0; n < length; n++) {
      double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / (length - 1));
      windowSum += w;
      double s0 = w * x[from + n] + coefficient * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    double real = s1 - s2 * Math.cos(omega);
    double imaginary = s2 * Math.sin(omega);
    return 2 * Math.hypot(real, imaginary) / windowSum;
  }

  /** The frequency of the strongest component between {@code lowHz} and {@code highHz}. */
  public static double dominantFrequency(
      float[] x, int from, int length, int rate, double lowHz, double highHz, double stepHz) {
    double best = lowHz;
    double bestAmplitude = -1;
    for (double hz = lowHz; hz <= highHz; hz += stepHz) {
      double amplitude = amplitudeAt(x, from, length, hz, rate);
      if (amplitude > bestAmplitude) {
        bestAmplitude = amplitude;
        best = hz;
      }
    }
    return best;
  }

  /**
   * Frequency from rising zero crossings, interpolated between samples: (crossings − 1) periods
   * between the first and the last crossing.
   */
  public static double zeroCrossingFrequency(float[] x, int from, int length, int rate) {
    double first = Double.NaN;
    double last = Double.NaN;
    int crossings = 0;
    for (int n = from + 1; n < from + length; n++) {
      if (x[n - 1] < 0 && x[n] >= 0) {
        double at = n - 1 + x[n - 1] / (double) (x[n - 1] - x[n]);
        if (crossings == 0) {
          first = at;
        }
        last = at;
        crossings++;
      }
    }
    return (crossings - 1) * rate / (last - first);
  }

  /** RMS level in dBFS of {@code x[from, from + length)} (a full-scale square wave reads 0). */
  public static double rmsDbfs(float[] x, int from, int length) {
    double sum = 0;
    for (int n = from; n < from + length; n++) {
      sum += (double) x[n] * x[n];
    }
    return 10 * Math.log10(sum / length);
  }

  public static double peak(float[] x) {
    double peak = 0;
    for (float v : x) {
      peak = Math.max(peak, Math.abs(v));
    }
    return peak;
  }

  /**
   * Signal-to-noise ratio in dB of {@code actual} against {@code reference} over {@code length}
   * samples starting at {@code from} in both, where noise is their difference.
   */
  public static double snrDb(float[] reference, float[] actual, int from, int length) {
    double signal = 0;
    double noise = 0;
    for (int n = from; n < from + length; n++) {
      signal += (double) reference[n] * reference[n];
      double d = (double) actual[n] - reference[n];
      noise += d * d;
    }
    return 10 * Math.log10(signal / noise);
  }

  /** Pearson correlation of {@code a[from, from + length)} with {@code b} at the same indexes. */
  public static double correlation(float[] a, float[] b, int from, int length) {
    double sa = 0;
    double sb = 0;
    for (int n = from; n < from + length; n++) {
      sa += a[n];
      sb += b[n];
    }
    double ma = sa / length;
    double mb = sb / length;
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int n = from; n < from + length; n++) {
      double da = a[n] - ma;
      double db = b[n] - mb;
      ab += da * db;
      aa += da * da;
      bb += db * db;
    }
    return ab / Math.sqrt(aa * bb);
  }

  /**
   * The lag in samples (−maxLag to maxLag) at which {@code b} best matches {@code a}: b[n + lag] ≈
   * a[n].
   */
  public static int bestLag(float[] a, float[] b, int from, int length, int maxLag) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int lag = -maxLag; lag <= maxLag; lag++) {
      double score = 0;
      for (int n = from; n < from + length; n++) {
        int m = n + lag;
        if (m >= 0 && m < b.length) {
          score += (double) a[n] * b[m];
        }
      }
      if (score > bestScore) {
        bestScore = score;
        best = lag;
      }
    }
    return best;
  }
}
