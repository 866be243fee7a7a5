package org.villagecast.controller.delivery;

import java.time.Instant;

/**
 * One command on one terminal.
 *
 * @param attempts publishes that could reach it: 1 for the first fan-out, +1 per direct retry
 * @param sentAt first publish
 * @param acknowledgedAt first ACK (or counted duplicate), or null
 * @param startedAt PLAY: when sound started, by the terminal's report; or null
 * @param finishedAt when it reached a final state, or null
 * @param detail why it failed or how it ended (NACK reason and detail, task outcome), or null
 */
public record Delivery(
    long commandId,
    String resourceCode,
    DeliveryState state,
    int attempts,
    Instant sentAt,
    Instant acknowledgedAt,
    Instant startedAt,
    Instant finishedAt,
    String detail) {}
