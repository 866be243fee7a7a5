package org.villagecast.schedules.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
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
  private int gapCount;
  private long[] owned = new long[64];
  private int ownedCount;

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
    Supplier<String> resumeReason;

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

  /** By start, then end, then kind. */
  private static final Comparator<TimelineEntry> ENTRY_ORDER =
      (a, b) -> {
        int c = Long.compare(a.startMillis(), b.startMillis());
        if (c != 0) {
          return c;
        }
        c = Long.compare(a.endMillis(), b.endMillis());
        return c != 0 ? c : a.kind().compareTo(b.kind());
      };

  /** Strongest first; between equals, one already playing, then the earlier slot. */
  private static final Comparator<Item> STRONGEST_FIRST =
      (a, b) -> {
        int c = Integer.compare(b.priority().rank(), a.priority().rank());
        if (c != 0) {
          return c;
        }
        c = Boolean.compare(a.state != EntryKind.DUCKED, b.state != EntryKind.DUCKED);
        if (c != 0) {
          return c;
        }
        c = Long.compare(a.slotStart, b.slotStart);
        return c != 0 ? c : Integer.compare(a.order, b.order);
      };

  /**
   * Runs the lane.
   *
   * @param occurrences every occurrence of the lane's schedules
   * @param orders the index of each occurrence's schedule in the set, which breaks ties
   * @return the entries, in order of start
   */
  List<TimelineEntry> run(List<Occurrence> occurrences, int[] orders) {
    List<Item> items = new ArrayList<>(occurrences.size());
    for (int i = 0; i < occurrences.size(); i++) {
      Occurrence o = occurrences.get(i);
      if (o.isExcluded()) {
        if (o.start().toEpochMilli() < to && o.end().toEpochMilli() > from) {
          String exclusion = o.exclusion();
          out.add(
              entry(
                  EntryKind.EXCLUDED,
                  new Item(o, orders[i]),
                  o.start().toEpochMilli(),
                  o.end().toEpochMilli(),
                  null,
                  null,
                  () -> exclusion,
                  Duration.ZERO));
        }
      } else {
        items.add(new Item(o, orders[i]));
      }
    }
    items.sort(
        (a, b) -> {
          int c = Long.compare(a.slotStart, b.slotStart);
          if (c != 0) {
            return c;
          }
          c = Integer.compare(b.priority().rank(), a.priority().rank());
          return c != 0 ? c : Integer.compare(a.order, b.order);
        });
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
      // Indexed loops: this runs once per event, and iterators were most of the garbage.
      for (int i = 0; i < ducked.size(); i++) {
        nt = Math.min(nt, ducked.get(i).endIfPlaying());
      }
      for (int i = 0; i < waiting.size(); i++) {
        nt = Math.min(nt, waiting.get(i).deadline);
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
    out.sort(ENTRY_ORDER);
    return out;
  }

  /** Ends, run-outs and quiet-hour boundaries at {@code t}, before any arrival. */
  private void step(long t) {
    if (owner != null && owner.endIfPlaying() <= t) {
      finish(owner, t);
      owner = null;
    }
    for (int i = ducked.size() - 1; i >= 0; i--) {
      Item d = ducked.get(i);
      if (d.endIfPlaying() <= t) {
        finish(d, t);
        ducked.remove(i);
      }
    }
    for (int i = waiting.size() - 1; i >= 0; i--) {
      Item w = waiting.get(i);
      if (w.deadline <= t) {
        waiting.remove(w);
        closeSegment(w, t);
        EntryKind state = w.state;
        Schedule by = w.by == null ? null : w.by.schedule;
        lose(w, t, null, null, () -> "its slot ended while it " + waitingWords(state, by));
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
    for (int i = ducked.size() - 1; i >= 0; i--) {
      Item d = ducked.get(i);
      if (!d.isRealAlert()) {
        ducked.remove(i);
        stopPlaying(d, t);
        holdForQuiet(d, t);
      }
    }
    for (int i = waiting.size() - 1; i >= 0; i--) {
      Item w = waiting.get(i);
      if (!w.isRealAlert()) {
        waiting.remove(i);
        closeSegment(w, t);
        holdForQuiet(w, t);
      }
    }
  }

  /** Quiet hours never make a broadcast run past its slot, whatever its overrun policy. */
  private void holdForQuiet(Item item, long t) {
    item.deadline = Math.min(item.deadline, item.slotEnd);
    if (item.deadline <= t) {
      QuietSpan q = quietNow;
      lose(item, t, null, null, () -> "quiet hours " + q.description() + " began");
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
          Schedule sa = a.schedule;
          Schedule so = o.schedule;
          lose(o, t, a, rule, () -> sa.label() + " took the terminals" + ruleWords(rule, sa, so));
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
        Schedule sa = a.schedule;
        Schedule so = o.schedule;
        lose(a, t, o, rule, () -> so.label() + " is playing" + ruleWords(rule, so, sa));
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
    for (int i = waiting.size() - 1; i >= 0; i--) {
      Item w = waiting.get(i);
      if (w.schedule == a.schedule && w != a) {
        waiting.remove(w);
        closeSegment(w, t);
        EntryKind state = w.state;
        Schedule by = w.by == null ? null : w.by.schedule;
        lose(
            w, t, null, null, () -> "its next occurrence starts (" + waitingWords(state, by) + ")");
      }
    }
  }

  /** Brings the ducked and waiting broadcasts in line with a new owner. */
  private void rebalance(long t) {
    Item w = owner;
    for (int i = ducked.size() - 1; i >= 0; i--) {
      Item d = ducked.get(i);
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
      ducked.remove(i);
      stopPlaying(d, t);
      if (rule == ConflictRule.SKIP) {
        Schedule sw = w.schedule;
        Schedule sd = d.schedule;
        lose(d, t, w, rule, () -> sw.label() + " took the terminals" + ruleWords(rule, sw, sd));
      } else {
        if (d.schedule.overrun() == OverrunPolicy.SHIFT) {
          d.remaining = d.slotEnd - d.slotStart;
        }
        startWaiting(
            d, t, rule == ConflictRule.QUEUE ? EntryKind.QUEUED : EntryKind.PREEMPTED, w, rule);
      }
    }
    // Backwards: an item that moves is removed here and added at the end, never visited twice.
    for (int i = waiting.size() - 1; i >= 0; i--) {
      if (i >= waiting.size()) {
        continue;
      }
      Item x = waiting.get(i);
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
        Schedule sw = w.schedule;
        Schedule sx = x.schedule;
        lose(x, t, w, rule, () -> sw.label() + " is playing" + ruleWords(rule, sw, sx));
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
    for (int i = 0; i < ducked.size(); i++) {
      Item d = ducked.get(i);
      if (eligible(d) && (best == null || STRONGEST_FIRST.compare(d, best) < 0)) {
        best = d;
      }
    }
    for (int i = 0; i < waiting.size(); i++) {
      Item w = waiting.get(i);
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
      Schedule under = best.by.schedule;
      best.resumeReason = () -> "back to full volume after " + under.label();
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
        item.resumeReason = SCHEDULED;
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
    if (t > from && item.since < to) {
      if (item.state == EntryKind.PLAY) {
        recordOwned(Math.max(item.since, from), Math.min(t, to));
      }
      Supplier<String> reason = segmentWords(item, t);
      out.add(entry(item.state, item, item.since, t, item.rule, item.by, reason, Duration.ZERO));
    }
    if (item.state == EntryKind.PLAY) {
      item.resumeReason = CONTINUES;
    }
    item.since = t;
  }

  private void recordOwned(long start, long end) {
    if (ownedCount == owned.length) {
      owned = java.util.Arrays.copyOf(owned, owned.length * 2);
    }
    owned[ownedCount++] = start;
    owned[ownedCount++] = end;
  }

  /** The rest of the item will not play. */
  private void lose(Item item, long t, Item by, ConflictRule rule, Supplier<String> why) {
    long wouldEnd = Math.min(item.deadline, t + Math.max(0, item.remaining));
    boolean started = item.started;
    long remaining = Math.max(0, item.remaining);
    EntryKind kind = started ? EntryKind.CUT : EntryKind.SKIPPED;
    item.state = null;
    if (t >= from && t < to) {
      Schedule self = item.schedule;
      Supplier<String> reason =
          () ->
              self.label()
                  + (started ? " stops early, " : " does not play, ")
                  + formatDuration(remaining)
                  + " not played: "
                  + why.get();
      out.add(
          entry(
              kind,
              item,
              t,
              Math.max(t, Math.min(wouldEnd, to)),
              rule,
              by,
              reason,
              Duration.ofMillis(remaining)));
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
    // Owned spans were recorded in order as they closed: owners follow one another.
    long cursor = from;
    for (int i = 0; i < ownedCount; i += 2) {
      long start = owned[i];
      if (start > cursor) {
        fillGap(cursor, start);
      }
      cursor = Math.max(cursor, owned[i + 1]);
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
        addGapEntry(EntryKind.QUIET, null, t, next, () -> "quiet hours " + q.description());
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
        Schedule owner = best.schedule();
        addGapEntry(
            EntryKind.FALLBACK,
            owner,
            t,
            next,
            () -> "fallback " + owner.fallback().label() + " of " + owner.label());
      } else {
        addGapEntry(EntryKind.DEAD_AIR, null, t, next, () -> DEAD_AIR_REASON);
      }
      t = next;
    }
  }

  private void addGapEntry(
      EntryKind kind, Schedule schedule, long start, long end, Supplier<String> reason) {
    TimelineEntry last = gapCount > 0 ? out.get(out.size() - 1) : null;
    if (last != null
        && last.kind() == kind
        && last.endMillis() == start
        && (schedule == null ? last.scheduleId() == null : schedule.id().equals(last.scheduleId()))
        && kind != EntryKind.QUIET) {
      out.set(out.size() - 1, last.withEnd(end));
      return;
    }
    gapCount++;
    out.add(
        new TimelineEntry(
            start,
            end,
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
      Supplier<String> reason,
      Duration notPlayed) {
    long s = kind == EntryKind.SKIPPED || kind == EntryKind.CUT ? start : Math.max(start, from);
    long e = Math.max(s, Math.min(end, to));
    return new TimelineEntry(
        s,
        e,
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

  private static final Supplier<String> SCHEDULED = () -> "scheduled";
  private static final Supplier<String> CONTINUES = () -> "continues";
  private static final String DEAD_AIR_REASON = "nothing scheduled and no fallback in force";

  /** The words of the segment the item is closing; reads the item's state now, words them later. */
  private static Supplier<String> segmentWords(Item item, long t) {
    // The words capture schedules and numbers, never the item: items are garbage once the lane
    // is done, and a timeline holds hundreds of thousands of these.
    EntryKind state = item.state;
    Schedule self = item.schedule;
    Schedule by = item.by == null ? null : item.by.schedule;
    ConflictRule rule = item.rule;
    long since = item.since;
    long slotEnd = item.slotEnd;
    Supplier<String> resume = item.resumeReason == null ? SCHEDULED : item.resumeReason;
    switch (state) {
      case PLAY:
        return () -> {
          String how = resume.get();
          if (t > slotEnd) {
            how +=
                "; runs "
                    + formatDuration(t - Math.max(slotEnd, since))
                    + " past its slot, overrun policy "
                    + self.overrun().fileName();
          }
          return self.label() + " plays " + self.programme().label() + " (" + how + ")";
        };
      case DUCKED:
        return () -> self.label() + " plays ducked under " + by.label() + ruleWords(rule, by, self);
      case PREEMPTED:
        return () -> self.label() + " pre-empted by " + by.label() + ruleWords(rule, by, self);
      case QUEUED:
        return () -> self.label() + " queued behind " + by.label() + ruleWords(rule, by, self);
      case HELD_BY_QUIET_HOURS:
        return () -> self.label() + " held by quiet hours (only real emergencies play)";
      default:
        throw new IllegalStateException(state.toString());
    }
  }

  private static Supplier<String> resumeWords(Item item, long t) {
    Schedule by = item.by == null ? null : item.by.schedule;
    boolean started = item.started;
    OverrunPolicy overrun = item.schedule.overrun();
    long late = t - item.slotStart;
    return () -> {
      String who = by == null ? "quiet hours" : by.label();
      if (!started) {
        return "starts " + formatDuration(late) + " late, after " + who;
      }
      switch (overrun) {
        case SHIFT:
          return "starts again from the beginning after " + who + ", overrun policy shift";
        case EXTEND:
          return "resumes after " + who + ", overrun policy extend";
        default:
          return "resumes after " + who + " until its slot ends, overrun policy cut";
      }
    };
  }

  private static String waitingWords(EntryKind state, Schedule by) {
    if (state == EntryKind.HELD_BY_QUIET_HOURS || by == null) {
      return "was held by quiet hours";
    }
    return (state == EntryKind.QUEUED ? "was queued behind " : "was pre-empted by ") + by.label();
  }

  private static String ruleWords(ConflictRule rule, Schedule one, Schedule other) {
    if (rule == null) {
      return "";
    }
    Schedule stronger = other.priority().isAbove(one.priority()) ? other : one;
    Schedule weaker = stronger == one ? other : one;
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
