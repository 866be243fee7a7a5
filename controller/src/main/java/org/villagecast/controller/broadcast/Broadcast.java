package org.villagecast.controller.broadcast;

import java.time.Instant;

/**
 * One run of a programme to targets, as the hub knows it.
 *
 * @param id the broadcast id (also the id of its PLAY command and of its deliveries)
 * @param streamId the AUDIO stream its terminals listen to
 * @param request what was asked
 * @param startAt when sound starts (hub time)
 * @param state where it stands
 * @param detail why it failed or how it ended, or null
 */
public record Broadcast(
    long id,
    long streamId,
    BroadcastRequest request,
    Instant startAt,
    BroadcastState state,
    String detail) {}
