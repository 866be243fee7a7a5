package org.villagecast.controller.registry;

/**
 * What the hub configures into every accepted terminal (CONFIG, PROTOCOL.md §5.5).
 *
 * @param heartbeatSeconds heartbeat period; offline is flagged after 1.5 of them
 * @param quietStart first minute of the local day of quiet hours (only real alerts play)
 * @param quietEnd minute quiet hours end, exclusive; equal to quietStart = none
 * @param utcOffsetMinutes local time = hub time + this (China: 480)
 */
public record TerminalDefaults(
    int heartbeatSeconds, int quietStart, int quietEnd, int utcOffsetMinutes) {

  /** 60 s heartbeats, quiet from 22:00 to 06:00 China time. */
  public static TerminalDefaults standard() {
    return new TerminalDefaults(60, 22 * 60, 6 * 60, 480);
  }
}
