package org.villagecast.schedules.timeline;

import java.util.Collection;

/**
 * Which terminals areas and groups cover, and where a terminal is. The hub implements it from its
 * registry; {@link TargetDirectory} is a simple in-memory one.
 */
public interface TargetResolver {

  /** Terminal ids in the area and every area below it; empty when none. */
  Collection<String> terminalsInArea(String areaCode);

  /** Terminal ids in the group (its own terminals and those of its areas); empty when none. */
  Collection<String> terminalsInGroup(String group);

  /**
   * The 12-digit area code of the terminal, which decides its quiet hours; null when unknown, in
   * which case no quiet hours apply to it: the hub should know every terminal's area.
   */
  String areaOf(String terminalId);
}
