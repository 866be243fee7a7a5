package org.villagecast.controller.audio.decode;

import java.time.Duration;

/**
 * Bounds on the work one file may cause, so a hostile upload cannot exhaust memory: a file larger
 * than {@code maxFileBytes} is refused before it is read, and one whose frames or header declare
 * more than {@code maxDuration} is refused before it is decoded (a few kilobytes of low-bitrate MP3
 * can otherwise declare hours of audio). Decoded audio costs 4 bytes per sample: ten minutes at 48
 * kHz are 115 MB.
 *
 * @param maxFileBytes largest accepted file; default 50 MiB
 * @param maxDuration longest accepted audio; default 10 minutes
 */
public record DecodeLimits(long maxFileBytes, Duration maxDuration) {
  /** 50 MiB and 10 minutes: ample for notices and chimes, bounded for the hub's heap. */
  public static final DecodeLimits DEFAULT = new DecodeLimits(50L << 20, Duration.ofMinutes(10));

  public DecodeLimits {
    if (maxFileBytes <= 0) {
      throw new IllegalArgumentException("maxFileBytes must be positive: " + maxFileBytes);
    }
    if (maxDuration == null || maxDuration.isNegative() || maxDuration.isZero()) {
      throw new IllegalArgumentException("maxDuration must be positive: " + maxDuration);
    }
  }

  /** The most samples per channel a file at {@code sampleRate} may hold. */
  public long maxSamples(int sampleRate) {
    return maxDuration.toMillis() * sampleRate / 1000;
  }

  /** Throws TOO_LONG when {@code samples} at {@code sampleRate} exceed {@link #maxDuration}. */
  void checkLength(long samples, int sampleRate) throws UnusableAudioException {
    if (samples > maxSamples(sampleRate)) {
      throw new UnusableAudioException(
          UnusableAudioException.Reason.TOO_LONG,
          "the audio lasts "
              + minutesSeconds(samples * 1000 / sampleRate)
              + ", longer than the "
              + minutesSeconds(maxDuration.toMillis())
              + " a clip may last: shorten it or split it into parts");
    }
  }

  static String minutesSeconds(long millis) {
    long seconds = millis / 1000;
    return String.format("%d:%02d", seconds / 60, seconds % 60);
  }
}
