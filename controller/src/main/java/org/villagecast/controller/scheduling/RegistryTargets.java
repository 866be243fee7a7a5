package org.villagecast.controller.scheduling;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.villagecast.controller.HubContext;
import org.villagecast.controller.delivery.Targets;
import org.villagecast.controller.registry.Group;
import org.villagecast.controller.registry.Registry;
import org.villagecast.controller.registry.Terminal;
import org.villagecast.schedules.AreaCodes;
import org.villagecast.schedules.timeline.TargetResolver;

/**
 * The registry as schedules see it: which accepted terminals an area (with its sub-areas) or a
 * group covers, and where each terminal is. An immutable snapshot, so timelines can be computed on
 * worker threads while the registry lives on on the hub context; the scheduler takes a new one when
 * the registry changes.
 *
 * <p>Area look-ups are answered from an index of every prefix level (each terminal is listed under
 * its 2, 4, 6, 9 and 12-digit prefixes), so a look-up costs the size of its answer, and building
 * the snapshot costs five list appends per terminal.
 *
 * <p>Groups in schedule files are named by the hub's group number ({@code "7"}) or by the group's
 * name; a name shared by several groups means all of them. Members follow the registry's rule: the
 * listed terminals and every terminal under the listed areas, accepted ones only.
 */
public final class RegistryTargets implements TargetResolver {
  private final Map<String, String> areaOfTerminal;
  private final Map<Long, Group> groups;
  private final Map<String, List<String>> byPrefix = new HashMap<>();
  private final Map<String, List<Long>> groupNumbersByName = new HashMap<>();

  /**
   * @param acceptedAreas every accepted terminal's resource code and 12-digit area code
   * @param groups the registry's groups
   */
  public RegistryTargets(Map<String, String> acceptedAreas, Collection<Group> groups) {
    this.areaOfTerminal = Map.copyOf(acceptedAreas);
    Map<Long, Group> byNumber = new HashMap<>();
    for (Group group : groups) {
      byNumber.put(group.number(), group);
      groupNumbersByName.computeIfAbsent(group.name(), k -> new ArrayList<>()).add(group.number());
    }
    this.groups = Map.copyOf(byNumber);
    for (Map.Entry<String, String> e : areaOfTerminal.entrySet()) {
      String area = e.getValue();
      for (int end : new int[] {2, 4, 6, 9, 12}) {
        if (end <= area.length()) {
          byPrefix.computeIfAbsent(area.substring(0, end), k -> new ArrayList<>()).add(e.getKey());
        }
      }
    }
  }

  /**
   * A snapshot of the registry as it is now: its accepted terminals and its groups. Costs one pass
   * over the terminals on the hub context.
   */
  public static Future<RegistryTargets> take(HubContext hub, Registry registry) {
    return registry
        .groups()
        .compose(
            groups ->
                hub.call(
                    () -> {
                      Map<String, String> accepted = new HashMap<>();
                      registry
                          .knownAreas()
                          .forEach(
                              (code, area) -> {
                                Terminal terminal = registry.find(code);
                                if (terminal != null && terminal.accepted()) {
                                  accepted.put(code, area);
                                }
                              });
                      return new RegistryTargets(accepted, groups);
                    }));
  }

  /** No terminals, no groups. */
  public static RegistryTargets empty() {
    return new RegistryTargets(Map.of(), List.of());
  }

  /** Number of accepted terminals known. */
  public int terminalCount() {
    return areaOfTerminal.size();
  }

  @Override
  public Collection<String> terminalsInArea(String areaCode) {
    return byPrefix.getOrDefault(AreaCodes.prefix(areaCode), List.of());
  }

  @Override
  public Collection<String> terminalsInGroup(String group) {
    List<Long> numbers = groupNumbers(group);
    if (numbers.isEmpty()) {
      return List.of();
    }
    Set<String> members = new LinkedHashSet<>();
    for (long number : numbers) {
      Group g = groups.get(number);
      for (String terminal : g.terminals()) {
        if (areaOfTerminal.containsKey(terminal)) {
          members.add(terminal);
        }
      }
      for (String area : g.areaCodes()) {
        members.addAll(byPrefix.getOrDefault(area, List.of()));
      }
    }
    return members;
  }

  @Override
  public String areaOf(String terminalId) {
    return areaOfTerminal.get(terminalId);
  }

  /** True when the terminal is known and accepted. */
  public boolean knows(String terminalId) {
    return areaOfTerminal.containsKey(terminalId);
  }

  /** The group numbers a schedule's group name means: a number, or every group of that name. */
  public List<Long> groupNumbers(String group) {
    if (!group.isEmpty() && group.length() <= 10 && group.chars().allMatch(Character::isDigit)) {
      long number = Long.parseLong(group);
      if (groups.containsKey(number)) {
        return List.of(number);
      }
    }
    return groupNumbersByName.getOrDefault(group, List.of());
  }

  /**
   * The delivery targets for a schedule's targets: areas as significant prefixes (one publish per
   * area), groups as their numbers, terminals as they are. Groups this hub does not know are left
   * out (the timeline shows that they cover nothing).
   */
  public Targets deliveryTargets(org.villagecast.schedules.Targets targets) {
    Set<String> areas = new TreeSet<>();
    for (String area : targets.areas()) {
      areas.add(AreaCodes.prefix(area));
    }
    Set<Long> numbers = new TreeSet<>();
    for (String group : targets.groups()) {
      numbers.addAll(groupNumbers(group));
    }
    return new Targets(
        List.copyOf(areas), List.copyOf(numbers), List.copyOf(new TreeSet<>(targets.terminals())));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegistryTargets
        && ((RegistryTargets) o).areaOfTerminal.equals(areaOfTerminal)
        && ((RegistryTargets) o).groups.equals(groups);
  }

  @Override
  public int hashCode() {
    return Objects.hash(areaOfTerminal, groups);
  }
}
