package org.villagecast.schedules;

import java.time.LocalDate;

/**
 * The days on which a schedule is in force, inclusive, in the schedule's zone; null means open.
 *
 * @param from first day, or null
 * @param until last day, or null
 */
public record Validity(LocalDate from, LocalDate until) {
  /** Always in force. */
  public static final Validity ALWAYS = new Validity(null, null);

  public Validity {
    if (from != null && until != null && until.isBefore(from)) {
      throw new IllegalArgumentException(
          "validity ends (" + until + ") before it starts (" + from + ")");
    }
  }

  public boolean contains(LocalDate day) {
    return (from == null || !day.isBefore(from)) && (until == null || !day.isAfter(until));
  }
}
