package org.villagecast.controller.audio.live;

/** Where a live source is in its life; what the console shows beside the source's name. */
public enum LiveStreamState {
  /** Opening the connection and waiting for the server's answer. */
  CONNECTING,
  /** Connected and receiving audio, filling the jitter buffer: reads give silence meanwhile. */
  BUFFERING,
  /** Reads give the stream's sound. */
  PLAYING,
  /**
   * The source died, stalled, refused or sent no MP3: the reason says which; the next attempt is at
   * the retry time. Audio already buffered still plays out.
   */
  RECONNECTING,
  /** Closed by the hub (the broadcast ended); reads give silence. */
  CLOSED
}
