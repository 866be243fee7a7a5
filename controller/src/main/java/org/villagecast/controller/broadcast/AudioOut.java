package org.villagecast.controller.broadcast;

import org.villagecast.protocol.codec.Message;

/** Where AUDIO messages go: the hub link's audio topics (QoS 0). */
@FunctionalInterface
public interface AudioOut {
  /** Signs and publishes; false when the broker did not take it (the frame is lost). */
  boolean publish(Message.Audio audio);
}
