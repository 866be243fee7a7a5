package org.villagecast.controller.audio.mix;

import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.loudness.TruePeakLimiter;
import org.villagecast.controller.audio.loudness.TruePeakMeter;

/**
 * A true-peak limiter for a stream, with the gain law of {@link TruePeakLimiter} (which needs a
 * whole clip: it measures the clip, then limits it again if a peak slipped through): per sample,
 * the gain that brings the {@link TruePeakMeter#envelope true-peak envelope} under the ceiling; the
 * minimum of that gain over the lookahead, averaged over the lookahead (a ramp that starts one
 * lookahead before a peak and is at or below the needed gain at every sample); then an exponential
 * release. A stream cannot be measured and limited a second time, so this one aims {@link
 * #MARGIN_DB} under the ceiling instead of {@link TruePeakLimiter#MARGIN_DB}.
 *
 * <p>The output is the input delayed by {@link #latency()} samples (the lookahead and the
 * interpolator's reach). Every sample goes through the same steps in order whatever the block
 * sizes, so the output does not depend on how the input is cut. Engine rate only; not thread-safe.
 */
public final class StreamingTruePeakLimiter {
  /** How far under the ceiling the gain aims, dB. */
  public static final double MARGIN_DB = 0.5;

  /**
   * Samples either side of a stretch given to {@link TruePeakMeter#envelope}, so that the envelope
   * of the stretch does not depend on the zeros the meter pads it with: its interpolator reaches
   * about 13 samples each way at 48 kHz; 64 leaves room.
   */
  static final int CONTEXT = 64;

  private static final int CHUNK = 1024;
  private static final int RING = 4096;
  private static final int MASK = RING - 1;

  private final double ceilingDbtp;
  private final float threshold;
  private final int lookahead;
  private final double release;
  private final TruePeakMeter meter = new TruePeakMeter(PcmAudio.ENGINE_RATE);

  private final float[] input = new float[RING];
  private final float[] required = new float[RING];
  private final float[] ahead = new float[RING];
  // Indexes (into the stream) of a sliding minimum of `required`, ascending values.
  private final long[] minima = new long[RING];
  private int minimaHead;
  private int minimaSize;
  private long received;
  private long enveloped;
  private double aheadSum;
  private double previousGain = 1;

  /**
   * @param ceilingDbtp the highest true peak of the output, dBTP (at most 0)
   * @param lookaheadSeconds how long before a peak the gain starts to fall (1 to 20 ms)
   * @param releaseSeconds time constant of the gain's return to 1
   */
  public StreamingTruePeakLimiter(
      double ceilingDbtp, double lookaheadSeconds, double releaseSeconds) {
    if (ceilingDbtp > 0 || !(lookaheadSeconds >= 0.001 && lookaheadSeconds <= 0.020)) {
      throw new IllegalArgumentException("ceiling must be <= 0 dBTP, lookahead 1-20 ms");
    }
    if (!(releaseSeconds > 0)) {
      throw new IllegalArgumentException("release must be positive");
    }
    this.ceilingDbtp = ceilingDbtp;
    this.threshold = (float) Math.pow(10, (ceilingDbtp - MARGIN_DB) / 20);
    this.lookahead = (int) Math.round(lookaheadSeconds * PcmAudio.ENGINE_RATE);
    this.release = Math.exp(-1.0 / (releaseSeconds * PcmAudio.ENGINE_RATE));
    // Prime with silence, so that from now on every call gives as many samples as it takes.
    float[] silence = new float[latency()];
    process(silence, 0, silence.length, new float[silence.length], 0);
  }

  /** −1 dBTP, 5 ms lookahead, 150 ms release: the defaults of {@link TruePeakLimiter}. */
  public StreamingTruePeakLimiter() {
    this(TruePeakLimiter.DEFAULT_CEILING_DBTP, 0.005, 0.150);
  }

  public double ceilingDbtp() {
    return ceilingDbtp;
  }

  /** Delay from input to output, samples. */
  public int latency() {
    return CONTEXT + lookahead - 1;
  }

  /**
   * Takes {@code length} samples and writes as many into {@code out}: the limited input from {@link
   * #latency()} samples earlier (silence at first).
   */
  public void process(float[] in, int offset, int length, float[] out, int outOffset) {
    int done = 0;
    while (done < length) {
      int chunk = Math.min(CHUNK, length - done);
      for (int i = 0; i < chunk; i++) {
        input[(int) (received++ & MASK)] = in[offset + done + i];
      }
      envelopeUpTo(received - CONTEXT, out, outOffset + done);
      done += chunk;
    }
  }

  private void envelopeUpTo(long limit, float[] out, int outOffset) {
    if (limit <= enveloped) {
      return;
    }
    // The stretch [enveloped, limit) with CONTEXT samples either side (zeros before the start).
    int count = (int) (limit - enveloped);
    float[] stretch = new float[count + 2 * CONTEXT];
    for (int i = 0; i < stretch.length; i++) {
      long index = enveloped - CONTEXT + i;
      stretch[i] = index < 0 ? 0f : input[(int) (index & MASK)];
    }
    float[] envelope = meter.envelope(stretch);
    int written = 0;
    for (int i = 0; i < count; i++) {
      if (gainStep(enveloped + i, envelope[CONTEXT + i], out, outOffset + written)) {
        written++;
      }
    }
    enveloped = limit;
  }

  /** Takes the envelope of sample {@code index}; emits a sample when one is ready. */
  private boolean gainStep(long index, float envelope, float[] out, int outIndex) {
    float need = envelope > threshold ? threshold / envelope : 1f;
    required[(int) (index & MASK)] = need;
    // Sliding minimum of `required` over [index - lookahead + 1, index].
    while (minimaSize > 0 && required[(int) (minima[last()] & MASK)] >= need) {
      minimaSize--;
    }
    minima[(minimaHead + minimaSize++) & MASK] = index;
    while (minima[minimaHead] <= index - lookahead) {
      minimaHead = (minimaHead + 1) & MASK;
      minimaSize--;
    }
    float windowMin = required[(int) (minima[minimaHead] & MASK)];
    ahead[(int) (index & MASK)] = windowMin;
    aheadSum += windowMin;
    long at = index - lookahead + 1;
    if (at < 0) {
      return false;
    }
    // Mean of the minima of the windows that cover `at`: at or below required[at].
    double smooth = Math.min(1.0, aheadSum / lookahead);
    aheadSum -= ahead[(int) (at & MASK)];
    double value = smooth < previousGain ? smooth : smooth + (previousGain - smooth) * release;
    previousGain = value;
    float gain = (float) Math.min(value, required[(int) (at & MASK)]);
    out[outIndex] = input[(int) (at & MASK)] * gain;
    return true;
  }

  private int last() {
    return (minimaHead + minimaSize - 1) & MASK;
  }
}
