package org.villagecast.controller.registry;

import java.time.Instant;

/**
 * What the hub knows of a terminal's identity and place: set when it is first seen and by
 * operators. What it reports about itself is in {@link TerminalStatus}.
 *
 * @param resourceCode 23-digit resource code (its identity and MQTT client id)
 * @param areaCode 12-digit area code, digits 2–13 of the resource code
 * @param link how the hub reaches it
 * @param gateway resource code of the gateway in front of it, or null
 * @param name a human name ("village committee roof"), or null
 * @param location free text or "lat,lon", or null
 * @param approval pending until an operator accepts it
 * @param firstSeen when the hub first heard of it
 * @param acceptedAt when it was accepted, or null
 * @param heartbeatSeconds the heartbeat period the hub configured (60 until configured)
 */
public record Terminal(
    String resourceCode,
    String areaCode,
    LinkKind link,
    String gateway,
    String name,
    String location,
    Approval approval,
    Instant firstSeen,
    Instant acceptedAt,
    int heartbeatSeconds) {

  /** The heartbeat period a terminal uses before its first CONFIG (PROTOCOL.md §3.1). */
  public static final int DEFAULT_HEARTBEAT_SECONDS = 60;

  /** A terminal seen for the first time: pending, on MQTT, area from its resource code. */
  public static Terminal firstSeen(String resourceCode, Instant at) {
    return new Terminal(
        resourceCode,
        resourceCode.substring(1, 13),
        LinkKind.MQTT,
        null,
        null,
        null,
        Approval.PENDING,
        at,
        null,
        DEFAULT_HEARTBEAT_SECONDS);
  }

  public boolean accepted() {
    return approval == Approval.ACCEPTED;
  }

  public Terminal accept(Instant at, int heartbeat) {
    return new Terminal(
        resourceCode,
        areaCode,
        link,
        gateway,
        name,
        location,
        Approval.ACCEPTED,
        firstSeen,
        at,
        heartbeat);
  }

  public Terminal withDetails(String newName, String newLocation) {
    return new Terminal(
        resourceCode,
        areaCode,
        link,
        gateway,
        newName,
        newLocation,
        approval,
        firstSeen,
        acceptedAt,
        heartbeatSeconds);
  }
}
