package org.villagecast.controller.registry;

import java.util.List;
import java.util.Set;

/** A terminal as the API shows it: identity, latest status, groups and open alarms. */
public record TerminalView(
    Terminal terminal, TerminalStatus status, Set<Long> groups, List<AlarmKind> openAlarms) {}
