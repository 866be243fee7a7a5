package org.villagecast.controller.broadcast;

import java.time.Instant;
import org.villagecast.schedules.Priority;

/**
 * A broadcast as the store keeps it: what was asked (as JSON text), by whom, and how it ended.
 *
 * @param request the request as JSON ({@link BroadcastJson#write})
 * @param endedAt when its audio ended or it was stopped, or null while it plays
 */
public record BroadcastRecord(
    long id,
    long streamId,
    String title,
    String origin,
    Priority priority,
    String request,
    String requestedBy,
    Instant createdAt,
    Instant startAt,
    Instant endedAt,
    BroadcastState state,
    String detail) {}
