package org.villagecast.schedules;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The rule for every pair (stronger priority, weaker priority). Defaults: anything stronger
 * pre-empts anything weaker, except that a notice ducks background audio; equals queue.
 */
public final class ConflictRules {
  private final Map<Priority, Map<Priority, ConflictRule>> table;

  private ConflictRules(Map<Priority, Map<Priority, ConflictRule>> table) {
    this.table = table;
  }

  /** The default table. */
  public static ConflictRules defaults() {
    Map<Priority, Map<Priority, ConflictRule>> table = new EnumMap<>(Priority.class);
    for (Priority stronger : Priority.values()) {
      Map<Priority, ConflictRule> row = new EnumMap<>(Priority.class);
      for (Priority weaker : Priority.values()) {
        if (stronger == weaker) {
          row.put(weaker, ConflictRule.QUEUE);
        } else if (stronger.isAbove(weaker)) {
          row.put(weaker, ConflictRule.PRE_EMPT);
        }
      }
      table.put(stronger, row);
    }
    table.get(Priority.NOTICE).put(Priority.BACKGROUND, ConflictRule.DUCK);
    return new ConflictRules(table);
  }

  /**
   * A copy with one rule changed.
   *
   * @throws IllegalArgumentException if {@code weaker} is above {@code stronger}
   */
  public ConflictRules with(Priority stronger, Priority weaker, ConflictRule rule) {
    Objects.requireNonNull(rule, "rule");
    if (weaker.isAbove(stronger)) {
      throw new IllegalArgumentException(
          weaker.fileName() + " is above " + stronger.fileName() + ": swap them");
    }
    Map<Priority, Map<Priority, ConflictRule>> copy = new EnumMap<>(Priority.class);
    table.forEach((k, v) -> copy.put(k, new EnumMap<>(v)));
    copy.get(stronger).put(weaker, rule);
    return new ConflictRules(copy);
  }

  /** The rule the {@code stronger} priority applies to the {@code weaker} one. */
  public ConflictRule ruleFor(Priority stronger, Priority weaker) {
    if (weaker.isAbove(stronger)) {
      return ruleFor(weaker, stronger);
    }
    return table.get(stronger).get(weaker);
  }

  /** True when every rule equals the default. */
  public boolean isDefault() {
    return equals(defaults());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConflictRules && ((ConflictRules) o).table.equals(table);
  }

  @Override
  public int hashCode() {
    return table.hashCode();
  }
}
