package org.villagecast.controller.broadcast;

/** Where a broadcast stands as a whole (per terminal, see its PLAY command's deliveries). */
public enum BroadcastState {
  /** Accepted; audio being rendered, PLAY not sent yet. */
  PREPARING,
  /** PLAY sent; audio streaming (before the start time, ahead of it). */
  PLAYING,
  /** The programme ended by itself. */
  FINISHED,
  /** Stopped by someone, or by its window. */
  STOPPED,
  /** Could not be rendered or sent; the detail says why. */
  FAILED;

  public boolean isFinal() {
    return this == FINISHED || this == STOPPED || this == FAILED;
  }
}
