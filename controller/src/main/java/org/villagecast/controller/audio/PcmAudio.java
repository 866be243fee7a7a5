package org.villagecast.controller.audio;

import java.time.Duration;

/**
 * Mono audio as float samples in [-1, 1] at a sample rate: what every source decodes to and what
 * the mixer, the loudness meter and the encoders take. Horns play one channel, so stereo sources
 * are mixed down when they are decoded; the engine works at {@link #ENGINE_RATE} (Opus's own).
 *
 * <p>The array is not copied: whoever builds a {@code PcmAudio} hands its samples over.
 */
public record PcmAudio(int sampleRate, float[] samples) {
  /** The sample rate the engine mixes and encodes at. */
  public static final int ENGINE_RATE = 48_000;

  public PcmAudio {
    if (sampleRate < 8_000 || sampleRate > 192_000) {
      throw new IllegalArgumentException("sample rate " + sampleRate + " Hz is not 8-192 kHz");
    }
    if (samples == null) {
      throw new IllegalArgumentException("no samples");
    }
  }

  public int length() {
    return samples.length;
  }

  public Duration duration() {
    return Duration.ofNanos(samples.length * 1_000_000_000L / sampleRate);
  }
}
