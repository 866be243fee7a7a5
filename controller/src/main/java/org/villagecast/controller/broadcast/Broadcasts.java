package org.villagecast.controller.broadcast;

import io.vertx.core.Future;
import java.util.Optional;

/** Starting and stopping broadcasts: what the scheduler, the API and alerts use. */
public interface Broadcasts {
  /**
   * Renders the programme, sends PLAY to the targets and streams the audio. The future completes
   * (on the hub context) once PLAY has been handed to delivery, with the broadcast as started; it
   * fails with a {@link org.villagecast.controller.ClientError} when the request cannot be played
   * (an unknown clip, text the speech engine refuses, targets with no terminals).
   *
   * <p>With {@code startAt} in the future, call this early enough for rendering and delivery (see
   * the pre-roll setting): sound starts at {@code startAt} on every terminal, or as soon after as
   * the audio is ready.
   */
  Future<Broadcast> start(BroadcastRequest request, String actor);

  /** Stops a broadcast on every terminal; a final one is left as it is. */
  Future<Broadcast> stop(long broadcastId, String actor);

  /** The broadcast with this id, if the hub knows it. */
  Optional<Broadcast> find(long broadcastId);
}
