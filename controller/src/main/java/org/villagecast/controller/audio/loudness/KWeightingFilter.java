package org.villagecast.controller.audio.loudness;

/**
 * The K-weighting of ITU-R BS.1770-4 (§1, figures 1–4): a high shelf of about +4 dB above 2 kHz
 * (the head's acoustic effect) followed by a high pass at about 38 Hz (RLB weighting).
 *
 * <p>BS.1770 gives coefficients for 48 kHz only. To measure at any rate, both stages are designed
 * here from their analogue parameters with the bilinear transform (pre-warped at f₀): shelf f₀ =
 * 1681.97 Hz, gain 4.0 dB, Q = 0.7072; high pass f₀ = 38.135 Hz, Q = 0.5003. These parameters
 * reproduce the standard's 48 kHz coefficients to 8 significant digits (see the tests).
 */
public final class KWeightingFilter {
  static final double SHELF_HZ = 1681.974450955533;
  static final double SHELF_GAIN_DB = 3.999843853973347;
  static final double SHELF_Q = 0.7071752369554196;
  static final double HIGHPASS_HZ = 38.13547087602444;
  static final double HIGHPASS_Q = 0.5003270373238773;

  private final Biquad shelf;
  private final Biquad highPass;

  public KWeightingFilter(int sampleRate) {
    this.shelf = shelf(sampleRate);
    this.highPass = highPass(sampleRate);
  }

  /** The K-weighted value of the next input sample. */
  public double process(double sample) {
    return highPass.process(shelf.process(sample));
  }

  static Biquad shelf(int sampleRate) {
    double k = Math.tan(Math.PI * SHELF_HZ / sampleRate);
    double vh = Math.pow(10, SHELF_GAIN_DB / 20);
    // The shelf's mid-band gain, chosen so the design meets the 48 kHz coefficients of the
    // standard.
    double vb = Math.pow(vh, 0.4996667741545416);
    double a0 = 1 + k / SHELF_Q + k * k;
    return new Biquad(
        (vh + vb * k / SHELF_Q + k * k) / a0,
        2 * (k * k - vh) / a0,
        (vh - vb * k / SHELF_Q + k * k) / a0,
        2 * (k * k - 1) / a0,
        (1 - k / SHELF_Q + k * k) / a0);
  }

  static Biquad highPass(int sampleRate) {
    double k = Math.tan(Math.PI * HIGHPASS_HZ / sampleRate);
    double a0 = 1 + k / HIGHPASS_Q + k * k;
    // BS.1770 writes the numerator as 1, -2, 1: unity gain at high frequencies.
    return new Biquad(1, -2, 1, 2 * (k * k - 1) / a0, (1 - k / HIGHPASS_Q + k * k) / a0);
  }
}
