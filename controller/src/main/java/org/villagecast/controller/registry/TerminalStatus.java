package org.villagecast.controller.registry;

import java.time.Instant;

/**
 * The latest a terminal said about itself (STATUS_REPORT, HEARTBEAT, its retained state) and
 * whether the hub considers it online.
 *
 * @param online the hub's verdict: heartbeats on time and no "offline" will since
 * @param lastSeen when the hub last heard anything from it, or null
 * @param state TerminalState name (RUNNING, STOPPED, FAULT, RECOVERED, BROADCASTING), or null
 * @param faultFlags the FaultFlags bits last reported
 * @param volume 0–100, or -1 if never reported
 * @param amplifierOn as last reported
 * @param playingBroadcast broadcast id it is playing, 0 = none
 * @param amplifierDeciCelsius amplifier temperature in 0.1 °C, or null
 * @param supplyMillivolts supply voltage in mV, or null
 * @param lineState LineState name (OK, OPEN, SHORT), or null
 * @param signalDbm radio signal strength, or null for wired terminals and until reported
 * @param firmware firmware version text, or null
 * @param protocolVersion the protocol version byte it reported (0x10 = 1.0), or 0
 * @param changedAt when online, state or fault flags last changed
 */
public record TerminalStatus(
    boolean online,
    Instant lastSeen,
    String state,
    int faultFlags,
    int volume,
    boolean amplifierOn,
    long playingBroadcast,
    Integer amplifierDeciCelsius,
    Integer supplyMillivolts,
    String lineState,
    Integer signalDbm,
    String firmware,
    int protocolVersion,
    Instant changedAt) {

  /** Nothing heard yet. */
  public static TerminalStatus unknown() {
    return new TerminalStatus(
        false, null, null, 0, -1, false, 0, null, null, null, null, null, 0, null);
  }

  /** Heard from now: online, last seen {@code at}. */
  public TerminalStatus seen(Instant at) {
    return with(true, at, changedAt);
  }

  /** Flagged offline; when it was last heard stays as it was. */
  public TerminalStatus offline() {
    return with(false, lastSeen, changedAt);
  }

  /** Online, state or faults changed at {@code at}. */
  public TerminalStatus changed(Instant at) {
    return with(online, lastSeen, at);
  }

  private TerminalStatus with(boolean isOnline, Instant seen, Instant changed) {
    return new TerminalStatus(
        isOnline,
        seen,
        state,
        faultFlags,
        volume,
        amplifierOn,
        playingBroadcast,
        amplifierDeciCelsius,
        supplyMillivolts,
        lineState,
        signalDbm,
        firmware,
        protocolVersion,
        changed);
  }
}
