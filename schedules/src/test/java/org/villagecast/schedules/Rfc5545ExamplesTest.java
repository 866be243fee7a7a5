package org.villagecast.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The recurrence examples of RFC 5545 section 3.8.5.3, each checked against the occurrence list
 * published there. The expected lists were typed by hand from the RFC text (all examples use
 * DTSTART;TZID=America/New_York at 09:00 local). For rules that run forever the RFC lists the first
 * occurrences and so do these tests.
 *
 * <p>Left out: "every 3 hours from 9:00 AM to 5:00 PM" (UNTIL=19970902T170000Z is 13:00 EDT, so the
 * published 15:00 contradicts the rule itself; see the RFC errata), and the examples that only
 * restate another with COUNT instead of UNTIL where both are already covered.
 */
class Rfc5545ExamplesTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  /** Local 09:00 starts in New York, from a DTSTART like "19970902" and a rule. */
  private static List<LocalDateTime> expand(
      String dtstart, String rule, List<String> exdates, int n) {
    LocalDateTime start = day(dtstart).atTime(9, 0);
    List<LocalDateTime> ex = new ArrayList<>();
    for (String d : exdates) {
      ex.add(day(d).atTime(9, 0));
    }
    Schedule schedule =
        new Schedule(
            "rfc",
            "",
            new ProgrammeRef("p", ""),
            Targets.terminal("t"),
            new Recurrence(start, rule, List.of(), ex),
            Duration.ofMinutes(1),
            NEW_YORK,
            Validity.ALWAYS,
            Priority.NOTICE,
            OverrunPolicy.CUT,
            null,
            List.of(),
            List.of());
    Instant from = ZonedDateTime.of(start, NEW_YORK).toInstant();
    Instant to = from.plus(Duration.ofDays(366 * 10));
    List<LocalDateTime> out = new ArrayList<>();
    for (Occurrence o : schedule.occurrences(from, to, Map.of())) {
      if (out.size() == n) {
        break;
      }
      out.add(LocalDateTime.ofInstant(o.start(), NEW_YORK));
    }
    return out;
  }

  private static List<LocalDateTime> expand(String dtstart, String rule, int n) {
    return expand(dtstart, rule, List.of(), n);
  }

  private static java.time.LocalDate day(String yyyymmdd) {
    return java.time.LocalDate.of(
        Integer.parseInt(yyyymmdd.substring(0, 4)),
        Integer.parseInt(yyyymmdd.substring(4, 6)),
        Integer.parseInt(yyyymmdd.substring(6, 8)));
  }

  /** Builds 09:00 starts from "year month day day ..." groups, e.g. dates("1997 9 2 4", ...). */
  private static List<LocalDateTime> dates(String... groups) {
    List<LocalDateTime> out = new ArrayList<>();
    for (String group : groups) {
      String[] f = group.trim().split("\\s+");
      int year = Integer.parseInt(f[0]);
      int month = Integer.parseInt(f[1]);
      for (int i = 2; i < f.length; i++) {
        if (f[i].contains("-")) {
          String[] range = f[i].split("-");
          for (int d = Integer.parseInt(range[0]); d <= Integer.parseInt(range[1]); d++) {
            out.add(LocalDateTime.of(year, month, d, 9, 0));
          }
        } else {
          out.add(LocalDateTime.of(year, month, Integer.parseInt(f[i]), 9, 0));
        }
      }
    }
    return out;
  }

  private static void check(List<LocalDateTime> actual, List<LocalDateTime> published) {
    assertThat(actual).containsExactlyElementsOf(published);
    // Every one at 09:00 local, whether EDT or EST: the zone moved, the wall clock did not.
    assertThat(actual).allSatisfy(t -> assertThat(t.toLocalTime()).hasToString("09:00"));
  }

  /** Verifies that "Daily for 10 occurrences" matches the RFC. */
  @Test
  void daily_count10() {
    // GIVEN / WHEN
    List<LocalDateTime> actual = expand("19970902", "FREQ=DAILY;COUNT=10", 100);
    // THEN
    check(actual, dates("1997 9 2-11"));
  }

  /** Verifies that "Daily until December 24, 1997" (UNTIL in UTC) matches the RFC. */
  @Test
  void daily_untilUtc() {
    List<LocalDateTime> actual = expand("19970902", "FREQ=DAILY;UNTIL=19971224T000000Z", 500);
    check(actual, dates("1997 9 2-30", "1997 10 1-31", "1997 11 1-30", "1997 12 1-23"));
  }

  /** Verifies that "Every other day - forever" matches the RFC's first occurrences. */
  @Test
  void daily_everyOtherDay() {
    List<LocalDateTime> actual = expand("19970902", "FREQ=DAILY;INTERVAL=2", 31);
    check(
        actual,
        dates(
            "1997 9 2 4 6 8 10 12 14 16 18 20 22 24 26 28 30",
            "1997 10 2 4 6 8 10 12 14 16 18 20 22 24 26 28 30",
            "1997 11 1"));
  }

  /** Verifies that "Every 10 days, 5 occurrences" matches the RFC. */
  @Test
  void daily_every10Days() {
    check(
        expand("19970902", "FREQ=DAILY;INTERVAL=10;COUNT=5", 100),
        dates("1997 9 2 12 22", "1997 10 2 12"));
  }

  /** Verifies that "Every day in January, for 3 years" matches the RFC, in both its forms. */
  @Test
  void yearly_everyDayInJanuary() {
    List<LocalDateTime> published = dates("1998 1 1-31", "1999 1 1-31", "2000 1 1-31");
    check(
        expand(
            "19980101",
            "FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA",
            500),
        published);
    check(expand("19980101", "FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1", 500), published);
  }

  /** Verifies that "Weekly for 10 occurrences" matches the RFC. */
  @Test
  void weekly_count10() {
    check(
        expand("19970902", "FREQ=WEEKLY;COUNT=10", 100),
        dates("1997 9 2 9 16 23 30", "1997 10 7 14 21 28", "1997 11 4"));
  }

  /** Verifies that "Weekly until December 24, 1997" matches the RFC. */
  @Test
  void weekly_untilUtc() {
    check(
        expand("19970902", "FREQ=WEEKLY;UNTIL=19971224T000000Z", 100),
        dates(
            "1997 9 2 9 16 23 30",
            "1997 10 7 14 21 28",
            "1997 11 4 11 18 25",
            "1997 12 2 9 16 23"));
  }

  /** Verifies that "Every other week - forever" matches the RFC's first occurrences. */
  @Test
  void weekly_everyOtherWeek() {
    check(
        expand("19970902", "FREQ=WEEKLY;INTERVAL=2;WKST=SU", 13),
        dates(
            "1997 9 2 16 30",
            "1997 10 14 28",
            "1997 11 11 25",
            "1997 12 9 23",
            "1998 1 6 20",
            "1998 2 3 17"));
  }

  /** Verifies that "Weekly on Tuesday and Thursday for five weeks" matches the RFC, both forms. */
  @Test
  void weekly_tuesdayThursdayFiveWeeks() {
    List<LocalDateTime> published = dates("1997 9 2 4 9 11 16 18 23 25 30", "1997 10 2");
    check(
        expand("19970902", "FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH", 100),
        published);
    check(expand("19970902", "FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH", 100), published);
  }

  /** Verifies that "Every other week on Monday, Wednesday and Friday until December 24" matches. */
  @Test
  void weekly_everyOtherWeekMonWedFri() {
    check(
        expand(
            "19970901",
            "FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR",
            100),
        dates(
            "1997 9 1 3 5 15 17 19 29",
            "1997 10 1 3 13 15 17 27 29 31",
            "1997 11 10 12 14 24 26 28",
            "1997 12 8 10 12 22"));
  }

  /** Verifies that "Every other week on Tuesday and Thursday, for 8 occurrences" matches. */
  @Test
  void weekly_everyOtherWeekTuThCount8() {
    check(
        expand("19970902", "FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH", 100),
        dates("1997 9 2 4 16 18 30", "1997 10 2 14 16"));
  }

  /** Verifies that "Monthly on the first Friday for 10 occurrences" matches the RFC. */
  @Test
  void monthly_firstFridayCount10() {
    check(
        expand("19970905", "FREQ=MONTHLY;COUNT=10;BYDAY=1FR", 100),
        dates(
            "1997 9 5",
            "1997 10 3",
            "1997 11 7",
            "1997 12 5",
            "1998 1 2",
            "1998 2 6",
            "1998 3 6",
            "1998 4 3",
            "1998 5 1",
            "1998 6 5"));
  }

  /** Verifies that "Monthly on the first Friday until December 24, 1997" matches the RFC. */
  @Test
  void monthly_firstFridayUntil() {
    check(
        expand("19970905", "FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR", 100),
        dates("1997 9 5", "1997 10 3", "1997 11 7", "1997 12 5"));
  }

  /** Verifies that "Every other month on the first and last Sunday, 10 occurrences" matches. */
  @Test
  void monthly_firstAndLastSunday() {
    check(
        expand("19970907", "FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU", 100),
        dates("1997 9 7 28", "1997 11 2 30", "1998 1 4 25", "1998 3 1 29", "1998 5 3 31"));
  }

  /** Verifies that "Monthly on the second-to-last Monday for 6 months" matches the RFC. */
  @Test
  void monthly_secondToLastMonday() {
    check(
        expand("19970922", "FREQ=MONTHLY;COUNT=6;BYDAY=-2MO", 100),
        dates("1997 9 22", "1997 10 20", "1997 11 17", "1997 12 22", "1998 1 19", "1998 2 16"));
  }

  /** Verifies that "Monthly on the third-to-the-last day of the month, forever" matches. */
  @Test
  void monthly_thirdToLastDay() {
    check(
        expand("19970928", "FREQ=MONTHLY;BYMONTHDAY=-3", 6),
        dates("1997 9 28", "1997 10 29", "1997 11 28", "1997 12 29", "1998 1 29", "1998 2 26"));
  }

  /** Verifies that "Monthly on the 2nd and 15th of the month for 10 occurrences" matches. */
  @Test
  void monthly_secondAndFifteenth() {
    check(
        expand("19970902", "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15", 100),
        dates("1997 9 2 15", "1997 10 2 15", "1997 11 2 15", "1997 12 2 15", "1998 1 2 15"));
  }

  /** Verifies that "Monthly on the first and last day of the month for 10 occurrences" matches. */
  @Test
  void monthly_firstAndLastDay() {
    check(
        expand("19970930", "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1", 100),
        dates(
            "1997 9 30",
            "1997 10 1 31",
            "1997 11 1 30",
            "1997 12 1 31",
            "1998 1 1 31",
            "1998 2 1"));
  }

  /**
   * Verifies that "Every 18 months on the 10th thru 15th of the month for 10 occurrences" matches.
   */
  @Test
  void monthly_every18Months() {
    check(
        expand("19970910", "FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15", 100),
        dates("1997 9 10-15", "1999 3 10-13"));
  }

  /** Verifies that "Every Tuesday, every other month" matches the RFC's first occurrences. */
  @Test
  void monthly_everyTuesdayEveryOtherMonth() {
    check(
        expand("19970902", "FREQ=MONTHLY;INTERVAL=2;BYDAY=TU", 18),
        dates(
            "1997 9 2 9 16 23 30",
            "1997 11 4 11 18 25",
            "1998 1 6 13 20 27",
            "1998 3 3 10 17 24 31"));
  }

  /** Verifies that "Yearly in June and July for 10 occurrences" matches the RFC. */
  @Test
  void yearly_juneAndJuly() {
    check(
        expand("19970610", "FREQ=YEARLY;COUNT=10;BYMONTH=6,7", 100),
        dates(
            "1997 6 10",
            "1997 7 10",
            "1998 6 10",
            "1998 7 10",
            "1999 6 10",
            "1999 7 10",
            "2000 6 10",
            "2000 7 10",
            "2001 6 10",
            "2001 7 10"));
  }

  /**
   * Verifies that "Every other year on January, February, and March for 10 occurrences" matches.
   */
  @Test
  void yearly_everyOtherYearJanFebMar() {
    check(
        expand("19970310", "FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3", 100),
        dates(
            "1997 3 10",
            "1999 1 10",
            "1999 2 10",
            "1999 3 10",
            "2001 1 10",
            "2001 2 10",
            "2001 3 10",
            "2003 1 10",
            "2003 2 10",
            "2003 3 10"));
  }

  /**
   * Verifies that "Every third year on the 1st, 100th, and 200th day for 10 occurrences" matches.
   */
  @Test
  void yearly_byYearDay() {
    check(
        expand("19970101", "FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200", 100),
        dates(
            "1997 1 1",
            "1997 4 10",
            "1997 7 19",
            "2000 1 1",
            "2000 4 9",
            "2000 7 18",
            "2003 1 1",
            "2003 4 10",
            "2003 7 19",
            "2006 1 1"));
  }

  /** Verifies that "Every 20th Monday of the year, forever" matches the RFC. */
  @Test
  void yearly_twentiethMonday() {
    check(
        expand("19970519", "FREQ=YEARLY;BYDAY=20MO", 3),
        dates("1997 5 19", "1998 5 18", "1999 5 17"));
  }

  /** Verifies that "Monday of week number 20, forever" matches the RFC. */
  @Test
  void yearly_weekNumber20() {
    check(
        expand("19970512", "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", 3),
        dates("1997 5 12", "1998 5 11", "1999 5 17"));
  }

  /** Verifies that "Every Thursday in March, forever" matches the RFC. */
  @Test
  void yearly_everyThursdayInMarch() {
    check(
        expand("19970313", "FREQ=YEARLY;BYMONTH=3;BYDAY=TH", 11),
        dates("1997 3 13 20 27", "1998 3 5 12 19 26", "1999 3 4 11 18 25"));
  }

  /** Verifies that "Every Thursday, but only during June, July, and August, forever" matches. */
  @Test
  void yearly_thursdaysInSummer() {
    check(
        expand("19970605", "FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8", 39),
        dates(
            "1997 6 5 12 19 26",
            "1997 7 3 10 17 24 31",
            "1997 8 7 14 21 28",
            "1998 6 4 11 18 25",
            "1998 7 2 9 16 23 30",
            "1998 8 6 13 20 27",
            "1999 6 3 10 17 24",
            "1999 7 1 8 15 22 29",
            "1999 8 5 12 19 26"));
  }

  /** Verifies that "Every Friday the 13th, forever" (DTSTART removed by EXDATE) matches. */
  @Test
  void monthly_fridayThe13th() {
    check(
        expand("19970902", "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", List.of("19970902"), 5),
        dates("1998 2 13", "1998 3 13", "1998 11 13", "1999 8 13", "2000 10 13"));
  }

  /** Verifies that "The first Saturday that follows the first Sunday of the month" matches. */
  @Test
  void monthly_saturdayAfterFirstSunday() {
    check(
        expand("19970913", "FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13", 10),
        dates(
            "1997 9 13",
            "1997 10 11",
            "1997 11 8",
            "1997 12 13",
            "1998 1 10",
            "1998 2 7",
            "1998 3 7",
            "1998 4 11",
            "1998 5 9",
            "1998 6 13"));
  }

  /** Verifies that "U.S. Presidential Election day" matches the RFC. */
  @Test
  void yearly_electionDay() {
    check(
        expand(
            "19961105", "FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8", 3),
        dates("1996 11 5", "2000 11 7", "2004 11 2"));
  }

  /** Verifies that "The third instance of Tuesday, Wednesday or Thursday, 3 months" matches. */
  @Test
  void monthly_bySetPosThird() {
    check(
        expand("19970904", "FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3", 100),
        dates("1997 9 4", "1997 10 7", "1997 11 6"));
  }

  /** Verifies that "The second-to-last weekday of the month" matches the RFC. */
  @Test
  void monthly_secondToLastWeekday() {
    check(
        expand("19970929", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2", 7),
        dates(
            "1997 9 29",
            "1997 10 30",
            "1997 11 27",
            "1997 12 30",
            "1998 1 29",
            "1998 2 26",
            "1998 3 30"));
  }

  /** Verifies that "Every 15 minutes for 6 occurrences" and "every hour and a half" match. */
  @Test
  void minutely_examples() {
    List<LocalDateTime> every15 = expand("19970902", "FREQ=MINUTELY;INTERVAL=15;COUNT=6", 100);
    List<LocalDateTime> every90 = expand("19970902", "FREQ=MINUTELY;INTERVAL=90;COUNT=4", 100);

    assertThat(every15)
        .extracting(t -> t.toLocalTime().toString())
        .containsExactly("09:00", "09:15", "09:30", "09:45", "10:00", "10:15");
    assertThat(every90)
        .extracting(t -> t.toLocalTime().toString())
        .containsExactly("09:00", "10:30", "12:00", "13:30");
  }

  /** Verifies that "Every 20 minutes from 9:00 AM to 4:40 PM every day" matches, both forms. */
  @Test
  void daily_every20MinutesInOfficeHours() {
    List<String> oneDay = new ArrayList<>();
    for (int h = 9; h <= 16; h++) {
      for (int m = 0; m < 60; m += 20) {
        oneDay.add(String.format("%02d:%02d", h, m));
      }
    }
    List<LocalDateTime> daily =
        expand("19970902", "FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40", 48);
    List<LocalDateTime> minutely =
        expand("19970902", "FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16", 48);

    assertThat(daily).isEqualTo(minutely);
    assertThat(daily.subList(0, 24)).allSatisfy(t -> assertThat(t.getDayOfMonth()).isEqualTo(2));
    assertThat(daily.subList(24, 48)).allSatisfy(t -> assertThat(t.getDayOfMonth()).isEqualTo(3));
    assertThat(daily.subList(0, 24)).extracting(t -> t.toLocalTime().toString()).isEqualTo(oneDay);
  }

  /** Verifies that the WKST example gives the RFC's two different lists for MO and SU. */
  @Test
  void weekly_weekStartChangesResult() {
    check(
        expand("19970805", "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO", 100),
        dates("1997 8 5 10 19 24"));
    check(
        expand("19970805", "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU", 100),
        dates("1997 8 5 17 19 31"));
  }

  /** Verifies that an invalid date (February 30) is ignored, as the RFC's last example says. */
  @Test
  void monthly_invalidDateIgnored() {
    check(
        expand("20070115", "FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5", 100),
        dates("2007 1 15 30", "2007 2 15", "2007 3 15 30"));
  }
}
