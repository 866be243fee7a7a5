package org.villagecast.controller.audio.opus;

/**
 * How broadcasts are encoded to Opus.
 *
 * <p>Default 24 kbit/s: horns reproduce roughly 200 Hz to 7 kHz, which Opus covers at this rate for
 * speech and for music; it is the rate PROTOCOL.md sizes AUDIO frames for (60-byte packets, 16 per
 * frame), and it keeps a 4G terminal's stream near 30 kbit/s with framing. 32 kbit/s buys headroom
 * for music programmes. Complexity 10 is Opus's best quality; lower it only if encoding many
 * broadcasts at once needs the CPU (docs/performance.md).
 *
 * @param bitrate bits per second, 6,000 to 128,000
 * @param complexity encoder effort, 0 (fastest) to 10 (best)
 */
public record OpusSettings(int bitrate, int complexity) {
  public static final OpusSettings DEFAULT = new OpusSettings(24_000, 10);

  public OpusSettings {
    if (bitrate < 6_000 || bitrate > 128_000) {
      throw new IllegalArgumentException("Opus bitrate " + bitrate + " is not 6000-128000 bit/s");
    }
    if (complexity < 0 || complexity > 10) {
      throw new IllegalArgumentException("Opus complexity " + complexity + " is not 0-10");
    }
  }
}
