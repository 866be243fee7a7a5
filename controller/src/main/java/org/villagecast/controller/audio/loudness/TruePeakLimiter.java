package org.villagecast.controller.audio.loudness;

import java.util.ArrayDeque;
import org.villagecast.controller.audio.PcmAudio;

/**
 * Keeps the true peak of a clip at or below a ceiling (default −1 dBTP) by turning the gain down
 * smoothly around the peaks that would exceed it, and returns audio whose true peak is already at
 * least {@code MARGIN_DB / 2} (0.1 dB) under it untouched (the same object).
 *
 * <p>How: per sample, the gain that brings its true-peak envelope ({@link TruePeakMeter#envelope})
 * under the ceiling; the minimum of that gain over the next {@code lookahead}, averaged over the
 * last {@code lookahead} (so the gain ramps down over the lookahead before a peak, never cuts in
 * abruptly, and is provably at or below the required gain at every sample); then an exponential
 * release back up. With the default 5 ms ramp and 150 ms release, speech keeps its shape: the gain
 * changes far slower than a pitch period, so it adds no audible harmonics.
 *
 * <p>The ceiling is aimed at with a margin ({@link #MARGIN_DB}) so that meters with other
 * interpolation filters (ffmpeg's, a terminal's) also read at or below it; the result is checked
 * with this package's meter and limited again, tighter, in the rare case gain changes between
 * samples raised an inter-sample peak.
 */
public final class TruePeakLimiter {
  /** The default ceiling, dBTP (EBU R128). */
  public static final double DEFAULT_CEILING_DBTP = -1.0;

  /** How far under the ceiling the limiter aims, dB. */
  public static final double MARGIN_DB = 0.2;

  private final double ceilingDbtp;
  private final double lookaheadSeconds;
  private final double releaseSeconds;

  /**
   * @param ceilingDbtp the highest true peak allowed in the output
   * @param lookaheadSeconds how long before a peak the gain starts to fall (attack ramp)
   * @param releaseSeconds time constant of the gain's return to 1 after a peak
   */
  public TruePeakLimiter(double ceilingDbtp, double lookaheadSeconds, double releaseSeconds) {
    if (ceilingDbtp > 0 || lookaheadSeconds <= 0 || releaseSeconds <= 0) {
      throw new IllegalArgumentException(
          "ceiling must be at most 0 dBTP, lookahead and release positive");
    }
    this.ceilingDbtp = ceilingDbtp;
    this.lookaheadSeconds = lookaheadSeconds;
    this.releaseSeconds = releaseSeconds;
  }

  /** −1 dBTP, 5 ms lookahead, 150 ms release. */
  public TruePeakLimiter() {
    this(DEFAULT_CEILING_DBTP, 0.005, 0.150);
  }

  public double ceilingDbtp() {
    return ceilingDbtp;
  }

  /** {@code audio} with its true peak at or below the ceiling; the same object if it already is. */
  public PcmAudio limit(PcmAudio audio) {
    TruePeakMeter meter = new TruePeakMeter(audio.sampleRate());
    double target = ceilingDbtp - MARGIN_DB;
    float[] samples = audio.samples();
    for (int pass = 0; pass < 4; pass++) {
      float[] envelope = meter.envelope(samples);
      float threshold = (float) Math.pow(10, target / 20);
      double peak = max(envelope);
      if (peak <= Math.pow(10, (ceilingDbtp - MARGIN_DB / 2) / 20)) {
        return samples == audio.samples() ? audio : new PcmAudio(audio.sampleRate(), samples);
      }
      float[] gain = gainCurve(envelope, threshold, audio.sampleRate());
      float[] limited = new float[samples.length];
      for (int i = 0; i < samples.length; i++) {
        limited[i] = samples[i] * gain[i];
      }
      samples = limited;
      // Gain changes between samples can leave an inter-sample peak a little high: aim lower.
      target -= 0.1;
    }
    return new PcmAudio(audio.sampleRate(), samples);
  }

  private float[] gainCurve(float[] envelope, float threshold, int sampleRate) {
    int n = envelope.length;
    int window = Math.max(1, (int) Math.round(lookaheadSeconds * sampleRate));
    // required[i]: the gain sample i needs; 1 where it is under the threshold.
    float[] required = new float[n];
    for (int i = 0; i < n; i++) {
      required[i] = envelope[i] > threshold ? threshold / envelope[i] : 1f;
    }
    // ahead[j + window - 1] = min of required[j .. j + window - 1], for j from -(window - 1).
    float[] ahead = new float[n + window - 1];
    ArrayDeque<Integer> minima = new ArrayDeque<>();
    for (int end = 0; end < n + window - 1; end++) {
      if (end < n) {
        while (!minima.isEmpty() && required[minima.peekLast()] >= required[end]) {
          minima.pollLast();
        }
        minima.addLast(end);
      }
      int start = end - window + 1;
      while (!minima.isEmpty() && minima.peekFirst() < start) {
        minima.pollFirst();
      }
      ahead[end] = minima.isEmpty() ? 1f : required[minima.peekFirst()];
    }
    // smooth[i] = mean of the minima of the windows j in [i - window + 1, i], i.e. of ahead[i ..
    // i + window - 1]; each of those windows covers i, so smooth[i] <= required[i].
    float[] gain = new float[n];
    double sum = 0;
    for (int k = 0; k < window - 1; k++) {
      sum += ahead[k];
    }
    double release = Math.exp(-1.0 / (releaseSeconds * sampleRate));
    double previous = 1;
    for (int i = 0; i < n; i++) {
      sum += ahead[i + window - 1];
      double smooth = Math.min(1.0, sum / window);
      sum -= ahead[i];
      double value = smooth < previous ? smooth : smooth + (previous - smooth) * release;
      gain[i] = (float) Math.min(value, required[i]);
      previous = value;
    }
    return gain;
  }

  private static double max(float[] values) {
    double max = 0;
    for (float value : values) {
      max = Math.max(max, value);
    }
    return max;
  }
}
