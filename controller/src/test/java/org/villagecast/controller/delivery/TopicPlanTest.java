package org.villagecast.controller.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.villagecast.controller.delivery.TopicPlan.Publish;
import org.villagecast.protocol.codec.Address;

@Timeout(30)
class TopicPlanTest {
  // Two towns of the county 320583; town 101 has villages 201 and 202, town 102 has village 201.
  private static final String V1 = "320583101201";
  private static final String V2 = "320583101202";
  private static final String V3 = "320583102201";

  private static String code(String village, int n) {
    return "4" + village + "0314" + "01" + "02" + String.format("%02d", n);
  }

  private static Map<String, String> known(String... villagesAndCounts) {
    Map<String, String> known = new HashMap<>();
    for (int i = 0; i < villagesAndCounts.length; i += 2) {
      String village = villagesAndCounts[i];
      int count = Integer.parseInt(villagesAndCounts[i + 1]);
      for (int n = 1; n <= count; n++) {
        known.put(code(village, n), village);
      }
    }
    return known;
  }

  /** Verifies that targeting every known terminal is one publish to ALL. */
  @Test
  void everybody_isOnePublishToAll() {
    Map<String, String> known = known(V1, "3", V2, "2");
    List<Publish> plan = TopicPlan.plan(known.keySet(), known, Map.of());
    assertThat(plan).extracting(Publish::address).containsExactly(Address.all());
  }

  /** Verifies that a whole town is one publish on the town's 9-digit area, not one per village. */
  @Test
  void wholeTown_isOneAreaPublish() {
    Map<String, String> known = known(V1, "3", V2, "2", V3, "4");
    Set<String> town = new HashSet<>();
    known.forEach(
        (code, area) -> {
          if (area.startsWith("320583101")) {
            town.add(code);
          }
        });
    List<Publish> plan = TopicPlan.plan(town, known, Map.of());
    assertThat(plan).extracting(Publish::address).containsExactly(Address.area("320583101"));
  }

  /**
   * Verifies that a village holding a terminal that is not a target (pending, or not asked for) is
   * reached terminal by terminal, while the complete village next to it is one area publish.
   */
  @Test
  void villageWithNonTarget_isNeverWidened() {
    Map<String, String> known = known(V1, "3", V2, "2");
    Set<String> targets = Set.of(code(V1, 1), code(V1, 2), code(V2, 1), code(V2, 2));
    List<Publish> plan = TopicPlan.plan(targets, known, Map.of());
    assertThat(plan)
        .extracting(Publish::address)
        .containsExactlyInAnyOrder(
            Address.area(V2), Address.terminal(code(V1, 1)), Address.terminal(code(V1, 2)));
  }

  /**
   * Verifies that a group whose members are all targets is one group publish, and not reached
   * twice.
   */
  @Test
  void completeGroup_isOneGroupPublish_andItsMembersAreNotReachedAgain() {
    Map<String, String> known = known(V1, "2", V2, "2");
    Set<String> targets = Set.of(code(V1, 1), code(V1, 2), code(V2, 1));
    Map<Long, Set<String>> groups = Map.of(7L, Set.of(code(V1, 1), code(V2, 1)));
    List<Publish> plan = TopicPlan.plan(targets, known, groups);
    assertThat(plan)
        .extracting(Publish::address)
        .containsExactlyInAnyOrder(Address.group(7), Address.terminal(code(V1, 2)));
  }

  /**
   * Verifies on seeded random counties that every plan reaches each target exactly once and no
   * known terminal outside the targets, using the protocol's own reach rule.
   */
  @Test
  void randomCounties_reachExactlyTheTargetsOnce() {
    Random random = new Random(20261130);
    for (int round = 0; round < 300; round++) {
      Map<String, String> known = new HashMap<>();
      int villages = 1 + random.nextInt(12);
      for (int v = 0; v < villages; v++) {
        String village = "320583" + (101 + random.nextInt(3)) + (201 + v);
        int count = 1 + random.nextInt(6);
        for (int n = 1; n <= count; n++) {
          known.put(code(village, n), village);
        }
      }
      Set<String> targets = new HashSet<>();
      for (String code : known.keySet()) {
        if (random.nextInt(100) < 70) {
          targets.add(code);
        }
      }
      Map<Long, Set<String>> groups = new HashMap<>();
      Set<String> group = new HashSet<>();
      for (String code : known.keySet()) {
        if (random.nextInt(100) < 20) {
          group.add(code);
        }
      }
      groups.put(3L, group);
      List<Publish> plan = TopicPlan.plan(targets, known, groups);

      Map<String, Integer> reached = new HashMap<>();
      for (Publish publish : plan) {
        for (Map.Entry<String, String> terminal : known.entrySet()) {
          Set<Long> itsGroups = group.contains(terminal.getKey()) ? Set.of(3L) : Set.of();
          if (publish.address().reaches(terminal.getKey(), terminal.getValue(), itsGroups)) {
            reached.merge(terminal.getKey(), 1, Integer::sum);
          }
        }
      }
      assertThat(reached.keySet()).as("round %d", round).isEqualTo(targets);
      assertThat(reached.values()).as("round %d", round).allMatch(times -> times == 1);
    }
  }
}
