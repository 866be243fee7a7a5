package org.villagecast.controller.delivery;

import java.util.List;

/**
 * Who a command is for: any mix of area prefixes (2/4/6/9/12 digits), group numbers and resource
 * codes. The union of them, restricted to accepted terminals, is the command's target set.
 */
public record Targets(List<String> areas, List<Long> groups, List<String> terminals) {
  public Targets {
    areas = List.copyOf(areas);
    groups = List.copyOf(groups);
    terminals = List.copyOf(terminals);
  }

  public boolean isEmpty() {
    return areas.isEmpty() && groups.isEmpty() && terminals.isEmpty();
  }

  public static Targets ofAreas(String... codes) {
    return new Targets(List.of(codes), List.of(), List.of());
  }

  public static Targets ofTerminals(String... codes) {
    return new Targets(List.of(), List.of(), List.of(codes));
  }
}
