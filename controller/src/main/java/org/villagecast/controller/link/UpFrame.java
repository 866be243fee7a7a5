package org.villagecast.controller.link;

import java.time.Instant;
import org.villagecast.protocol.codec.Frame;

/**
 * A frame a terminal sent to the hub, already checked: it decoded, and its address is the resource
 * code of the topic it came on.
 *
 * @param resourceCode the sending terminal
 * @param frame the decoded frame (ACK, NACK, a report, a heartbeat, ...)
 * @param receivedAt the hub clock when the link took it from the broker
 */
public record UpFrame(String resourceCode, Frame frame, Instant receivedAt) {}
