package org.villagecast.schedules.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.villagecast.schedules.ScheduleSet;
import org.villagecast.schedules.Targets;
import org.villagecast.schedules.file.ScheduleFile;

/** The dry run of one Friday of the county example (schedules/examples/county-day.yaml). */
class CountyExampleTimelineTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  /**
   * Verifies that on Friday 4 December 2026 a school terminal hears the night's quiet, the news
   * relay, music ducked under the school notice, the noon notice, and the fallback in empty time.
   */
  @Test
  void timeline_schoolTerminalOnAFriday() {
    // GIVEN the example file and three terminals of town 101
    ScheduleSet set = ScheduleFile.read(Path.of("examples", "county-day.yaml"));
    TargetDirectory directory =
        new TargetDirectory(
            Map.of("school-1", "320583101001", "home-1", "320583101001", "home-2", "320583102001"),
            Map.of("schools", List.of("school-1")));
    LocalDate friday = LocalDate.of(2026, 12, 4);
    TimelineService service = new TimelineService(set, directory, Clock.systemUTC());
    // WHEN
    Timeline timeline =
        service.timeline(
            Targets.area("320583"),
            friday.atStartOfDay(SHANGHAI).toInstant(),
            friday.plusDays(1).atStartOfDay(SHANGHAI).toInstant());
    // THEN
    String school = describe(timeline.laneOf("school-1").orElseThrow());
    assertThat(school)
        .contains(
            "00:00–06:00 QUIET quiet hours 22:00–06:00 (area 320583)",
            "06:00–06:30 FALLBACK fallback Hourly chime of Light music (background-music)",
            "06:30–07:00 PLAY Morning news relay (morning-news) plays County news (live) (scheduled)",
            "07:50–07:55 PLAY School safety (school-safety) plays School safety reminder (scheduled)",
            "07:50–07:55 DUCKED Light music (background-music) plays ducked under School safety"
                + " (school-safety) (rule duck: notice over background)",
            "12:00–12:10 PLAY Noon policy notices (noon-policy) plays Policy notice (scheduled)",
            "22:00–00:00 QUIET");
    assertThat(timeline.laneOf("home-1").orElseThrow().entries())
        .noneMatch(e -> "school-safety".equals(e.scheduleId()));
    assertThat(timeline.lanes()).hasSize(3);
  }

  private static String describe(Lane lane) {
    StringBuilder out = new StringBuilder();
    for (TimelineEntry e : lane.entries()) {
      out.append(e.start().atZone(SHANGHAI).toLocalTime())
          .append('–')
          .append(e.end().atZone(SHANGHAI).toLocalTime())
          .append(' ')
          .append(e.kind())
          .append(' ')
          .append(e.reason())
          .append('\n');
    }
    return out.toString();
  }
}
