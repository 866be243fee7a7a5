package org.villagecast.controller.delivery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.topic.Topics;

/**
 * The fewest publishes that reach exactly a set of target terminals (PROTOCOL.md §7: one publish
 * per area or group, never widened). An area or group address is used only when every terminal the
 * hub knows under it is a target, so a pending terminal, or one of the same village that was not
 * asked for, never hears the command; what is left goes to terminals one by one.
 *
 * <p>Order of choice: everybody (ALL), then the requested groups whose members are all targets,
 * then the widest areas whose terminals are all targets and not yet reached, then single terminals.
 * No terminal is reached twice.
 */
public final class TopicPlan {
  private TopicPlan() {}

  /** One publish and the targets it reaches. */
  public record Publish(Address address, Set<String> reaches) {}

  /**
   * @param targets resource codes to reach
   * @param known every terminal the hub knows (any approval), with its area code
   * @param groups the requested groups, each with every terminal configured into it
   */
  public static List<Publish> plan(
      Set<String> targets, Map<String, String> known, Map<Long, Set<String>> groups) {
    List<Publish> plan = new ArrayList<>();
    if (targets.isEmpty()) {
      return plan;
    }
    if (targets.size() == known.size() && targets.containsAll(known.keySet())) {
      plan.add(new Publish(Address.all(), Set.copyOf(targets)));
      return plan;
    }
    Set<String> remaining = new HashSet<>(targets);
    for (Map.Entry<Long, Set<String>> group : new TreeMap<>(groups).entrySet()) {
      Set<String> members = group.getValue();
      if (!members.isEmpty() && remaining.containsAll(members)) {
        plan.add(new Publish(Address.group(group.getKey()), Set.copyOf(members)));
        remaining.removeAll(members);
      }
    }
    planAreas(remaining, known, plan);
    return plan;
  }

  private static void planAreas(
      Set<String> remaining, Map<String, String> known, List<Publish> plan) {
    // Per area prefix (every level): how many known terminals lie under it, and how many of them
    // are still to be reached. A prefix is usable when the two counts agree.
    Map<String, Integer> knownUnder = new HashMap<>();
    for (String area : known.values()) {
      for (int level : Topics.AREA_LEVELS) {
        knownUnder.merge(area.substring(0, level), 1, Integer::sum);
      }
    }
    Map<String, List<String>> remainingUnder = new HashMap<>();
    for (String code : remaining) {
      String area = known.get(code);
      if (area == null) {
        continue; // unknown terminals are never targets; callers resolve against the registry
      }
      for (int level : Topics.AREA_LEVELS) {
        remainingUnder.computeIfAbsent(area.substring(0, level), k -> new ArrayList<>()).add(code);
      }
    }
    Set<String> reached = new HashSet<>();
    for (int level : Topics.AREA_LEVELS) {
      for (Map.Entry<String, List<String>> under : new TreeMap<>(remainingUnder).entrySet()) {
        String prefix = under.getKey();
        if (prefix.length() != level || coveredByWider(prefix, plan)) {
          continue;
        }
        List<String> codes = under.getValue();
        if (codes.size() == knownUnder.getOrDefault(prefix, 0) && noneReached(codes, reached)) {
          plan.add(new Publish(Address.area(prefix), Set.copyOf(codes)));
          reached.addAll(codes);
        }
      }
    }
    for (String code : new java.util.TreeSet<>(remaining)) {
      if (!reached.contains(code) && known.containsKey(code)) {
        plan.add(new Publish(Address.terminal(code), Set.of(code)));
      }
    }
  }

  private static boolean coveredByWider(String prefix, List<Publish> plan) {
    for (Publish publish : plan) {
      if (publish.address().kind() == Address.Kind.AREA
          && prefix.startsWith(publish.address().code())) {
        return true;
      }
    }
    return false;
  }

  private static boolean noneReached(Collection<String> codes, Set<String> reached) {
    for (String code : codes) {
      if (reached.contains(code)) {
        return false;
      }
    }
    return true;
  }
}
