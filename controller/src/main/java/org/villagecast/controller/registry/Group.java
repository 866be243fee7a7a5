package org.villagecast.controller.registry;

import java.util.Set;

/**
 * A named set of terminals and areas ("schools", "river bank"). Its members are the listed
 * terminals and every accepted terminal under the listed areas; each member receives the group
 * number in its CONFIG, so one publish on {@code g/{number}/cmd} reaches them all.
 *
 * @param number the group number on the wire (u32, at least 1)
 */
public record Group(long number, String name, Set<String> areaCodes, Set<String> terminals) {
  public Group {
    areaCodes = Set.copyOf(areaCodes);
    terminals = Set.copyOf(terminals);
  }
}
