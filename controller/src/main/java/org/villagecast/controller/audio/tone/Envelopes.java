package org.villagecast.controller.audio.tone;

/** Click-free gain ramps shared by the generated sounds. */
final class Envelopes {
  private Envelopes() {}

  /**
   * Raised-cosine gain from 0 to 1 over {@code rampLength} samples, where {@code position} is
   * 0-based. A raised cosine has no corner at either end, so it adds no audible click.
   */
  static double rise(int position, int rampLength) {
    if (position >= rampLength) {
      return 1;
    }
    return 0.5 - 0.5 * Math.cos(Math.PI * position / rampLength);
  }

  /** Ramps the first and last {@code rampLength} samples in place. */
  static void fadeInAndOut(float[] samples, int rampLength) {
    int ramp = Math.min(rampLength, samples.length / 2);
    for (int i = 0; i < ramp; i++) {
      double gain = rise(i, ramp);
      samples[i] *= (float) gain;
      samples[samples.length - 1 - i] *= (float) gain;
    }
  }
}
