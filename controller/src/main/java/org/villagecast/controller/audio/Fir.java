package org.villagecast.controller.audio;

/** The inner loop of the engine's FIR filters (resampler, true-peak oversampling). */
public final class Fir {
  private Fir() {}

  /**
   * The sum of {@code samples[start + k] * taps[k]} for k below {@code count}, a multiple of 4, in
   * four partial sums: independent additions the processor can overlap.
   */
  public static float dot(float[] samples, int start, float[] taps, int count) {
    float sum0 = 0;
    float sum1 = 0;
    float sum2 = 0;
    float sum3 = 0;
    for (int k = 0; k < count; k += 4) {
      sum0 += samples[start + k] * taps[k];
      sum1 += samples[start + k + 1] * taps[k + 1];
      sum2 += samples[start + k + 2] * taps[k + 2];
      sum3 += samples[start + k + 3] * taps[k + 3];
    }
    return (sum0 + sum1) + (sum2 + sum3);
  }
}
