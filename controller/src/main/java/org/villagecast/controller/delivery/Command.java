package org.villagecast.controller.delivery;

import java.time.Instant;

/**
 * A protocol command the hub sent to a set of terminals, with the record of who asked.
 *
 * @param id the hub's command id (also the broadcast id of a PLAY)
 * @param type the protocol message type name (PLAY, STOP, SET_VOLUME, …)
 * @param parameters the command's fields as JSON text, as the API received them
 * @param targets who it is for
 * @param requestedBy user name, or "scheduler", "demo", …
 * @param createdAt when the hub accepted the request
 * @param deadline silent terminals are retried until then, and then marked FAILED
 * @param targetCount how many accepted terminals it was for
 * @param closed true once every delivery is final
 */
public record Command(
    long id,
    String type,
    String parameters,
    Targets targets,
    String requestedBy,
    Instant createdAt,
    Instant deadline,
    int targetCount,
    boolean closed) {

  public Command close() {
    return new Command(
        id, type, parameters, targets, requestedBy, createdAt, deadline, targetCount, true);
  }
}
