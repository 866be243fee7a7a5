/**
 * Links: the transports that carry protocol frames to terminals, shared by the controller and the
 * field tools. {@code link.mqtt} speaks MQTT 5 (Paho) to IP and 4G terminals and remote gateways;
 * {@code link.serial} is the RS-485 bus master and unit side (jSerialComm). Paho and jSerialComm
 * are imported in those two packages only; this package holds what both share.
 *
 * <p>Every failure a technician can fix by hand (a wrong port, a missing group membership, a
 * stopped broker, a wrong password) surfaces as a {@link
 * org.villagecast.protocol.link.LinkException} whose message says what happened and what to do,
 * with the operating system's or Paho's code.
 */
package org.villagecast.protocol.link;
