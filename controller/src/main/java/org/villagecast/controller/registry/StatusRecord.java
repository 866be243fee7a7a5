package org.villagecast.controller.registry;

import java.time.Instant;

/** One line of a terminal's status history: written when online, state or faults change. */
public record StatusRecord(
    String resourceCode, Instant at, boolean online, String state, int faultFlags) {}
