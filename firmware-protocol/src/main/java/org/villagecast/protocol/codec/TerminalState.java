package org.villagecast.protocol.codec;

/** The state a terminal reports (DOMAIN: running, stopped, fault, recovered, broadcasting). */
public enum TerminalState implements WireCode {
  /** Idle and healthy. */
  RUNNING(0),
  /** Stopped by command (amplifier off). */
  STOPPED(1),
  /** At least one fault flag is set. */
  FAULT(2),
  /** A fault has just cleared. */
  RECOVERED(3),
  /** Playing a broadcast. */
  BROADCASTING(4);

  private final int code;

  TerminalState(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
