package org.villagecast.controller.audio.mix;

/**
 * An equal-power crossfade over {@code length} samples: the outgoing item is weighted by cos(πt/2)
 * and the incoming one by sin(πt/2), t going from 0 to 1. For two unrelated pieces of music (the
 * usual case) their powers add, and cos² + sin² = 1 keeps the level steady through the fade; a
 * linear fade would dip by 3 dB in the middle.
 *
 * @param length samples at the engine rate over which the two items overlap (0 = butt splice)
 */
public record Crossfade(int length) {
  public Crossfade {
    if (length < 0) {
      throw new IllegalArgumentException("crossfade of " + length + " samples");
    }
  }

  /** Gain of the incoming item at {@code position} samples into the fade (1 after it). */
  public double fadeIn(long position) {
    if (position >= length) {
      return 1;
    }
    if (position < 0) {
      return 0;
    }
    return Math.sin(0.5 * Math.PI * (position + 0.5) / length);
  }

  /** Gain of the outgoing item at {@code position} samples into the fade (0 after it). */
  public double fadeOut(long position) {
    if (position >= length) {
      return 0;
    }
    if (position < 0) {
      return 1;
    }
    return Math.cos(0.5 * Math.PI * (position + 0.5) / length);
  }
}
