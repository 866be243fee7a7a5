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
    String detail) {

  /**
   * PLAY only: the terminal gave way to a broadcast of higher priority, refusing this one (NACK
   * BUSY) or ending it (TASK_FINISHED PREEMPTED). The hub plays it there again when that one ends
   * (PROTOCOL.md §3.4 step 5). The details are those {@link OpenCommand} writes.
   */
  public boolean yieldedToHigherPriority() {
    return detail != null
        && ((state == DeliveryState.FAILED && detail.startsWith("NACK BUSY"))
            || (state == DeliveryState.FINISHED && detail.startsWith("PREEMPTED")));
  }
}
