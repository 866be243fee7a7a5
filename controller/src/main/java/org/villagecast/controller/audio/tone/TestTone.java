package org.villagecast.controller.audio.tone;

import java.time.Duration;
import org.villagecast.controller.audio.PcmAudio;

/**
 * Test tones for a technician's line check: a sine at a given frequency and level, at the engine
 * rate. The level is the sine's peak in dBFS (0 dBFS = a sine that touches full scale); its RMS is
 * 3.01 dB lower.
 */
public final class TestTone {
  /** The usual line-check tone: 1 kHz at −20 dBFS. */
  public static final double REFERENCE_FREQUENCY_HZ = 1_000;

  public static final double REFERENCE_LEVEL_DBFS = -20;

  /**
   * Fade in and out, so that switching a tone on or off does not click in the horns: a sine that
   * starts at full amplitude is a step, heard as a pop on a power amplifier.
   */
  static final Duration FADE = Duration.ofMillis(10);

  private static final Duration LONGEST = Duration.ofMinutes(10);

  private TestTone() {}

  /** The reference tone, 1 kHz at −20 dBFS. */
  public static PcmAudio reference(Duration duration) {
    return sine(REFERENCE_FREQUENCY_HZ, REFERENCE_LEVEL_DBFS, duration);
  }

  /**
   * A sine of {@code frequencyHz} (20 Hz to 20 kHz) whose peak is {@code levelDbfs} (−96 to 0),
   * lasting {@code duration} (at least twice the 10 ms fade, at most 10 minutes).
   */
  public static PcmAudio sine(double frequencyHz, double levelDbfs, Duration duration) {
    if (!(frequencyHz >= 20 && frequencyHz <= 20_000)) {
      throw new IllegalArgumentException("frequency " + frequencyHz + " Hz is not 20-20000 Hz");
    }
    if (!(levelDbfs >= -96 && levelDbfs <= 0)) {
      throw new IllegalArgumentException("level " + levelDbfs + " dBFS is not -96..0 dBFS");
    }
    if (duration.compareTo(FADE.multipliedBy(2)) < 0 || duration.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException("duration " + duration + " is not 20 ms to 10 min");
    }
    int rate = PcmAudio.ENGINE_RATE;
    int length = (int) (duration.toNanos() * rate / 1_000_000_000L);
    double amplitude = Math.pow(10, levelDbfs / 20);
    double step = 2 * Math.PI * frequencyHz / rate;
    float[] samples = new float[length];
    for (int i = 0; i < length; i++) {
      samples[i] = (float) (amplitude * Math.sin(step * i));
    }
    Envelopes.fadeInAndOut(samples, (int) (FADE.toNanos() * rate / 1_000_000_000L));
    return new PcmAudio(rate, samples);
  }
}
