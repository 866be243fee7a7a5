package org.villagecast.schedules.timeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.villagecast.schedules.AreaCodes;

/**
 * An in-memory {@link TargetResolver}: each terminal's area code, and group members. Area look-ups
 * are answered from an index of every prefix level, so they cost the size of the answer.
 */
public final class TargetDirectory implements TargetResolver {
  private final Map<String, String> areaOfTerminal;
  private final Map<String, List<String>> terminalsByAreaPrefix = new HashMap<>();
  private final Map<String, List<String>> groups;

  /**
   * @param areaOfTerminal each terminal's 12-digit area code
   * @param groups group name to terminal ids
   */
  public TargetDirectory(Map<String, String> areaOfTerminal, Map<String, List<String>> groups) {
    this.areaOfTerminal = Map.copyOf(areaOfTerminal);
    Map<String, List<String>> copy = new HashMap<>();
    groups.forEach((name, members) -> copy.put(name, List.copyOf(members)));
    this.groups = copy;
    for (Map.Entry<String, String> e : areaOfTerminal.entrySet()) {
      String prefix = AreaCodes.prefix(e.getValue());
      for (int end : new int[] {2, 4, 6, 9, 12}) {
        if (end <= prefix.length()) {
          terminalsByAreaPrefix
              .computeIfAbsent(prefix.substring(0, end), k -> new ArrayList<>())
              .add(e.getKey());
        }
      }
    }
  }

  @Override
  public Collection<String> terminalsInArea(String areaCode) {
    return terminalsByAreaPrefix.getOrDefault(AreaCodes.prefix(areaCode), List.of());
  }

  @Override
  public Collection<String> terminalsInGroup(String group) {
    return groups.getOrDefault(group, List.of());
  }

  @Override
  public String areaOf(String terminalId) {
    return areaOfTerminal.get(terminalId);
  }
}
