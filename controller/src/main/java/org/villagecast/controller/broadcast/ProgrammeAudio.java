package org.villagecast.controller.broadcast;

import org.villagecast.controller.audio.AudioFeed;
import org.villagecast.controller.audio.mix.ProgrammeMixer;

/**
 * A programme ready to play: its mixer, and the live feed it reads (closed with it), if any.
 *
 * @param mixer renders the programme block by block
 * @param live the relay the mixer reads as its background, or null
 */
public record ProgrammeAudio(ProgrammeMixer mixer, AudioFeed live) implements AutoCloseable {
  /** Whether the programme ends by itself (a relay plays until stopped or its window ends). */
  public boolean finite() {
    return live == null;
  }

  @Override
  public void close() {
    if (live != null) {
      live.close();
    }
  }
}
