package org.villagecast.protocol.codec;

/** How a task (one broadcast on one terminal) ended. */
public enum TaskOutcome implements WireCode {
  /** Played to its end. */
  COMPLETED(0),
  /** Stopped by a STOP command. */
  STOPPED(1),
  /** Pre-empted by a broadcast of equal or higher priority. */
  PREEMPTED(2),
  /** Could not play (fault, missing audio). */
  FAILED(3),
  /** Cut at the end time carried by PLAY. */
  END_TIME(4);

  private final int code;

  TaskOutcome(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
