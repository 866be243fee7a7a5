package org.villagecast.controller.registry;

import org.villagecast.protocol.codec.FaultFlags;

/** What an alarm is about. All but {@link #OFFLINE} mirror a fault flag the terminal reports. */
public enum AlarmKind {
  OFFLINE(0),
  AMPLIFIER_OVER_TEMPERATURE(FaultFlags.AMPLIFIER_OVER_TEMPERATURE),
  AMPLIFIER_FAULT(FaultFlags.AMPLIFIER_FAULT),
  LINE_OPEN(FaultFlags.LINE_OPEN),
  LINE_SHORT(FaultFlags.LINE_SHORT),
  LOW_SIGNAL(FaultFlags.LOW_SIGNAL),
  SUPPLY_LOW(FaultFlags.SUPPLY_LOW),
  STORAGE_FAULT(FaultFlags.STORAGE_FAULT),
  CLOCK_UNSYNCED(FaultFlags.CLOCK_UNSYNCED);

  /** The fault flag this alarm mirrors, 0 for OFFLINE. */
  public final int faultFlag;

  AlarmKind(int faultFlag) {
    this.faultFlag = faultFlag;
  }
}
