package org.villagecast.schedules.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.villagecast.schedules.ConflictRule;
import org.villagecast.schedules.Priority;
import org.villagecast.schedules.ProgrammeRef;

/**
 * One line of a timeline: what happens to one broadcast (or to the silence) from {@code start} to
 * {@code end}, and why.
 *
 * <p>The reason in words is composed when first asked for: a county's timeline has hundreds of
 * thousands of entries and an operator reads a few of them.
 */
public final class TimelineEntry {
  private final long start;
  private final long end;
  private final EntryKind kind;
  private final String scheduleId;
  private final ProgrammeRef programme;
  private final Priority priority;
  private final Instant occurrence;
  private final ConflictRule rule;
  private final String byScheduleId;
  private final Duration notPlayed;
  private Supplier<String> explanation;
  private volatile String reason;

  /**
   * Entries are made by the timeline only.
   *
   * @param start start in epoch milliseconds, inclusive
   * @param end end in epoch milliseconds, exclusive
   * @param explanation composes the reason in words when first asked for
   */
  TimelineEntry(
      long start,
      long end,
      EntryKind kind,
      String scheduleId,
      ProgrammeRef programme,
      Priority priority,
      Instant occurrence,
      ConflictRule rule,
      String byScheduleId,
      Duration notPlayed,
      Supplier<String> explanation) {
    this.start = start;
    this.end = end;
    this.kind = kind;
    this.scheduleId = scheduleId;
    this.programme = programme;
    this.priority = priority;
    this.occurrence = occurrence;
    this.rule = rule;
    this.byScheduleId = byScheduleId;
    this.notPlayed = notPlayed;
    this.explanation = explanation;
  }

  /** Start, inclusive. */
  public Instant start() {
    return Instant.ofEpochMilli(start);
  }

  /**
   * End, exclusive; equal to the start for SKIPPED, CUT and EXCLUDED entries that lose nothing
   * inside the range.
   */
  public Instant end() {
    return Instant.ofEpochMilli(end);
  }

  long startMillis() {
    return start;
  }

  long endMillis() {
    return end;
  }

  public EntryKind kind() {
    return kind;
  }

  /** The schedule of the broadcast, or null (QUIET, DEAD_AIR). */
  public String scheduleId() {
    return scheduleId;
  }

  /** The programme playing or concerned (the fallback for FALLBACK), or null. */
  public ProgrammeRef programme() {
    return programme;
  }

  public Priority priority() {
    return priority;
  }

  /** The scheduled start of the broadcast's slot, or null; with the schedule id it names it. */
  public Instant occurrence() {
    return occurrence;
  }

  /** The conflict rule that decided this entry, or null. */
  public ConflictRule rule() {
    return rule;
  }

  /** The schedule of the other broadcast in the conflict, or null. */
  public String byScheduleId() {
    return byScheduleId;
  }

  /** For SKIPPED and CUT: how much of the programme will not play; otherwise zero. */
  public Duration notPlayed() {
    return notPlayed;
  }

  /** The explanation in words, e.g. "music pre-empted by relay (rule pre-empt: …)". */
  public String reason() {
    String r = reason;
    if (r == null) {
      synchronized (this) {
        if (reason == null) {
          reason = explanation.get();
          explanation = null;
        }
        r = reason;
      }
    }
    return r;
  }

  public Duration length() {
    return Duration.ofMillis(end - start);
  }

  /** True when {@code [start, end)} overlaps the other entry's. */
  public boolean overlaps(TimelineEntry other) {
    return start < other.end && other.start < end;
  }

  /** A copy ending at {@code newEnd}. */
  TimelineEntry withEnd(long newEnd) {
    String r = reason();
    return new TimelineEntry(
        start,
        newEnd,
        kind,
        scheduleId,
        programme,
        priority,
        occurrence,
        rule,
        byScheduleId,
        notPlayed,
        () -> r);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TimelineEntry)) {
      return false;
    }
    TimelineEntry e = (TimelineEntry) o;
    return start == e.start
        && end == e.end
        && kind == e.kind
        && Objects.equals(scheduleId, e.scheduleId)
        && Objects.equals(programme, e.programme)
        && priority == e.priority
        && Objects.equals(occurrence, e.occurrence)
        && rule == e.rule
        && Objects.equals(byScheduleId, e.byScheduleId)
        && notPlayed.equals(e.notPlayed)
        && reason().equals(e.reason());
  }

  @Override
  public int hashCode() {
    return Objects.hash(start, end, kind, scheduleId, occurrence);
  }

  @Override
  public String toString() {
    return start
        + " "
        + end
        + " "
        + kind
        + " "
        + (scheduleId == null ? "" : scheduleId)
        + " "
        + reason();
  }
}
