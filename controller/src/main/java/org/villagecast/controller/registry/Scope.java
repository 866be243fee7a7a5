package org.villagecast.controller.registry;

import java.util.Set;

/**
 * The part of the area tree a user may see and command: every area, or the areas under some
 * prefixes (a village clerk's own village).
 */
public record Scope(Set<String> areaPrefixes, boolean everything) {
  public Scope {
    areaPrefixes = Set.copyOf(areaPrefixes);
  }

  public static Scope all() {
    return new Scope(Set.of(), true);
  }

  public static Scope of(Set<String> prefixes) {
    return new Scope(prefixes, false);
  }

  /** Whether an area code or prefix lies inside this scope. */
  public boolean covers(String areaCode) {
    if (everything) {
      return true;
    }
    for (String prefix : areaPrefixes) {
      if (areaCode.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
