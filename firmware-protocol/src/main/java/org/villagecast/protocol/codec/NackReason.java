package org.villagecast.protocol.codec;

/** Why a terminal refused a frame (NACK field 'reason'). */
public enum NackReason implements WireCode {
  /** The frame or its body could not be decoded. */
  MALFORMED(1),
  /** The major version is not one the terminal speaks. */
  UNSUPPORTED_VERSION(2),
  /** The message type is unknown to this firmware. */
  UNKNOWN_TYPE(3),
  /** A hub command without a signature. */
  UNSIGNED(4),
  /** The key id names no trusted key. */
  UNKNOWN_KEY(5),
  /** The signature does not verify. */
  BAD_SIGNATURE(6),
  /** The timestamp is outside the window. */
  STALE(7),
  /**
   * This message id was already accepted and executed; not executed again. The hub counts it as the
   * original's acknowledgement.
   */
  DUPLICATE(8),
  /** A non-emergency PLAY inside quiet hours. */
  QUIET_HOURS(9),
  /** A broadcast of higher priority is playing. */
  BUSY(10),
  /** A fault prevents the action (e.g. amplifier over temperature). */
  FAULT(11),
  /** A field value the terminal cannot apply. */
  BAD_VALUE(12);

  private final int code;

  NackReason(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
