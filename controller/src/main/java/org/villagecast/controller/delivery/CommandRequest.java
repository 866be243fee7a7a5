package org.villagecast.controller.delivery;

import java.time.Duration;
import org.villagecast.protocol.codec.Message;

/**
 * A command to send. For PLAY, the broadcast id in {@code message} is replaced by the command id
 * when it is 0.
 *
 * @param parameters the request's fields as JSON text, kept with the command for the record
 * @param deadline how long silent terminals are retried before they count as FAILED
 */
public record CommandRequest(
    Message message, Targets targets, Duration deadline, String parameters) {}
