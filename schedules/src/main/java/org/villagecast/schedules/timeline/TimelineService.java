package org.villagecast.schedules.timeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.villagecast.schedules.AreaCodes;
import org.villagecast.schedules.Occurrence;
import org.villagecast.schedules.QuietHours;
import org.villagecast.schedules.Schedule;
import org.villagecast.schedules.ScheduleSet;
import org.villagecast.schedules.Targets;

/**
 * Computes timelines: for targets (areas, groups, terminals) and a time range, what each terminal
 * will hear and why.
 *
 * <p>Terminals covered by the same schedules and the same quiet hours hear the same thing, so the
 * work is done once per such {@link Lane}, not once per terminal: per terminal there is only a
 * look-up of the schedules and quiet hours that cover it. Each schedule's occurrences are expanded
 * once per call.
 *
 * <p>The state at {@code from} takes into account broadcasts whose slot started before it and still
 * overlaps it. Thread-safe: each call works on its own data.
 */
public final class TimelineService {
  /** The longest range one call computes. */
  public static final Duration MAX_RANGE = Duration.ofDays(31);

  private final ScheduleSet schedules;
  private final TargetResolver resolver;
  private final Clock clock;

  public TimelineService(ScheduleSet schedules, TargetResolver resolver, Clock clock) {
    this.schedules = Objects.requireNonNull(schedules, "schedules");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The timeline of the next 24 hours from the clock's now: the dry run of tomorrow. */
  public Timeline next24Hours(Targets targets) {
    Instant now = clock.instant();
    return timeline(targets, now, now.plus(Duration.ofHours(24)));
  }

  /**
   * The timeline of the terminals the targets cover over {@code [from, to)}.
   *
   * @throws IllegalArgumentException if the range is empty or longer than {@link #MAX_RANGE}
   */
  public Timeline timeline(Targets targets, Instant from, Instant to) {
    Objects.requireNonNull(targets, "targets");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException(
          "the range ends (" + to + ") before it starts (" + from + ")");
    }
    if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw new IllegalArgumentException(
          "the range is longer than " + MAX_RANGE.toDays() + " days");
    }
    Map<String, Collection<String>> resolved = new HashMap<>();
    List<String> terminals = new ArrayList<>(terminalsOf(targets, resolved));
    Map<String, Integer> index = new HashMap<>(terminals.size() * 2);
    for (int i = 0; i < terminals.size(); i++) {
      index.put(terminals.get(i), i);
    }

    // Which schedules cover each requested terminal, in schedule order.
    List<Schedule> all = schedules.schedules();
    int[][] coveredBy = new int[terminals.size()][];
    int[] counts = new int[terminals.size()];
    for (int s = 0; s < all.size(); s++) {
      for (String terminal : terminalsOf(all.get(s).targets(), resolved)) {
        Integer i = index.get(terminal);
        if (i != null) {
          int[] list = coveredBy[i];
          if (list == null) {
            list = coveredBy[i] = new int[4];
          } else if (counts[i] == list.length) {
            list = coveredBy[i] = Arrays.copyOf(list, list.length * 2);
          }
          list[counts[i]++] = s;
        }
      }
    }

    // Terminals with the same schedules and quiet hours form one lane.
    Map<String, int[]> quietOfArea = new HashMap<>();
    Map<LaneKey, List<String>> lanes = new LinkedHashMap<>();
    for (int i = 0; i < terminals.size(); i++) {
      String area = resolver.areaOf(terminals.get(i));
      int[] quiet =
          area == null ? new int[0] : quietOfArea.computeIfAbsent(area, this::quietHoursOf);
      int[] covering = coveredBy[i] == null ? new int[0] : Arrays.copyOf(coveredBy[i], counts[i]);
      lanes
          .computeIfAbsent(new LaneKey(covering, quiet), k -> new ArrayList<>())
          .add(terminals.get(i));
    }

    Map<Integer, List<Occurrence>> occurrences = new HashMap<>();
    List<Lane> result = new ArrayList<>(lanes.size());
    for (Map.Entry<LaneKey, List<String>> lane : lanes.entrySet()) {
      List<String> members = lane.getValue();
      members.sort(null);
      result.add(new Lane(members, runLane(lane.getKey(), from, to, occurrences)));
    }
    result.sort(
        Comparator.comparingInt((Lane l) -> -l.terminals().size())
            .thenComparing(l -> l.terminals().get(0)));
    return new Timeline(from, to, result);
  }

  private List<TimelineEntry> runLane(
      LaneKey key, Instant from, Instant to, Map<Integer, List<Occurrence>> cache) {
    List<Schedule> all = schedules.schedules();
    List<Occurrence> laneOccurrences = new ArrayList<>();
    int[] orders = new int[64];
    List<FallbackSpan> fallbacks = new ArrayList<>();
    Instant earliest = from;
    for (int s : key.schedules) {
      Schedule schedule = all.get(s);
      List<Occurrence> list =
          cache.computeIfAbsent(s, k -> schedule.occurrences(from, to, schedules.calendars()));
      for (Occurrence o : list) {
        if (laneOccurrences.size() == orders.length) {
          orders = Arrays.copyOf(orders, orders.length * 2);
        }
        orders[laneOccurrences.size()] = s;
        laneOccurrences.add(o);
        if (o.start().isBefore(earliest)) {
          earliest = o.start();
        }
      }
      if (schedule.fallback() != null) {
        fallbacks.add(fallbackSpan(schedule, s));
      }
    }
    fallbacks.sort(
        Comparator.comparingInt((FallbackSpan f) -> -f.schedule().priority().rank())
            .thenComparingInt(FallbackSpan::order));
    List<QuietSpan> quiet = quietSpans(key.quietHours, earliest, to);
    return new Arbiter(schedules.conflictRules(), from, to, quiet, fallbacks)
        .run(laneOccurrences, orders);
  }

  private Collection<String> terminalsOf(Targets targets, Map<String, Collection<String>> cache) {
    if (targets.groups().isEmpty()
        && targets.terminals().isEmpty()
        && targets.areas().size() == 1) {
      String area = targets.areas().iterator().next();
      return cache.computeIfAbsent("a:" + area, k -> resolver.terminalsInArea(area));
    }
    Set<String> out = new LinkedHashSet<>();
    for (String area : targets.areas()) {
      out.addAll(cache.computeIfAbsent("a:" + area, k -> resolver.terminalsInArea(area)));
    }
    for (String group : targets.groups()) {
      out.addAll(cache.computeIfAbsent("g:" + group, k -> resolver.terminalsInGroup(group)));
    }
    out.addAll(targets.terminals());
    return out;
  }

  private int[] quietHoursOf(String area) {
    List<QuietHours> all = schedules.quietHours();
    int[] out = new int[all.size()];
    int n = 0;
    for (int q = 0; q < all.size(); q++) {
      if (AreaCodes.contains(all.get(q).area(), area)) {
        out[n++] = q;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** The quiet spans of these quiet hours around the range, merged where they overlap. */
  private List<QuietSpan> quietSpans(int[] quietHours, Instant earliest, Instant to) {
    List<QuietSpan> spans = new ArrayList<>();
    for (int q : quietHours) {
      QuietHours hours = schedules.quietHours().get(q);
      LocalDate day = LocalDate.ofInstant(earliest, hours.zone()).minusDays(1);
      LocalDate last = LocalDate.ofInstant(to, hours.zone()).plusDays(1);
      for (; !day.isAfter(last); day = day.plusDays(1)) {
        long start = ZonedDateTime.of(day, hours.from(), hours.zone()).toInstant().toEpochMilli();
        LocalDate endDay = hours.from().isBefore(hours.to()) ? day : day.plusDays(1);
        long end = ZonedDateTime.of(endDay, hours.to(), hours.zone()).toInstant().toEpochMilli();
        if (end > start) {
          spans.add(new QuietSpan(start, end, hours.describe()));
        }
      }
    }
    spans.sort(Comparator.comparingLong(QuietSpan::start));
    List<QuietSpan> merged = new ArrayList<>();
    for (QuietSpan span : spans) {
      QuietSpan last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && span.start() <= last.end()) {
        merged.set(
            merged.size() - 1,
            new QuietSpan(last.start(), Math.max(last.end(), span.end()), last.description()));
      } else {
        merged.add(span);
      }
    }
    return merged;
  }

  private static FallbackSpan fallbackSpan(Schedule schedule, int order) {
    long start =
        schedule.validity().from() == null
            ? Long.MIN_VALUE
            : schedule.validity().from().atStartOfDay(schedule.zone()).toInstant().toEpochMilli();
    long end =
        schedule.validity().until() == null
            ? Long.MAX_VALUE
            : schedule
                .validity()
                .until()
                .plusDays(1)
                .atStartOfDay(schedule.zone())
                .toInstant()
                .toEpochMilli();
    return new FallbackSpan(start, end, schedule, order);
  }

  /** The schedules and quiet hours that cover a terminal. */
  private static final class LaneKey {
    final int[] schedules;
    final int[] quietHours;
    private final int hash;

    LaneKey(int[] schedules, int[] quietHours) {
      this.schedules = schedules;
      this.quietHours = quietHours;
      this.hash = 31 * Arrays.hashCode(schedules) + Arrays.hashCode(quietHours);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof LaneKey
          && Arrays.equals(((LaneKey) o).schedules, schedules)
          && Arrays.equals(((LaneKey) o).quietHours, quietHours);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
