package org.villagecast.controller.delivery;

import io.vertx.core.Future;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.Frame;

/** Where commands leave the hub: the MQTT hub link (signs, publishes on the address's topic). */
public interface CommandSender {

  /** A message id never used toward a terminal within the protocol's window, across restarts. */
  long nextMessageId();

  /**
   * Signs and publishes the frame, QoS 1, on the command topic of its address. Completes when the
   * broker took it; fails at once when the broker is unreachable. Never blocks.
   */
  default Future<Void> publish(Frame frame) {
    return publish(frame, frame.address());
  }

  /**
   * Signs and publishes the frame, QoS 1, on the command topic of {@code via}, a terminal its
   * address reaches: an area's frame repeated to one of its terminals alone, byte for byte.
   */
  Future<Void> publish(Frame frame, Address via);
}
