package org.villagecast.controller.scheduling;

/** Schedule files for tests, written out in the documented format (docs/schedule-files.md). */
final class ScheduleYaml {
  private final StringBuilder calendars = new StringBuilder();
  private final StringBuilder quiet = new StringBuilder();
  private final StringBuilder schedules = new StringBuilder();

  /** A daily schedule from 2026-12-01 at {@code localTime} (Asia/Shanghai). */
  ScheduleYaml daily(
      String id,
      String programme,
      String targets,
      String priority,
      String localTime,
      String duration) {
    return schedule(
        id, programme, targets, priority, "2026-12-01T" + localTime, duration, "FREQ=DAILY", "");
  }

  ScheduleYaml schedule(
      String id,
      String programme,
      String targets,
      String priority,
      String start,
      String duration,
      String rrule,
      String extra) {
    schedules
        .append("  - id: ")
        .append(id)
        .append('\n')
        .append("    name: \"")
        .append(id)
        .append(" programme\"\n")
        .append("    programme: {id: ")
        .append(programme)
        .append("}\n")
        .append("    targets: ")
        .append(targets)
        .append('\n')
        .append("    priority: ")
        .append(priority)
        .append('\n')
        .append("    start: ")
        .append(start)
        .append('\n')
        .append("    duration: ")
        .append(duration)
        .append('\n');
    if (!rrule.isEmpty()) {
      schedules.append("    rrule: ").append(rrule).append('\n');
    }
    schedules.append(extra);
    return this;
  }

  ScheduleYaml quietHours(String area, String from, String to) {
    quiet
        .append("  - {area: \"")
        .append(area)
        .append("\", from: \"")
        .append(from)
        .append("\", to: \"")
        .append(to)
        .append("\"}\n");
    return this;
  }

  ScheduleYaml calendar(String id, String day) {
    calendars
        .append("  - id: ")
        .append(id)
        .append("\n    name: ")
        .append(id)
        .append("\n    days: [")
        .append(day)
        .append("]\n");
    return this;
  }

  String text() {
    StringBuilder out = new StringBuilder("version: 1\n");
    if (calendars.length() > 0) {
      out.append("calendars:\n").append(calendars);
    }
    if (quiet.length() > 0) {
      out.append("quietHours:\n").append(quiet);
    }
    out.append(schedules.length() == 0 ? "schedules: []\n" : "schedules:\n" + schedules);
    return out.toString();
  }
}
