package org.villagecast.protocol.codec;

/** The class of a broadcast (PLAY field 'alert class'). Only EMERGENCY passes quiet hours. */
public enum AlertClass implements WireCode {
  /** Routine programme or notice; alert level 0. */
  DAILY(0),
  /** A real emergency alert. */
  EMERGENCY(1),
  /** A drill played on real horns (drill targets only). */
  ACTUAL_DRILL(2),
  /** A simulated drill. */
  SIMULATED_DRILL(3),
  /** A system drill: the chain is exercised, nothing need sound. */
  SYSTEM_DRILL(4);

  private final int code;

  AlertClass(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
