package org.villagecast.controller.audio.live;

/**
 * Told of every change of a live source's state, to raise an alarm or an event. Called on the
 * source's own thread (and, for {@link LiveStreamState#CLOSED}, on the thread that closes it), one
 * call at a time and in order: keep it short and hop onto the Vert.x context before touching hub
 * state. An exception it throws is logged and ignored.
 */
@FunctionalInterface
public interface LiveStreamListener {
  void stateChanged(LiveStreamStatus status);

  /** A listener that does nothing. */
  LiveStreamListener NONE = status -> {};
}
