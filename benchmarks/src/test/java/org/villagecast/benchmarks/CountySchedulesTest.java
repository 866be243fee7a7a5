package org.villagecast.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.villagecast.schedules.Schedule;
import org.villagecast.schedules.ScheduleSet;
import org.villagecast.schedules.Targets;
import org.villagecast.schedules.timeline.EntryKind;
import org.villagecast.schedules.timeline.Lane;
import org.villagecast.schedules.timeline.Timeline;
import org.villagecast.schedules.timeline.TimelineService;

/** The timeline benchmark measures what docs/performance.md says it does; nothing is timed. */
class CountySchedulesTest {

  /** Verifies that the county has 10,000 terminals and about 50,000 starts in the 24 hours. */
  @Test
  void county_tenThousandTerminalsFiftyThousandStarts() {
    // GIVEN
    ScheduleSet set = CountySchedules.schedules();
    // WHEN
    long starts = 0;
    for (Schedule s : set.schedules()) {
      starts += s.occurrences(CountySchedules.FROM, CountySchedules.TO, set.calendars()).size();
    }
    // THEN
    assertThat(CountySchedules.directory().terminalsInArea(CountySchedules.COUNTY)).hasSize(10_000);
    assertThat(starts).isBetween(49_000L, 51_000L);
  }

  /** Verifies that the benchmark's timeline covers every terminal and contains real conflicts. */
  @Test
  void countyNext24Hours_coversEveryTerminalWithConflicts() {
    TimelineService service =
        new TimelineService(
            CountySchedules.schedules(), CountySchedules.directory(), Clock.systemUTC());

    Timeline timeline =
        service.timeline(
            Targets.area(CountySchedules.COUNTY), CountySchedules.FROM, CountySchedules.TO);

    assertThat(timeline.terminalCount()).isEqualTo(10_000);
    long entries = timeline.lanes().stream().mapToLong(l -> l.entries().size()).sum();
    System.out.printf("lanes %d, entries %d%n", timeline.lanes().size(), entries);
    assertThat(timeline.lanes().stream().flatMap(l -> l.entries().stream()).map(e -> e.kind()))
        .contains(
            EntryKind.PLAY,
            EntryKind.DUCKED,
            EntryKind.PREEMPTED,
            EntryKind.QUIET,
            EntryKind.FALLBACK);
    assertThat(timeline.lanes())
        .extracting(Lane::terminals)
        .allSatisfy(t -> assertThat(t).isNotEmpty());
  }
}
