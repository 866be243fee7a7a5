package org.villagecast.protocol.codec;

/** The state of the loudspeaker line. */
public enum LineState implements WireCode {
  /** Line load within range. */
  OK(0),
  /** Open circuit: no load on the line. */
  OPEN(1),
  /** Short circuit on the line. */
  SHORT(2);

  private final int code;

  LineState(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
