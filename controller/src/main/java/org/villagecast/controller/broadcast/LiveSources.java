package org.villagecast.controller.broadcast;

import java.net.URI;
import java.util.function.Consumer;
import org.villagecast.controller.audio.AudioFeed;

/** Opens live sources (Icecast/HTTP MP3 relays) for broadcasts. */
@FunctionalInterface
public interface LiveSources {
  /**
   * Starts pulling the stream at {@code url}; the caller closes the feed when it is done. {@code
   * state} hears each change of the source's state as one line for operators ("… RECONNECTING:
   * connection refused …; retrying in 4 s"), on the source's own thread.
   */
  AudioFeed open(URI url, Consumer<String> state);
}
