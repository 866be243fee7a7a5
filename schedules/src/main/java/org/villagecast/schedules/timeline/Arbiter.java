package org.villagecast.schedules.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.villagecast.schedules.ConflictRule;
import org.villagecast.schedules.ConflictRules;
import org.villagecast.schedules.Occurrence;
import org.villagecast.schedules.OverrunPolicy;
import org.villagecast.schedules.Priority;
import org.villagecast.schedules.Schedule;

/**
 * Decides, for the terminals of one lane, which broadcast owns them at every instant, by walking
 * from event to event: a slot starts, a broadcast ends, a waiting broadcast's slot runs out, quiet
 * hours begin or end.
 *
 * <p>At most one broadcast owns the terminals; weaker ones are ducked under it, wait (pre-empted,
 * queued, held by quiet hours), or are dropped, as the conflict rules and their overrun policies
 * say. Every change is written down as a {@link TimelineEntry} with its reason. One instance per
 * lane and run; not thread-safe.
 */
final class Arbiter {
  private static final long OPEN = Long.MAX_VALUE;

  private final ConflictRules rules;
  private final long from;
  private final long to;
  private final List<QuietSpan> quiet;
  private final List<FallbackSpan> fallbacks;
  private final List<TimelineEntry> out = new ArrayList<>();

  private Item owner;
  private final List<Item> ducked = new ArrayList<>();
  private final List<Item> waiting = new ArrayList<>();
  private QuietSpan quietNow;

  /**
   * @param quiet quiet spans of the lane, sorted, not overlapping
   * @param fallbacks fallback spans, strongest first
   */
  Arbiter(
      ConflictRules rules,
      Instant from,
      Instant to,
      List<QuietSpan> quiet,
      List<FallbackSpan> fallbacks) {
    this.rules = rules;
    this.from = from.toEpochMilli();
    this.to = to.toEpochMilli();
    this.quiet = quiet;
    this.fallbacks = fallbacks;
  }

  /** One broadcast as the arbiter tracks it. */
  private static final class Item {
    final Occurrence occurrence;
    final Schedule schedule;
    final int order;
    final long slotStart;
    final long slotEnd;
    long deadline;
    long remaining;
    boolean started;
    long since;
    EntryKind state;
    Item by;
    ConflictRule rule;
    String resumeReason;

    Item(Occurrence occurrence, int order) {
      this.occurrence = occurrence;
      this.schedule = occurrence.schedule();
      this.order = order;
      this.slotStart = occurrence.start().toEpochMilli();
      this.slotEnd = occurrence.end().toEpochMilli();
      this.deadline = schedule.overrun() == OverrunPolicy.CUT ? slotEnd : OPEN;
      this.remaining = slotEnd - slotStart;
    }

    Priority priority() {
      return schedule.priority();
    }

    boolean isRealAlert() {
      return schedule.priority() == Priority.EMERGENCY_REAL;
    }

    long endIfPlaying() {
      long natural = since + remaining;
      return Math.min(deadline, natural < since ? OPEN : natural);
    }

    String label() {
      return schedule.label();
    }
  }

  /** Strongest first; between equals, one already playing, then the earlier slot. */
  private static final Comparator<Item> STRONGEST_FIRST =
      Comparator.comparingInt((Item i) -> -i.priority().rank())
          .thenComparing(i -> i.state != EntryKind.DUCKED)
          .thenComparingLong(i -> i.slotStart)
          .thenComparingInt(i -> i.order);

  /**
   * Runs the lane.
   *
   * @param occurrences every occurrence of the lane's schedules, each with its schedule's index
   * @return the entries, in order of start
   */
  List<TimelineEntry> run(List<Occurrence> occurrences, List<Integer> orders) {
    List<Item> items = new ArrayList<>(occurrences.size());
    for (int i = 0; i < occurrences.size(); i++) {
      Occurrence o = occurrences.get(i);
      if (o.isExcluded()) {
        if (o.start().toEpochMilli() < to && o.end().toEpochMilli() > from) {
          out.add(
              entry(
                  EntryKind.EXCLUDED,
                  new Item(o, orders.get(i)),
                  o.start().toEpochMilli(),
                  o.end().toEpochMilli(),
                  null,
                  null,
                  o.exclusion(),
                  Duration.ZERO));
        }
      } else {
        items.add(new Item(o, orders.get(i)));
      }
    }
    items.sort(
        Comparator.comparingLong((Item i) -> i.slotStart)
            .thenComparingInt(i -> -i.priority().rank())
            .thenComparingInt(i -> i.order));
    long t = items.isEmpty() ? from : Math.min(from, items.get(0).slotStart);
    quietNow = quietAt(t);
    int next = 0;
    while (true) {
      long nt = to;
      if (next < items.size()) {
        nt = Math.min(nt, items.get(next).slotStart);
      }
      if (owner != null) {
        nt = Math.min(nt, owner.endIfPlaying());
      }
      for (Item d : ducked) {
        nt = Math.min(nt, d.endIfPlaying());
      }
      for (Item w : waiting) {
        nt = Math.min(nt, w.deadline);
      }
      nt = Math.min(nt, nextQuietBoundary(t));
      if (nt >= to) {
        break;
      }
      t = nt;
      step(t);
      while (next < items.size() && items.get(next).slotStart == t) {
        contest(items.get(next++), t);
      }
      if (owner == null) {
        promote(t);
      }
    }
    closeAll(to);
    fillGaps();
    out.sort(
        Comparator.comparing(TimelineEntry::start)
            .thenComparing(TimelineEntry::end)
            .thenComparing(TimelineEntry::kind));
    return out;
  }

  /** Ends, run-outs and quiet-hour boundaries at {@code t}, before any arrival. */
  private void step(long t) {
    if (owner != null && owner.endIfPlaying() <= t) {
      finish(owner, t);
      owner = null;
    }
    for (Item d : new ArrayList<>(ducked)) {
      if (d.endIfPlaying() <= t) {
        finish(d, t);
        ducked.remove(d);
      }
    }
    for (Item w : new ArrayList<>(waiting)) {
      if (w.deadline <= t) {
        waiting.remove(w);
        closeSegment(w, t);
        lose(w, t, null, null, "its slot ended while it " + waitingWords(w));
      }
    }
    QuietSpan q = quietAt(t);
    if (q != quietNow) {
      quietNow = q;
      if (q != null) {
        enterQuiet(t);
      } else if (owner != null) {
        rebalance(t);
      }
    }
    if (owner == null) {
      promote(t);
    }
  }

  private void enterQuiet(long t) {
    if (owner != null && !owner.isRealAlert()) {
      Item o = owner;
      owner = null;
      stopPlaying(o, t);
      holdForQuiet(o, t);
    }
    for (Item d : new ArrayList<>(ducked)) {
      if (!d.isRealAlert()) {
        ducked.remove(d);
        stopPlaying(d, t);
        holdForQuiet(d, t);
      }
    }
    for (Item w : new ArrayList<>(waiting)) {
      if (!w.isRealAlert()) {
        waiting.remove(w);
        closeSegment(w, t);
        holdForQuiet(w, t);
      }
    }
  }

  /** Quiet hours never make a broadcast run past its slot, whatever its overrun policy. */
  private void holdForQuiet(Item item, long t) {
    item.deadline = Math.min(item.deadline, item.slotEnd);
    if (item.deadline <= t) {
      lose(item, t, null, null, "quiet hours " + quietNow.description() + " began");
      return;
    }
    startWaiting(item, t, EntryKind.HELD_BY_QUIET_HOURS, null, null);
  }

  /** A broadcast meets the current owner: at its slot start, or when it may compete again. */
  private void contest(Item a, long t) {
    supersede(a, t);
    if (quietNow != null && !a.isRealAlert()) {
      holdForQuiet(a, t);
      return;
    }
    if (owner == null) {
      becomeOwner(a, t);
      rebalance(t);
      return;
    }
    Item o = owner;
    if (a.priority().isAbove(o.priority())) {
      ConflictRule rule = rules.ruleFor(a.priority(), o.priority());
      switch (rule) {
        case PRE_EMPT:
          owner = null;
          stopPlaying(o, t);
          if (o.schedule.overrun() == OverrunPolicy.SHIFT) {
            o.remaining = o.slotEnd - o.slotStart;
          }
          becomeOwner(a, t);
          startWaiting(o, t, EntryKind.PREEMPTED, a, rule);
          rebalance(t);
          break;
        case DUCK:
          owner = null;
          stopPlaying(o, t);
          becomeOwner(a, t);
          startDucked(o, t, a);
          rebalance(t);
          break;
        case QUEUE:
          startWaiting(a, t, EntryKind.QUEUED, o, rule);
          break;
        case SKIP:
          owner = null;
          stopPlaying(o, t);
          lose(o, t, a, rule, a.label() + " took the terminals" + ruleWords(rule, a, o));
          becomeOwner(a, t);
          rebalance(t);
          break;
        default:
          throw new IllegalStateException(rule.toString());
      }
      return;
    }
    ConflictRule rule = rules.ruleFor(o.priority(), a.priority());
    switch (rule) {
      case PRE_EMPT:
        startWaiting(a, t, EntryKind.PREEMPTED, o, rule);
        break;
      case QUEUE:
        startWaiting(a, t, EntryKind.QUEUED, o, rule);
        break;
      case DUCK:
        startDucked(a, t, o);
        break;
      case SKIP:
        lose(a, t, o, rule, o.label() + " is playing" + ruleWords(rule, o, a));
        break;
      default:
        throw new IllegalStateException(rule.toString());
    }
  }

  /**
   * A new occurrence of a schedule replaces an older one still waiting: nobody wants yesterday's
   * notice played after today's, and without this a schedule that overlaps itself would pile up
   * copies without end.
   */
  private void supersede(Item a, long t) {
    for (Item w : new ArrayList<>(waiting)) {
      if (w.schedule == a.schedule && w != a) {
        waiting.remove(w);
        closeSegment(w, t);
        lose(w, t, null, null, "its next occurrence starts (" + waitingWords(w) + ")");
      }
    }
  }

  /** Brings the ducked and waiting broadcasts in line with a new owner. */
  private void rebalance(long t) {
    Item w = owner;
    for (Item d : new ArrayList<>(ducked)) {
      ConflictRule rule = rules.ruleFor(w.priority(), d.priority());
      if (rule == ConflictRule.DUCK) {
        if (d.by != w) {
          closeSegment(d, t);
          d.by = w;
          d.rule = rule;
          d.since = t;
        }
        continue;
      }
      ducked.remove(d);
      stopPlaying(d, t);
      if (rule == ConflictRule.SKIP) {
        lose(d, t, w, rule, w.label() + " took the terminals" + ruleWords(rule, w, d));
      } else {
        if (d.schedule.overrun() == OverrunPolicy.SHIFT) {
          d.remaining = d.slotEnd - d.slotStart;
        }
        startWaiting(
            d, t, rule == ConflictRule.QUEUE ? EntryKind.QUEUED : EntryKind.PREEMPTED, w, rule);
      }
    }
    for (Item x : new ArrayList<>(waiting)) {
      if (owner != w) {
        return; // a stronger waiting broadcast took over below; its own rebalance has run
      }
      if (quietNow != null && !x.isRealAlert()) {
        continue;
      }
      boolean stronger = x.priority().isAbove(w.priority());
      ConflictRule rule =
          stronger
              ? rules.ruleFor(x.priority(), w.priority())
              : rules.ruleFor(w.priority(), x.priority());
      if (stronger && rule != ConflictRule.QUEUE) {
        waiting.remove(x);
        closeSegment(x, t);
        contest(x, t);
        return;
      }
      if (!stronger && rule == ConflictRule.DUCK) {
        waiting.remove(x);
        closeSegment(x, t);
        startDucked(x, t, w);
      } else if (!stronger && rule == ConflictRule.SKIP) {
        waiting.remove(x);
        closeSegment(x, t);
        lose(x, t, w, rule, w.label() + " is playing" + ruleWords(rule, w, x));
      } else if (x.by != w || x.state == EntryKind.HELD_BY_QUIET_HOURS) {
        waiting.remove(x);
        closeSegment(x, t);
        startWaiting(
            x,
            t,
            stronger || rule == ConflictRule.QUEUE ? EntryKind.QUEUED : EntryKind.PREEMPTED,
            w,
            rule);
      }
    }
  }

  /** With no owner, the strongest eligible ducked or waiting broadcast takes the terminals. */
  private void promote(long t) {
    Item best = null;
    for (Item d : ducked) {
      if (eligible(d) && (best == null || STRONGEST_FIRST.compare(d, best) < 0)) {
        best = d;
      }
    }
    for (Item w : waiting) {
      if (eligible(w) && (best == null || STRONGEST_FIRST.compare(w, best) < 0)) {
        best = w;
      }
    }
    if (best == null) {
      return;
    }
    if (best.state == EntryKind.DUCKED) {
      ducked.remove(best);
      stopPlaying(best, t);
      best.resumeReason = "back to full volume after " + best.by.label();
    } else {
      waiting.remove(best);
      closeSegment(best, t);
      best.resumeReason = resumeWords(best, t);
    }
    becomeOwner(best, t);
    rebalance(t);
  }

  private boolean eligible(Item item) {
    return quietNow == null || item.isRealAlert();
  }

  private void becomeOwner(Item item, long t) {
    owner = item;
    item.state = EntryKind.PLAY;
    item.since = t;
    item.by = null;
    item.rule = null;
    if (!item.started) {
      item.started = true;
      if (item.resumeReason == null && t == item.slotStart) {
        item.resumeReason = "scheduled";
      }
    }
  }

  private void startDucked(Item item, long t, Item under) {
    ducked.add(item);
    item.state = EntryKind.DUCKED;
    item.started = true;
    item.since = t;
    item.by = under;
    item.rule = ConflictRule.DUCK;
  }

  private void startWaiting(Item item, long t, EntryKind kind, Item by, ConflictRule rule) {
    waiting.add(item);
    item.state = kind;
    item.since = t;
    item.by = by;
    item.rule = rule;
  }

  /** Leaves PLAY or DUCKED: writes the segment and counts what has played. */
  private void stopPlaying(Item item, long t) {
    long played = t - item.since;
    closeSegment(item, t);
    item.remaining -= played;
  }

  private void finish(Item item, long t) {
    stopPlaying(item, t);
    item.state = null;
  }

  /** Writes the entry for the item's current state from {@code since} to {@code t}. */
  private void closeSegment(Item item, long t) {
    if (item.state == null || t <= item.since) {
      return;
    }
    String reason;
    switch (item.state) {
      case PLAY:
        reason = playWords(item, t);
        item.resumeReason = "continues";
        break;
      case DUCKED:
        reason =
            item.label()
                + " plays ducked under "
                + item.by.label()
                + ruleWords(item.rule, item.by, item);
        break;
      case PREEMPTED:
        reason =
            item.label()
                + " pre-empted by "
                + item.by.label()
                + ruleWords(item.rule, item.by, item);
        break;
      case QUEUED:
        reason =
            item.label()
                + " queued behind "
                + item.by.label()
                + ruleWords(item.rule, item.by, item);
        break;
      case HELD_BY_QUIET_HOURS:
        reason = item.label() + " held by quiet hours (only real emergencies play)";
        break;
      default:
        throw new IllegalStateException(item.state.toString());
    }
    if (t > from && item.since < to) {
      out.add(entry(item.state, item, item.since, t, item.rule, item.by, reason, Duration.ZERO));
    }
    item.since = t;
  }

  /** The rest of the item will not play. */
  private void lose(Item item, long t, Item by, ConflictRule rule, String why) {
    long wouldEnd = Math.min(item.deadline, t + Math.max(0, item.remaining));
    EntryKind kind = item.started ? EntryKind.CUT : EntryKind.SKIPPED;
    String reason =
        item.label()
            + (item.started ? " stops early, " : " does not play, ")
            + formatDuration(item.remaining)
            + " not played: "
            + why;
    item.state = null;
    if (t >= from && t < to) {
      out.add(
          entry(
              kind,
              item,
              t,
              Math.max(t, Math.min(wouldEnd, to)),
              rule,
              by,
              reason,
              Duration.ofMillis(Math.max(0, item.remaining))));
    }
  }

  private void closeAll(long t) {
    if (owner != null) {
      closeSegment(owner, t);
    }
    for (Item d : ducked) {
      closeSegment(d, t);
    }
    for (Item w : waiting) {
      closeSegment(w, t);
    }
  }

  /** Empty time: quiet hours, a fallback programme, or dead air. */
  private void fillGaps() {
    List<long[]> owned = new ArrayList<>();
    for (TimelineEntry e : out) {
      if (e.kind() == EntryKind.PLAY) {
        owned.add(new long[] {e.start().toEpochMilli(), e.end().toEpochMilli()});
      }
    }
    owned.sort(Comparator.comparingLong(a -> a[0]));
    long cursor = from;
    for (long[] span : owned) {
      if (span[0] > cursor) {
        fillGap(cursor, span[0]);
      }
      cursor = Math.max(cursor, span[1]);
    }
    if (cursor < to) {
      fillGap(cursor, to);
    }
  }

  private void fillGap(long start, long end) {
    long t = start;
    while (t < end) {
      long next = end;
      QuietSpan q = quietAt(t);
      next = Math.min(next, nextQuietBoundary(t));
      if (q != null) {
        addGapEntry(EntryKind.QUIET, null, t, next, "quiet hours " + q.description());
        t = next;
        continue;
      }
      FallbackSpan best = null;
      for (FallbackSpan f : fallbacks) {
        if (f.start() <= t && t < f.end()) {
          best = f;
          break;
        }
        if (f.start() > t) {
          next = Math.min(next, f.start());
        }
      }
      if (best != null) {
        next = Math.min(next, best.end());
        // A stronger fallback that starts later takes over from there.
        for (FallbackSpan f : fallbacks) {
          if (f == best) {
            break;
          }
          if (f.start() > t) {
            next = Math.min(next, f.start());
          }
        }
        addGapEntry(
            EntryKind.FALLBACK,
            best.schedule(),
            t,
            next,
            "fallback " + best.schedule().fallback().label() + " of " + best.schedule().label());
      } else {
        addGapEntry(
            EntryKind.DEAD_AIR, null, t, next, "nothing scheduled and no fallback in force");
      }
      t = next;
    }
  }

  private void addGapEntry(EntryKind kind, Schedule schedule, long start, long end, String reason) {
    TimelineEntry last = out.isEmpty() ? null : out.get(out.size() - 1);
    if (last != null
        && last.kind() == kind
        && last.end().toEpochMilli() == start
        && (schedule == null ? last.scheduleId() == null : schedule.id().equals(last.scheduleId()))
        && last.reason().equals(reason)) {
      out.set(
          out.size() - 1,
          new TimelineEntry(
              last.start(),
              Instant.ofEpochMilli(end),
              kind,
              last.scheduleId(),
              last.programme(),
              last.priority(),
              null,
              null,
              null,
              Duration.ZERO,
              reason));
      return;
    }
    out.add(
        new TimelineEntry(
            Instant.ofEpochMilli(start),
            Instant.ofEpochMilli(end),
            kind,
            schedule == null ? null : schedule.id(),
            schedule == null ? null : schedule.fallback(),
            schedule == null ? null : Priority.BACKGROUND,
            null,
            null,
            null,
            Duration.ZERO,
            reason));
  }

  private QuietSpan quietAt(long t) {
    for (QuietSpan q : quiet) {
      if (q.start() <= t && t < q.end()) {
        return q;
      }
      if (q.start() > t) {
        break;
      }
    }
    return null;
  }

  private long nextQuietBoundary(long t) {
    for (QuietSpan q : quiet) {
      if (q.start() > t) {
        return q.start();
      }
      if (q.end() > t) {
        return q.end();
      }
    }
    return OPEN;
  }

  private TimelineEntry entry(
      EntryKind kind,
      Item item,
      long start,
      long end,
      ConflictRule rule,
      Item by,
      String reason,
      Duration notPlayed) {
    long s = kind == EntryKind.SKIPPED || kind == EntryKind.CUT ? start : Math.max(start, from);
    long e = Math.max(s, Math.min(end, to));
    return new TimelineEntry(
        Instant.ofEpochMilli(s),
        Instant.ofEpochMilli(e),
        kind,
        item.schedule.id(),
        item.schedule.programme(),
        item.priority(),
        item.occurrence.start(),
        rule,
        by == null ? null : by.schedule.id(),
        notPlayed,
        reason);
  }

  private String playWords(Item item, long t) {
    String what = item.label() + " plays " + item.schedule.programme().label();
    String how = item.resumeReason == null ? "scheduled" : item.resumeReason;
    if (t > item.slotEnd && item.since < t) {
      how +=
          "; runs "
              + formatDuration(t - Math.max(item.slotEnd, item.since))
              + " past its slot, overrun policy "
              + item.schedule.overrun().fileName();
    }
    return what + " (" + how + ")";
  }

  private String resumeWords(Item item, long t) {
    String after = item.by == null ? "quiet hours" : item.by.label();
    if (!item.started) {
      return "starts " + formatDuration(t - item.slotStart) + " late, after " + after;
    }
    switch (item.schedule.overrun()) {
      case SHIFT:
        return "starts again from the beginning after " + after + ", overrun policy shift";
      case EXTEND:
        return "resumes after " + after + ", overrun policy extend";
      default:
        return "resumes after " + after + " until its slot ends, overrun policy cut";
    }
  }

  private static String waitingWords(Item item) {
    if (item.state == EntryKind.HELD_BY_QUIET_HOURS || item.by == null) {
      return "was held by quiet hours";
    }
    return (item.state == EntryKind.QUEUED ? "was queued behind " : "was pre-empted by ")
        + item.by.label();
  }

  private static String ruleWords(ConflictRule rule, Item one, Item other) {
    if (rule == null) {
      return "";
    }
    Item stronger = other.priority().isAbove(one.priority()) ? other : one;
    Item weaker = stronger == one ? other : one;
    String relation =
        stronger.priority() == weaker.priority()
            ? stronger.priority().fileName() + " and " + weaker.priority().fileName()
            : stronger.priority().fileName() + " over " + weaker.priority().fileName();
    return " (rule " + rule.fileName() + ": " + relation + ")";
  }

  static String formatDuration(long millis) {
    long seconds = Math.max(0, millis) / 1000;
    long h = seconds / 3600;
    long m = (seconds % 3600) / 60;
    long s = seconds % 60;
    if (h > 0) {
      return String.format("%dh%02dm%02ds", h, m, s);
    }
    if (m > 0) {
      return String.format("%dm%02ds", m, s);
    }
    return s + "s";
  }
}
