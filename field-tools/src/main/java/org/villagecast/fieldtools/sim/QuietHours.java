package org.villagecast.fieldtools.sim;

/**
 * When a terminal stays silent except for real emergencies: from {@code start} to {@code end}
 * minutes of the local day (wrapping past midnight), local time being UTC plus {@code utcOffset}
 * minutes. Equal start and end mean no quiet hours. The fields of CONFIG.
 */
public record QuietHours(int start, int end, int utcOffset) {
  /** China Standard Time, UTC+8, the default local time of a county. */
  public static final int CHINA_UTC_OFFSET = 480;

  public QuietHours {
    if (start < 0 || start > 1439 || end < 0 || end > 1439) {
      throw new IllegalArgumentException("quiet hours are minutes of the day, 0..1439");
    }
    if (utcOffset < -720 || utcOffset > 840) {
      throw new IllegalArgumentException("utc offset " + utcOffset + " is outside -720..840");
    }
  }

  public static QuietHours none() {
    return new QuietHours(0, 0, CHINA_UTC_OFFSET);
  }

  /** Quiet hours from {@code startHour}:00 to {@code endHour}:00 China time. */
  public static QuietHours hours(int startHour, int endHour) {
    return new QuietHours(startHour * 60, endHour * 60, CHINA_UTC_OFFSET);
  }

  public boolean any() {
    return start != end;
  }

  /** Whether the moment {@code micros} (since the Unix epoch) falls inside the quiet hours. */
  public boolean contains(long micros) {
    if (!any()) {
      return false;
    }
    long minute = Math.floorMod(Math.floorDiv(micros, 60_000_000L) + utcOffset, 1440);
    return start < end ? minute >= start && minute < end : minute >= start || minute < end;
  }

  @Override
  public String toString() {
    return any()
        ? String.format(
            "%02d:%02d–%02d:%02d (UTC%+03d:%02d)",
            start / 60, start % 60, end / 60, end % 60, utcOffset / 60, Math.abs(utcOffset % 60))
        : "none";
  }
}
