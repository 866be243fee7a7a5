package org.villagecast.controller.audio.resample;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.villagecast.controller.audio.Fir;
import org.villagecast.controller.audio.PcmAudio;

/**
 * Changes the sample rate of mono audio by a rational factor L/M with a polyphase windowed-sinc
 * filter (Kaiser window, designed for 100 dB): the output is the band-limited interpolation of the
 * input, sample-aligned with it (no delay) and {@code ceil(n · L / M)} samples long.
 *
 * <p>With f<sub>N</sub> the Nyquist frequency of the lower of the two rates:
 *
 * <ul>
 *   <li><b>passband</b> 0 to 0.9 f<sub>N</sub> (e.g. 0–19.8 kHz from 44.1 kHz, 0–3.6 kHz from 8
 *       kHz): ripple within ±0.01 dB;
 *   <li><b>stopband</b> from f<sub>N</sub>: attenuated by at least 90 dB, so neither aliases (when
 *       lowering the rate) nor images (when raising it) come above −90 dB;
 *   <li>between them a transition band, in which the response falls from 0 to about −6 dB at 0.95
 *       f<sub>N</sub>.
 * </ul>
 *
 * <p>Cost: about 130 multiply-adds per output sample when raising the rate (twice as many per
 * halving). Instances are immutable and thread-safe; {@link #between} caches one per rate pair.
 */
public final class Resampler {
  /** Passband edge as a fraction of the lower Nyquist frequency. */
  public static final double PASSBAND_EDGE = 0.9;

  /** Stopband edge as a fraction of the lower Nyquist frequency. */
  public static final double STOPBAND_EDGE = 1.0;

  /** The attenuation the Kaiser window is designed for; {@code ≥ 90 dB} is what the tests hold. */
  public static final double DESIGN_ATTENUATION_DB = 100;

  /** Most filter phases (output positions between two input samples) a rate pair may need. */
  public static final int MAX_PHASES = 4096;

  private static final Map<Long, Resampler> CACHE = new ConcurrentHashMap<>();

  private final int inputRate;
  private final int outputRate;
  private final int up;
  private final int down;
  private final int halfTaps;
  private final float[][] phases;

  private Resampler(int inputRate, int outputRate) {
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    int gcd = gcd(inputRate, outputRate);
    this.up = outputRate / gcd;
    this.down = inputRate / gcd;
    double ratio = Math.min(1.0, (double) up / down);
    double cutoff = 0.5 * ratio * (PASSBAND_EDGE + STOPBAND_EDGE) / 2;
    double transition = 0.5 * ratio * (STOPBAND_EDGE - PASSBAND_EDGE);
    double span = KaiserWindow.span(DESIGN_ATTENUATION_DB, transition);
    this.halfTaps = (int) Math.ceil(span / 2) + 1;
    double beta = KaiserWindow.beta(DESIGN_ATTENUATION_DB);
    // Rounded up to a multiple of 4 (zero coefficients at the end) for the unrolled inner loop.
    this.phases = new float[up][(2 * halfTaps + 3) / 4 * 4];
    for (int phase = 0; phase < up; phase++) {
      double offset = (double) phase / up;
      double[] taps = new double[2 * halfTaps];
      double sum = 0;
      for (int j = -halfTaps + 1; j <= halfTaps; j++) {
        double tau = offset - j;
        double value =
            2
                * cutoff
                * KaiserWindow.sinc(2 * cutoff * tau)
                * KaiserWindow.at(tau / halfTaps, beta);
        taps[j + halfTaps - 1] = value;
        sum += value;
      }
      // Each phase passes DC with gain exactly 1, so a constant stays constant (no phase ripple).
      for (int k = 0; k < taps.length; k++) {
        phases[phase][k] = (float) (taps[k] / sum);
      }
    }
  }

  /** True when {@link #between} can build a resampler for these rates. */
  public static boolean supports(int inputRate, int outputRate) {
    if (inputRate <= 0 || outputRate <= 0) {
      return false;
    }
    return outputRate / gcd(inputRate, outputRate) <= MAX_PHASES;
  }

  /**
   * The resampler from {@code inputRate} to {@code outputRate}.
   *
   * @throws IllegalArgumentException when the ratio needs more than {@link #MAX_PHASES} phases
   *     (rates with a small common divisor, e.g. 44,101 Hz to 48 kHz)
   */
  public static Resampler between(int inputRate, int outputRate) {
    if (!supports(inputRate, outputRate)) {
      throw new IllegalArgumentException(
          "cannot resample " + inputRate + " Hz to " + outputRate + " Hz: ratio too fine");
    }
    return CACHE.computeIfAbsent(
        (long) inputRate << 32 | outputRate, key -> new Resampler(inputRate, outputRate));
  }

  /** {@code audio} at {@link PcmAudio#ENGINE_RATE}; the same object if already there. */
  public static PcmAudio toEngineRate(PcmAudio audio) {
    if (audio.sampleRate() == PcmAudio.ENGINE_RATE) {
      return audio;
    }
    return between(audio.sampleRate(), PcmAudio.ENGINE_RATE).resample(audio);
  }

  public int inputRate() {
    return inputRate;
  }

  public int outputRate() {
    return outputRate;
  }

  /** Filter taps per output sample. */
  public int taps() {
    return 2 * halfTaps;
  }

  // The filter as StreamingResampler runs it, block by block, with the same arithmetic.

  int up() {
    return up;
  }

  int down() {
    return down;
  }

  int halfTaps() {
    return halfTaps;
  }

  /** The taps of one phase, padded to a multiple of 4; shared, never to be written. */
  float[] phase(int phase) {
    return phases[phase];
  }

  /** Resamples {@code audio}, which must be at {@link #inputRate()}. */
  public PcmAudio resample(PcmAudio audio) {
    if (audio.sampleRate() != inputRate) {
      throw new IllegalArgumentException(
          "audio is at " + audio.sampleRate() + " Hz, this resampler takes " + inputRate + " Hz");
    }
    float[] input = audio.samples();
    // Zeros on both sides spare the inner loop any bounds checks.
    int taps = phases[0].length;
    float[] padded = new float[input.length + halfTaps + taps + 1];
    System.arraycopy(input, 0, padded, halfTaps, input.length);
    long outputLength = ((long) input.length * up + down - 1) / down;
    float[] output = new float[Math.toIntExact(outputLength)];
    int base = 0;
    int phase = 0;
    for (int n = 0; n < output.length; n++) {
      // Tap k multiplies input sample base - halfTaps + 1 + k, at padded index base + 1 + k.
      output[n] = Fir.dot(padded, base + 1, phases[phase], taps);
      // Output n sits at input position n * down / up = base + phase / up.
      phase += down;
      base += phase / up;
      phase %= up;
    }
    return new PcmAudio(outputRate, output);
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
