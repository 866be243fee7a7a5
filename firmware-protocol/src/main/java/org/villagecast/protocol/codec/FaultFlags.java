package org.villagecast.protocol.codec;

/**
 * Bits of the u16 'fault flags' field of STATUS_REPORT and HEARTBEAT. The bit number is also the
 * 'fault code' of a FAULT_DETAIL_REPORT entry. Bits 8–15 are reserved and sent as zero.
 */
public final class FaultFlags {
  private FaultFlags() {}

  public static final int AMPLIFIER_OVER_TEMPERATURE = 1;
  public static final int LINE_OPEN = 1 << 1;
  public static final int LINE_SHORT = 1 << 2;
  public static final int LOW_SIGNAL = 1 << 3;
  public static final int SUPPLY_LOW = 1 << 4;
  public static final int AMPLIFIER_FAULT = 1 << 5;
  public static final int STORAGE_FAULT = 1 << 6;
  public static final int CLOCK_UNSYNCED = 1 << 7;

  /** The fault code (bit number) of a single flag. */
  public static int codeOf(int flag) {
    return Integer.numberOfTrailingZeros(flag);
  }
}
