package org.villagecast.controller.audio.loudness;

import org.villagecast.controller.audio.Fir;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.resample.KaiserWindow;

/**
 * True peak per ITU-R BS.1770-4 Annex 2: the largest absolute value of the audio oversampled with
 * an interpolation filter, in dBTP (dB relative to full scale, 1.0).
 *
 * <p>Oversampling is 4× at 48 kHz, the engine rate, as the standard prescribes; at lower rates the
 * factor reaches 192 kHz (e.g. 5× at 44.1 kHz, 24× at 8 kHz), as ffmpeg's {@code ebur128} does. The
 * interpolator is a Kaiser-windowed sinc cut off at the input's Nyquist frequency, 24 taps per
 * phase, flat within 0.01 dB to 0.425 fs; with the cut-off at Nyquist the original samples are kept
 * exactly (phase 0 is the identity).
 */
public final class TruePeakMeter {
  private static final double ATTENUATION_DB = 60;
  private static final double TRANSITION = 0.15;
  private static final int OVERSAMPLED_RATE = 192_000;

  private final int factor;
  private final int halfTaps;
  private final float[][] phases;

  public TruePeakMeter(int sampleRate) {
    this.factor = Math.max(4, (OVERSAMPLED_RATE + sampleRate - 1) / sampleRate);
    this.halfTaps = (int) Math.ceil(KaiserWindow.span(ATTENUATION_DB, TRANSITION) / 2);
    double beta = KaiserWindow.beta(ATTENUATION_DB);
    // Rounded up to a multiple of 4 (zero coefficients at the end) for the unrolled inner loop.
    this.phases = new float[factor][(2 * halfTaps + 3) / 4 * 4];
    for (int phase = 1; phase < factor; phase++) {
      double offset = (double) phase / factor;
      double sum = 0;
      double[] taps = new double[2 * halfTaps];
      for (int j = -halfTaps + 1; j <= halfTaps; j++) {
        double tau = offset - j;
        double value = KaiserWindow.sinc(tau) * KaiserWindow.at(tau / halfTaps, beta);
        taps[j + halfTaps - 1] = value;
        sum += value;
      }
      for (int k = 0; k < taps.length; k++) {
        phases[phase][k] = (float) (taps[k] / sum);
      }
    }
  }

  /** Oversampling factor used at this meter's rate. */
  public int factor() {
    return factor;
  }

  /** True peak of {@code audio} in dBTP; negative infinity for digital silence. */
  public static double truePeakDbtp(PcmAudio audio) {
    float[] envelope = new TruePeakMeter(audio.sampleRate()).envelope(audio.samples());
    double peak = 0;
    for (float value : envelope) {
      peak = Math.max(peak, value);
    }
    return toDb(peak);
  }

  /** 20 log10(value); negative infinity for 0. */
  public static double toDb(double value) {
    return 20 * Math.log10(value);
  }

  /**
   * Per sample n, the largest absolute value of the oversampled signal between samples n − 1 and n
   * + 1: what a gain applied at sample n must bring under a ceiling.
   */
  public float[] envelope(float[] samples) {
    int n = samples.length;
    int taps = phases[0].length;
    float[] padded = new float[n + halfTaps + taps + 1];
    System.arraycopy(samples, 0, padded, halfTaps, n);
    // between[i] = the peak of the interpolated points strictly between samples i and i + 1.
    float[] between = new float[n];
    for (int i = 0; i < n; i++) {
      float max = 0;
      int start = i + 1;
      for (int phase = 1; phase < factor; phase++) {
        max = Math.max(max, Math.abs(Fir.dot(padded, start, phases[phase], taps)));
      }
      between[i] = max;
    }
    float[] envelope = new float[n];
    for (int i = 0; i < n; i++) {
      float value = Math.max(Math.abs(samples[i]), between[i]);
      if (i > 0) {
        value = Math.max(value, between[i - 1]);
      }
      envelope[i] = value;
    }
    return envelope;
  }
}
