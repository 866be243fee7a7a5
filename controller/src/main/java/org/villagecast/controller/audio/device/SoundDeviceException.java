package org.villagecast.controller.audio.device;

/**
 * A sound card cannot be used: there is none, the configured name matches none, or it cannot take
 * the format. The message names what there is and what to set.
 */
public final class SoundDeviceException extends Exception {
  public SoundDeviceException(String message) {
    super(message);
  }

  public SoundDeviceException(String message, Throwable cause) {
    super(message, cause);
  }
}
