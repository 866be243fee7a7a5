package org.villagecast.controller.broadcast;

import java.net.URI;
import org.villagecast.controller.audio.AudioFeed;

/** Opens live sources (Icecast/HTTP MP3 relays) for broadcasts. */
@FunctionalInterface
public interface LiveSources {
  /** Starts pulling the stream at {@code url}; the caller closes the feed when it is done. */
  AudioFeed open(URI url);
}
