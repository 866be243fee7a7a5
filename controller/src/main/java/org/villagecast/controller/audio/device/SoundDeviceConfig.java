package org.villagecast.controller.audio.device;

import java.time.Duration;

/**
 * Which sound card to use and how much audio its line holds.
 *
 * @param mixer the javax.sound mixer name, or part of it ("USB", "PCH [plughw:0,0]"); blank = the
 *     first mixer that can take the format
 * @param buffer audio the line holds: for an output, how far ahead of the card the broadcast may
 *     write (default 200 ms); for a capture, the card's own buffer (default 100 ms)
 */
public record SoundDeviceConfig(String mixer, Duration buffer) {
  public SoundDeviceConfig {
    mixer = mixer == null ? "" : mixer.trim();
    if (buffer == null || buffer.toMillis() < 10 || buffer.toMillis() > 5_000) {
      throw new IllegalArgumentException("the sound card buffer must be 10 ms to 5 s");
    }
  }

  /** The default output: the first card that can play, 200 ms of buffer. */
  public static SoundDeviceConfig defaultOutput() {
    return new SoundDeviceConfig("", Duration.ofMillis(200));
  }

  /** The default capture: the first card that can record, 100 ms of buffer. */
  public static SoundDeviceConfig defaultInput() {
    return new SoundDeviceConfig("", Duration.ofMillis(100));
  }

  public SoundDeviceConfig withMixer(String name) {
    return new SoundDeviceConfig(name, buffer);
  }
}
