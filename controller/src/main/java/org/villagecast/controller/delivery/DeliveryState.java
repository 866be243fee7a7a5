package org.villagecast.controller.delivery;

/**
 * Where one command stands on one terminal, driven only by the terminal's own frames (a broker's
 * PUBACK proves nothing, DOMAIN.md). Final states: FINISHED and FAILED.
 */
public enum DeliveryState {
  /** Published (or to be re-published); no answer from the terminal yet. */
  SENT,
  /** The terminal accepted it (ACK, or NACK DUPLICATE of an executed copy). */
  ACKNOWLEDGED,
  /** PLAY only: TASK_STARTED, sound is coming out. */
  PLAYING,
  /** Done: a non-PLAY command acknowledged, a query answered, or TASK_FINISHED. */
  FINISHED,
  /** Refused (NACK), not answered by the deadline, or a task that ended without playing. */
  FAILED;

  public boolean isFinal() {
    return this == FINISHED || this == FAILED;
  }
}
