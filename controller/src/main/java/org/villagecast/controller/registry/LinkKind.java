package org.villagecast.controller.registry;

/** How the hub reaches a terminal. */
public enum LinkKind {
  /** Directly over MQTT (IP and 4G terminals). */
  MQTT,
  /** A unit on an RS-485 bus, behind a gateway. */
  SERIAL
}
