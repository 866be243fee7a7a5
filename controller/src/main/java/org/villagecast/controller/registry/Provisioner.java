package org.villagecast.controller.registry;

import java.util.List;

/** Sends a terminal its CONFIG (identity, heartbeat, quiet hours, groups), as a tracked command. */
@FunctionalInterface
public interface Provisioner {
  void configure(Terminal terminal, List<Long> groups, String actor);
}
