package org.villagecast.controller.scheduling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.villagecast.schedules.Occurrence;
import org.villagecast.schedules.Schedule;
import org.villagecast.schedules.ScheduleSet;
import org.villagecast.schedules.Targets;
import org.villagecast.schedules.timeline.EntryKind;
import org.villagecast.schedules.timeline.Lane;
import org.villagecast.schedules.timeline.Timeline;
import org.villagecast.schedules.timeline.TimelineEntry;
import org.villagecast.schedules.timeline.TimelineService;

/**
 * Turns the timeline into what the scheduler does: for every occurrence of every schedule that
 * starts in a range, one {@link PlannedOccurrence}. Pure: no clock reads, no I/O; run it on a
 * worker thread (a county's day costs about as much as its timeline).
 *
 * <p>The timeline decides per lane (terminals that hear the same thing); the hub starts one
 * broadcast per occurrence. The rules that join the two:
 *
 * <ul>
 *   <li>An occurrence a calendar excludes, or that no lane ever plays (skipped by a conflict rule,
 *       held by quiet hours until its slot ended, targets that cover no accepted terminal), is not
 *       started: it is recorded SKIPPED with the timeline's reason.
 *   <li>Otherwise its sound starts at the earliest start of a PLAY or DUCKED entry over its lanes
 *       (the scheduled second, unless every lane queues it).
 *   <li>It is sent to every lane that plays it, except lanes that quiet hours hold back: quiet
 *       hours are enforced at the hub, so those terminals do not get it, and the record names them.
 *       Lanes where it waits behind another broadcast get it too: the broadcast service's arbiter
 *       decides live which broadcast owns each terminal, as the timeline predicted.
 *   <li>Its window ends at the latest end of its PLAY or DUCKED entries, but never after the moment
 *       quiet hours hold it on any lane it is sent to.
 * </ul>
 */
public final class FiringPlanner {
  private final ScheduleSet set;
  private final RegistryTargets resolver;
  private final Map<Lane, List<String>> knownByLane = new IdentityHashMap<>();

  public FiringPlanner(ScheduleSet set, RegistryTargets resolver) {
    this.set = set;
    this.resolver = resolver;
  }

  /**
   * The entries of one occurrence on one lane. Equal by identity: as a record, its hash would walk
   * every entry of the lane, for every occurrence.
   */
  private static final class LaneEntries {
    private final Lane lane;
    private final List<TimelineEntry> entries;

    LaneEntries(Lane lane, List<TimelineEntry> entries) {
      this.lane = lane;
      this.entries = entries;
    }

    Lane lane() {
      return lane;
    }

    List<TimelineEntry> entries() {
      return entries;
    }
  }

  /**
   * The plan of every occurrence whose slot starts in {@code [from, to)}, by start, then schedule.
   */
  public List<PlannedOccurrence> plan(Instant from, Instant to) {
    if (set.schedules().isEmpty()) {
      return List.of();
    }
    Timeline timeline =
        new TimelineService(set, resolver, Clock.fixed(from, java.time.ZoneOffset.UTC))
            .timeline(union(set.schedules()), from, to);
    Map<OccurrenceKey, List<LaneEntries>> byOccurrence = new HashMap<>();
    for (Lane lane : timeline.lanes()) {
      Map<OccurrenceKey, List<TimelineEntry>> ofLane = new LinkedHashMap<>();
      for (TimelineEntry e : lane.entries()) {
        if (e.scheduleId() == null || e.occurrence() == null || e.kind() == EntryKind.FALLBACK) {
          continue;
        }
        ofLane
            .computeIfAbsent(
                new OccurrenceKey(e.scheduleId(), e.occurrence()), k -> new ArrayList<>())
            .add(e);
      }
      ofLane.forEach(
          (key, entries) ->
              byOccurrence
                  .computeIfAbsent(key, k -> new ArrayList<>())
                  .add(new LaneEntries(lane, entries)));
    }
    List<PlannedOccurrence> plan = new ArrayList<>();
    for (Schedule schedule : set.schedules()) {
      for (Occurrence o : schedule.occurrences(from, to, set.calendars())) {
        if (o.start().isBefore(from)) {
          continue;
        }
        plan.add(planOne(o, byOccurrence.get(new OccurrenceKey(schedule.id(), o.start()))));
      }
    }
    plan.sort(
        Comparator.comparing(PlannedOccurrence::startAt)
            .thenComparing(PlannedOccurrence::occurrence)
            .thenComparing(p -> p.schedule().id()));
    return plan;
  }

  private PlannedOccurrence planOne(Occurrence o, List<LaneEntries> lanes) {
    Schedule schedule = o.schedule();
    if (o.isExcluded()) {
      return PlannedOccurrence.skipped(schedule, o.start(), o.exclusion());
    }
    if (lanes == null || lanes.isEmpty()) {
      return PlannedOccurrence.skipped(
          schedule,
          o.start(),
          "its targets cover no accepted terminal (" + describe(schedule.targets()) + ")");
    }
    // Each lane: when it starts playing the occurrence, when it ends, whether quiet hours hold it.
    Instant startAt = null;
    Map<LaneEntries, Instant> laneStart = new LinkedHashMap<>();
    Map<LaneEntries, String> notPlaying = new LinkedHashMap<>();
    for (LaneEntries lane : lanes) {
      Instant first = null;
      for (TimelineEntry e : lane.entries()) {
        if (playing(e)) {
          first = e.start();
          break;
        }
      }
      if (first == null) {
        notPlaying.put(lane, lastReason(lane));
      } else {
        laneStart.put(lane, first);
        startAt = startAt == null || first.isBefore(startAt) ? first : startAt;
      }
    }
    if (startAt == null) {
      LaneEntries first = lanes.get(0);
      return PlannedOccurrence.skipped(
          schedule,
          o.start(),
          "does not play on any of its "
              + terminalCount(lanes)
              + " terminals: "
              + notPlaying.get(first));
    }
    List<List<String>> sentTo = new ArrayList<>();
    int count = 0;
    Instant endAt = null;
    Instant quietCap = null;
    List<String> notes = new ArrayList<>();
    int unknown = 0;
    for (Map.Entry<LaneEntries, Instant> e : laneStart.entrySet()) {
      LaneEntries lane = e.getKey();
      Instant heldBefore = heldByQuietHours(lane, e.getValue());
      if (heldBefore != null || (e.getValue().isAfter(startAt) && heldAt(lane, startAt))) {
        notPlaying.put(
            lane, "held by quiet hours at " + startAt + "; quiet hours are kept at the hub");
        continue;
      }
      List<String> known = known(lane.lane());
      sentTo.add(known);
      count += known.size();
      unknown += lane.lane().terminals().size() - known.size();
      for (TimelineEntry entry : lane.entries()) {
        if (playing(entry) && (endAt == null || entry.end().isAfter(endAt))) {
          endAt = entry.end();
        }
        if (entry.kind() == EntryKind.HELD_BY_QUIET_HOURS
            && entry.start().isAfter(e.getValue())
            && (quietCap == null || entry.start().isBefore(quietCap))) {
          quietCap = entry.start();
        }
      }
      if (e.getValue().isAfter(startAt)) {
        notes.add(
            lane.lane().terminals().size()
                + " terminal(s) wait until "
                + e.getValue()
                + ": "
                + lane.entries().get(0).reason());
      }
    }
    if (quietCap != null && !quietCap.isAfter(endAt)) {
      endAt = quietCap;
      notes.add("stops at " + quietCap + " where quiet hours begin on some of its terminals");
    }
    if (count == 0 || !endAt.isAfter(startAt)) {
      String why =
          notPlaying.isEmpty()
              ? "none of its terminals is accepted"
              : notPlaying.values().iterator().next();
      return PlannedOccurrence.skipped(schedule, o.start(), "does not play: " + why);
    }
    // Lanes left out for the same reason are counted together: a county-wide notice can miss a
    // hundred lanes of a town in its quiet hours.
    Map<String, Integer> leftOut = new LinkedHashMap<>();
    for (Map.Entry<LaneEntries, String> e : notPlaying.entrySet()) {
      leftOut.merge(e.getValue(), e.getKey().lane().terminals().size(), Integer::sum);
    }
    leftOut.forEach((why, n) -> notes.add("not on " + n + " terminal(s): " + why));
    if (unknown > 0) {
      notes.add(unknown + " targeted terminal(s) are not accepted in the registry");
    }
    boolean whole = notPlaying.isEmpty() && unknown == 0 && !startAt.isAfter(o.start());
    if (startAt.isAfter(o.start())) {
      notes.add(
          0,
          "starts "
              + Duration.between(o.start(), startAt).toSeconds()
              + " s after its scheduled second: "
              + lanes.get(0).entries().get(0).reason());
    }
    String reason = notes.isEmpty() ? "scheduled" : String.join("; ", notes);
    // Sent to its own targets, the terminals need not be listed: a county-wide schedule would hold
    // every terminal of the county in every occurrence of the day.
    List<String> terminals = List.of();
    if (!whole) {
      List<String> listed = new ArrayList<>(count);
      sentTo.forEach(listed::addAll);
      listed.sort(null);
      terminals = listed;
    }
    return new PlannedOccurrence(
        schedule, o.start(), true, startAt, endAt, terminals, count, whole, reason);
  }

  private static boolean playing(TimelineEntry e) {
    return e.kind() == EntryKind.PLAY || e.kind() == EntryKind.DUCKED;
  }

  /** The start of a quiet-hours hold of this occurrence at or before {@code until}, or null. */
  private static Instant heldByQuietHours(LaneEntries lane, Instant until) {
    for (TimelineEntry e : lane.entries()) {
      if (e.kind() == EntryKind.HELD_BY_QUIET_HOURS && !e.start().isAfter(until)) {
        return e.start();
      }
    }
    return null;
  }

  private static boolean heldAt(LaneEntries lane, Instant t) {
    for (TimelineEntry e : lane.entries()) {
      if (e.kind() == EntryKind.HELD_BY_QUIET_HOURS
          && !e.start().isAfter(t)
          && e.end().isAfter(t)) {
        return true;
      }
    }
    return false;
  }

  private static String lastReason(LaneEntries lane) {
    List<TimelineEntry> entries = lane.entries();
    return entries.get(entries.size() - 1).reason();
  }

  /** Lanes do not share terminals, so the count is a sum. */
  private static int terminalCount(List<LaneEntries> lanes) {
    int count = 0;
    for (LaneEntries lane : lanes) {
      count += lane.lane().terminals().size();
    }
    return count;
  }

  /** The lane's terminals the registry has accepted; worked out once per lane and plan. */
  private List<String> known(Lane lane) {
    return knownByLane.computeIfAbsent(
        lane,
        l -> {
          List<String> known = new ArrayList<>(l.terminals().size());
          for (String terminal : l.terminals()) {
            if (resolver.knows(terminal)) {
              known.add(terminal);
            }
          }
          return known.size() == l.terminals().size() ? l.terminals() : known;
        });
  }

  /** Every area, group and terminal any schedule targets. */
  static Targets union(List<Schedule> schedules) {
    Set<String> areas = new TreeSet<>();
    Set<String> groups = new TreeSet<>();
    Set<String> terminals = new TreeSet<>();
    for (Schedule s : schedules) {
      areas.addAll(s.targets().areas());
      groups.addAll(s.targets().groups());
      terminals.addAll(s.targets().terminals());
    }
    return new Targets(areas, groups, terminals);
  }

  static String describe(Targets targets) {
    List<String> parts = new ArrayList<>();
    if (!targets.areas().isEmpty()) {
      parts.add("areas " + new TreeSet<>(targets.areas()));
    }
    if (!targets.groups().isEmpty()) {
      parts.add("groups " + new TreeSet<>(targets.groups()));
    }
    if (!targets.terminals().isEmpty()) {
      parts.add("terminals " + new TreeSet<>(targets.terminals()));
    }
    return String.join(", ", parts);
  }
}
