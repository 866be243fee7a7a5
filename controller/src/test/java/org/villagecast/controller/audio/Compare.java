package org.villagecast.controller.audio;

/** Alignment and signal-to-noise ratio between our output and a reference. */
public final class Compare {
  private Compare() {}

  /**
   * The lag (in samples, within ±{@code maxLag}) at which {@code ours[i + lag]} best matches {@code
   * reference[i]}, by normalised cross-correlation over a stretch from the middle.
   */
  public static int bestLag(float[] reference, float[] ours, int maxLag) {
    int length = Math.min(32_768, Math.min(reference.length, ours.length) - 2 * maxLag);
    int start = Math.max(maxLag, (Math.min(reference.length, ours.length) - length) / 2);
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int lag = -maxLag; lag <= maxLag; lag++) {
      double dot = 0;
      double energy = 0;
      for (int i = start; i < start + length; i++) {
        float value = ours[i + lag];
        dot += reference[i] * value;
        energy += value * value;
      }
      double score = energy == 0 ? 0 : dot / Math.sqrt(energy);
      if (score > bestScore) {
        bestScore = score;
        best = lag;
      }
    }
    return best;
  }

  /** SNR in dB of {@code ours[i + lag]} against {@code reference[i]} over their common range. */
  public static double snrDb(float[] reference, float[] ours, int lag) {
    double signal = 0;
    double noise = 0;
    for (int i = Math.max(0, -lag); i < reference.length && i + lag < ours.length; i++) {
      double difference = reference[i] - ours[i + lag];
      signal += reference[i] * reference[i];
      noise += difference * difference;
    }
    return 10 * Math.log10(signal / noise);
  }
}
