package org.villagecast.fieldtools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Quiet hours as PROTOCOL.md §3.4 step 6 computes them. */
class QuietHoursTest {

  static long micros(String instant) {
    return SimulatedClock.micros(Instant.parse(instant));
  }

  /** Verifies every minute of a day against 22:00–06:00 China time, wrapping past midnight. */
  @Test
  void contains_wrappingPastMidnight_everyMinute() {
    QuietHours quiet = QuietHours.hours(22, 6);
    long midnightChina = micros("2025-06-01T16:00:00Z"); // 00:00 on 2 June in UTC+8
    for (int minute = 0; minute < 1440; minute++) {
      boolean expected = minute >= 22 * 60 || minute < 6 * 60;
      assertThat(quiet.contains(midnightChina + minute * 60_000_000L))
          .as("minute %d", minute)
          .isEqualTo(expected);
    }
  }

  /** Verifies a daytime range, the exclusive end, and that equal start and end mean none. */
  @Test
  void contains_daytimeRangeAndNone() {
    QuietHours lunch = new QuietHours(12 * 60, 14 * 60, 0);
    assertThat(lunch.contains(micros("2025-06-01T11:59:59Z"))).isFalse();
    assertThat(lunch.contains(micros("2025-06-01T12:00:00Z"))).isTrue();
    assertThat(lunch.contains(micros("2025-06-01T13:59:59Z"))).isTrue();
    assertThat(lunch.contains(micros("2025-06-01T14:00:00Z"))).isFalse();
    assertThat(new QuietHours(600, 600, 480).contains(micros("2025-06-01T02:00:00Z"))).isFalse();
    assertThat(QuietHours.hours(22, 6)).hasToString("22:00–06:00 (UTC+08:00)");
  }
}
