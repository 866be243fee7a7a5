package org.villagecast.controller.audio.tone;

import java.time.Duration;
import java.util.List;
import org.villagecast.controller.audio.PcmAudio;

/**
 * The pre-announcement chime (提示音) played before a notice so that people stop and listen: bell
 * notes struck one after another, each ringing on under the next.
 *
 * <p>A note is a struck bell: a 6 ms raised-cosine attack (no click), then an exponential decay.
 * Besides the fundamental it carries a quieter octave and twelfth, which makes it sound like a bell
 * rather than a test tone while the fundamental stays dominant. The whole chime ends with a fade to
 * silence and is scaled so that its peak is {@code peakDbfs}.
 *
 * @param notesHz fundamentals in the order struck (1 to 8 notes, 100 Hz to 4 kHz)
 * @param spacing time between two strikes
 * @param ring how long the last note rings after it is struck
 * @param peakDbfs the chime's peak level (−40 to 0 dBFS)
 */
public record Chime(List<Double> notesHz, Duration spacing, Duration ring, double peakDbfs) {
  /** Two-tone "ding-dong", E5 then C5, before routine notices. */
  public static Chime twoTone() {
    return new Chime(List.of(659.25, 523.25), Duration.ofMillis(600), Duration.ofMillis(1500), -3);
  }

  /** Four-tone rising chime, C5 E5 G5 C6, before emergency notices. */
  public static Chime fourTone() {
    return new Chime(
        List.of(523.25, 659.25, 783.99, 1046.50),
        Duration.ofMillis(450),
        Duration.ofMillis(1500),
        -3);
  }

  static final Duration ATTACK = Duration.ofMillis(6);
  static final Duration FINAL_FADE = Duration.ofMillis(200);

  /** Time for a note to fall by 1/e; about 60 dB over 2.1 s. */
  private static final double DECAY_SECONDS = 0.3;

  /** Partials as multiples of the fundamental, with their amplitudes. */
  private static final double[][] PARTIALS = {{1, 1.0}, {2, 0.35}, {3, 0.12}};

  public Chime {
    notesHz = List.copyOf(notesHz);
    if (notesHz.isEmpty() || notesHz.size() > 8) {
      throw new IllegalArgumentException("a chime has 1-8 notes, not " + notesHz.size());
    }
    for (double note : notesHz) {
      if (!(note >= 100 && note <= 4_000)) {
        throw new IllegalArgumentException("note " + note + " Hz is not 100-4000 Hz");
      }
    }
    if (spacing.isNegative() || spacing.compareTo(Duration.ofSeconds(5)) > 0) {
      throw new IllegalArgumentException("spacing " + spacing + " is not 0-5 s");
    }
    if (ring.compareTo(FINAL_FADE) < 0 || ring.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException("ring " + ring + " is not 200 ms to 10 s");
    }
    if (!(peakDbfs >= -40 && peakDbfs <= 0)) {
      throw new IllegalArgumentException("peak " + peakDbfs + " dBFS is not -40..0 dBFS");
    }
  }

  /** The chime at the engine rate. */
  public PcmAudio render() {
    int rate = PcmAudio.ENGINE_RATE;
    int spacingSamples = samples(spacing, rate);
    int length = spacingSamples * (notesHz.size() - 1) + samples(ring, rate);
    double[] mix = new double[length];
    int attack = samples(ATTACK, rate);
    for (int n = 0; n < notesHz.size(); n++) {
      strike(mix, n * spacingSamples, notesHz.get(n), attack, rate);
    }
    float[] samples = new float[length];
    double peak = 0;
    for (double value : mix) {
      peak = Math.max(peak, Math.abs(value));
    }
    double gain = Math.pow(10, peakDbfs / 20) / peak;
    int fade = samples(FINAL_FADE, rate);
    for (int i = 0; i < length; i++) {
      double tail = Envelopes.rise(length - 1 - i, fade);
      samples[i] = (float) (mix[i] * gain * tail);
    }
    return new PcmAudio(rate, samples);
  }

  private static void strike(double[] mix, int start, double fundamental, int attack, int rate) {
    for (int i = start; i < mix.length; i++) {
      int t = i - start;
      double envelope = Envelopes.rise(t, attack) * Math.exp(-t / (DECAY_SECONDS * rate));
      double value = 0;
      for (double[] partial : PARTIALS) {
        value += partial[1] * Math.sin(2 * Math.PI * fundamental * partial[0] * t / rate);
      }
      mix[i] += envelope * value;
    }
  }

  private static int samples(Duration duration, int rate) {
    return (int) (duration.toNanos() * rate / 1_000_000_000L);
  }
}
