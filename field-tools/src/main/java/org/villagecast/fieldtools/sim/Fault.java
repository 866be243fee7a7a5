package org.villagecast.fieldtools.sim;

import org.villagecast.protocol.codec.FaultFlags;

/** A hardware fault a reference terminal can be given, with its flag and what it reports. */
public enum Fault {
  AMPLIFIER_OVER_TEMPERATURE(
      FaultFlags.AMPLIFIER_OVER_TEMPERATURE, true, "amplifier at 85.0 °C, limit 75.0 °C"),
  LINE_OPEN(FaultFlags.LINE_OPEN, true, "line load above 10 kΩ: open circuit"),
  LINE_SHORT(FaultFlags.LINE_SHORT, true, "line load below 2 Ω: short circuit"),
  LOW_SIGNAL(FaultFlags.LOW_SIGNAL, false, "signal -109 dBm, below -105 dBm");

  /** The FaultFlags bit. */
  public final int flag;

  /** Whether the terminal cannot sound while this fault lasts (PLAY is refused with FAULT). */
  public final boolean blocksPlay;

  /** The note of its FAULT_DETAIL_REPORT entry. */
  public final String detail;

  Fault(int flag, boolean blocksPlay, String detail) {
    this.flag = flag;
    this.blocksPlay = blocksPlay;
    this.detail = detail;
  }
}
