package org.villagecast.controller.audio.loudness;

import org.villagecast.controller.audio.PcmAudio;

/**
 * Brings a clip to a loudness target (default −16 LUFS integrated, usual for speech over
 * loudspeakers) with one gain, then keeps its true peak at or below the ceiling with a {@link
 * TruePeakLimiter}. Since limiting lowers the loudness a little, the gain is corrected from further
 * measurements until the result is within 0.05 LU of the target. The gain never exceeds {@code
 * maxGainDb}, so a near-silent clip is not blown up into noise; its result then stays below the
 * target and {@link NormalizedAudio#outputLufs()} says by how much.
 */
public final class LoudnessNormalizer {
  /** The hub's default target, LUFS. */
  public static final double DEFAULT_TARGET_LUFS = -16;

  /** The default largest gain, dB. */
  public static final double DEFAULT_MAX_GAIN_DB = 30;

  private static final int CORRECTIONS = 4;
  private static final double TOLERANCE_LU = 0.05;
  private static final double MIN_SLOPE = 0.1;

  private final double targetLufs;
  private final double maxGainDb;
  private final TruePeakLimiter limiter;

  public LoudnessNormalizer(double targetLufs, double maxGainDb, TruePeakLimiter limiter) {
    this.targetLufs = targetLufs;
    this.maxGainDb = maxGainDb;
    this.limiter = limiter;
  }

  /** −16 LUFS, at most +30 dB, −1 dBTP with the default limiter. */
  public LoudnessNormalizer() {
    this(DEFAULT_TARGET_LUFS, DEFAULT_MAX_GAIN_DB, new TruePeakLimiter());
  }

  public double targetLufs() {
    return targetLufs;
  }

  /**
   * The normalised and limited clip with its measurements. Digital silence (no block above the −70
   * LUFS gate) is returned unchanged with gain 0 dB.
   */
  public NormalizedAudio normalize(PcmAudio audio) {
    double input = LoudnessMeter.integratedLoudness(audio);
    if (Double.isInfinite(input)) {
      return new NormalizedAudio(audio, input, 0, input, TruePeakMeter.truePeakDbtp(audio));
    }
    double gainDb = Math.min(maxGainDb, targetLufs - input);
    PcmAudio output = limiter.limit(scaled(audio, gainDb));
    double measured = LoudnessMeter.integratedLoudness(output);
    // Limiting only lowers loudness, more so the higher the gain. The first correction adds the
    // whole shortfall; later ones divide it by the slope the last two measurements show (limiting
    // takes back about half of each step on speech that peaks near full scale), so speech needs
    // three limiter passes where whole-shortfall steps needed five.
    double slope = 1;
    for (int correction = 0; correction < CORRECTIONS; correction++) {
      double shortfall = targetLufs - measured;
      if (Math.abs(shortfall) <= TOLERANCE_LU || gainDb >= maxGainDb) {
        break;
      }
      double previousGain = gainDb;
      double previousMeasured = measured;
      gainDb = Math.min(maxGainDb, gainDb + shortfall / slope);
      output = limiter.limit(scaled(audio, gainDb));
      measured = LoudnessMeter.integratedLoudness(output);
      slope =
          Math.max(MIN_SLOPE, Math.min(1, (measured - previousMeasured) / (gainDb - previousGain)));
    }
    return new NormalizedAudio(output, input, gainDb, measured, TruePeakMeter.truePeakDbtp(output));
  }

  static PcmAudio scaled(PcmAudio audio, double gainDb) {
    float gain = (float) Math.pow(10, gainDb / 20);
    float[] in = audio.samples();
    float[] out = new float[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = in[i] * gain;
    }
    return new PcmAudio(audio.sampleRate(), out);
  }
}
