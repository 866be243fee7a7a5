package org.villagecast.schedules;

import java.util.Set;
import java.util.TreeSet;

/**
 * Whom a schedule plays to: area codes (an area covers its sub-areas), groups and single terminals.
 * Which terminals these mean is the hub's knowledge ({@link
 * org.villagecast.schedules.timeline.TargetResolver}).
 */
public record Targets(Set<String> areas, Set<String> groups, Set<String> terminals) {
  public Targets {
    areas = Set.copyOf(new TreeSet<>(areas));
    groups = Set.copyOf(new TreeSet<>(groups));
    terminals = Set.copyOf(new TreeSet<>(terminals));
    for (String area : areas) {
      AreaCodes.requireValid(area);
    }
  }

  /** One area. */
  public static Targets area(String areaCode) {
    return new Targets(Set.of(areaCode), Set.of(), Set.of());
  }

  /** One group. */
  public static Targets group(String group) {
    return new Targets(Set.of(), Set.of(group), Set.of());
  }

  /** One terminal. */
  public static Targets terminal(String terminalId) {
    return new Targets(Set.of(), Set.of(), Set.of(terminalId));
  }

  /** True when nothing is targeted. */
  public boolean isEmpty() {
    return areas.isEmpty() && groups.isEmpty() && terminals.isEmpty();
  }
}
