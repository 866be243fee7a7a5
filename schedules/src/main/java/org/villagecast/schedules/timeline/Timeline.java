package org.villagecast.schedules.timeline;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the targeted terminals will hear over {@code [from, to)}: one {@link Lane} per set of
 * terminals that hear the same thing.
 */
public final class Timeline {
  private final Instant from;
  private final Instant to;
  private final List<Lane> lanes;
  private final Map<String, Lane> laneOfTerminal = new HashMap<>();

  Timeline(Instant from, Instant to, List<Lane> lanes) {
    this.from = from;
    this.to = to;
    this.lanes = List.copyOf(lanes);
    for (Lane lane : this.lanes) {
      for (String terminal : lane.terminals()) {
        laneOfTerminal.put(terminal, lane);
      }
    }
  }

  public Instant from() {
    return from;
  }

  public Instant to() {
    return to;
  }

  /** The lanes, largest first. */
  public List<Lane> lanes() {
    return lanes;
  }

  /** The lane of one terminal, if it was targeted. */
  public Optional<Lane> laneOf(String terminalId) {
    return Optional.ofNullable(laneOfTerminal.get(terminalId));
  }

  /** The number of terminals covered. */
  public int terminalCount() {
    return laneOfTerminal.size();
  }

  /** A plain-text rendering for operators: one block per lane, times in {@code zone}. */
  public String describe(ZoneId zone) {
    DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
    StringBuilder out = new StringBuilder();
    for (Lane lane : lanes) {
      List<String> terminals = lane.terminals();
      out.append(terminals.size())
          .append(terminals.size() == 1 ? " terminal: " : " terminals: ")
          .append(String.join(", ", terminals.subList(0, Math.min(5, terminals.size()))))
          .append(terminals.size() > 5 ? ", …" : "")
          .append('\n');
      for (TimelineEntry e : lane.entries()) {
        out.append("  ")
            .append(time.format(e.start()))
            .append(" – ")
            .append(time.format(e.end()))
            .append("  ")
            .append(String.format("%-19s", e.kind()))
            .append(' ')
            .append(e.reason())
            .append('\n');
      }
    }
    return out.toString();
  }
}
