package org.villagecast.schedules.timeline;

import java.util.List;

/**
 * Terminals that hear exactly the same thing over the range, and what that is, in order of start.
 *
 * @param terminals terminal ids, sorted
 * @param entries the timeline of each of these terminals
 */
public record Lane(List<String> terminals, List<TimelineEntry> entries) {
  public Lane {
    terminals = List.copyOf(terminals);
    entries = List.copyOf(entries);
  }
}
