package org.villagecast.schedules.file;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.villagecast.schedules.ConflictRule;
import org.villagecast.schedules.ConflictRules;
import org.villagecast.schedules.DayCalendar;
import org.villagecast.schedules.Priority;
import org.villagecast.schedules.ProgrammeRef;
import org.villagecast.schedules.QuietHours;
import org.villagecast.schedules.Schedule;
import org.villagecast.schedules.ScheduleSet;
import org.villagecast.schedules.Targets;

/**
 * Writes a schedule file in the layout of docs/schedule-files.md. Free text (ids, names, codes) is
 * always double-quoted, so no YAML reader takes an area code for a number or "no" for false.
 */
final class ScheduleFileWriter {
  private final StringBuilder out = new StringBuilder();

  String write(ScheduleSet set) {
    out.append("# villagecast schedule file (docs/schedule-files.md)\n");
    out.append("version: 1\n");
    writeCalendars(set.calendars().values());
    writeQuietHours(set.quietHours());
    writeConflictRules(set.conflictRules());
    if (set.schedules().isEmpty()) {
      out.append("schedules: []\n");
    } else {
      out.append("schedules:\n");
      for (Schedule s : set.schedules()) {
        writeSchedule(s);
      }
    }
    return out.toString();
  }

  private void writeCalendars(Collection<DayCalendar> calendars) {
    if (calendars.isEmpty()) {
      return;
    }
    out.append("calendars:\n");
    for (DayCalendar c : calendars) {
      out.append("  - id: ").append(quote(c.id())).append('\n');
      out.append("    name: ").append(quote(c.name())).append('\n');
      if (c.days().isEmpty()) {
        out.append("    days: []\n");
        continue;
      }
      out.append("    days:\n");
      for (Map.Entry<LocalDate, String> day : c.days().entrySet()) {
        out.append("      - {date: ").append(day.getKey());
        if (!day.getValue().isEmpty()) {
          out.append(", name: ").append(quote(day.getValue()));
        }
        out.append("}\n");
      }
    }
  }

  private void writeQuietHours(List<QuietHours> quietHours) {
    if (quietHours.isEmpty()) {
      return;
    }
    out.append("quietHours:\n");
    for (QuietHours q : quietHours) {
      out.append("  - area: ").append(quote(q.area())).append('\n');
      out.append("    from: \"").append(q.from()).append("\"\n");
      out.append("    to: \"").append(q.to()).append("\"\n");
      out.append("    zone: ").append(q.zone().getId()).append('\n');
    }
  }

  private void writeConflictRules(ConflictRules rules) {
    ConflictRules defaults = ConflictRules.defaults();
    StringBuilder changed = new StringBuilder();
    for (Priority stronger : Priority.values()) {
      for (Priority weaker : Priority.values()) {
        if (weaker.isAbove(stronger)) {
          continue;
        }
        ConflictRule rule = rules.ruleFor(stronger, weaker);
        if (rule != defaults.ruleFor(stronger, weaker)) {
          changed
              .append("  - {stronger: ")
              .append(stronger.fileName())
              .append(", weaker: ")
              .append(weaker.fileName())
              .append(", rule: ")
              .append(rule.fileName())
              .append("}\n");
        }
      }
    }
    if (changed.length() > 0) {
      out.append("conflictRules:\n").append(changed);
    }
  }

  private void writeSchedule(Schedule s) {
    out.append("  - id: ").append(quote(s.id())).append('\n');
    out.append("    name: ").append(quote(s.name())).append('\n');
    out.append("    programme: ").append(programme(s.programme())).append('\n');
    writeTargets(s.targets());
    out.append("    priority: ").append(s.priority().fileName()).append('\n');
    out.append("    start: ").append(dateTime(s.recurrence().start())).append('\n');
    out.append("    duration: ").append(s.duration()).append('\n');
    out.append("    zone: ").append(s.zone().getId()).append('\n');
    s.recurrence().rule().ifPresent(r -> out.append("    rrule: ").append(quote(r)).append('\n'));
    writeDateTimes("rdate", s.recurrence().extraStarts());
    writeDateTimes("exdate", s.recurrence().removedStarts());
    if (s.validity().from() != null || s.validity().until() != null) {
      out.append("    valid: {");
      if (s.validity().from() != null) {
        out.append("from: ").append(s.validity().from());
      }
      if (s.validity().until() != null) {
        out.append(s.validity().from() != null ? ", " : "")
            .append("until: ")
            .append(s.validity().until());
      }
      out.append("}\n");
    }
    if (!s.includeCalendars().isEmpty() || !s.excludeCalendars().isEmpty()) {
      out.append("    calendars:\n");
      if (!s.includeCalendars().isEmpty()) {
        out.append("      include: ").append(list(s.includeCalendars())).append('\n');
      }
      if (!s.excludeCalendars().isEmpty()) {
        out.append("      exclude: ").append(list(s.excludeCalendars())).append('\n');
      }
    }
    out.append("    overrun: ").append(s.overrun().fileName()).append('\n');
    if (s.fallback() != null) {
      out.append("    fallback: ").append(programme(s.fallback())).append('\n');
    }
  }

  private void writeTargets(Targets t) {
    out.append("    targets:\n");
    if (!t.areas().isEmpty()) {
      out.append("      areas: ").append(list(t.areas())).append('\n');
    }
    if (!t.groups().isEmpty()) {
      out.append("      groups: ").append(list(t.groups())).append('\n');
    }
    if (!t.terminals().isEmpty()) {
      out.append("      terminals: ").append(list(t.terminals())).append('\n');
    }
  }

  private void writeDateTimes(String field, List<LocalDateTime> times) {
    if (times.isEmpty()) {
      return;
    }
    out.append("    ").append(field).append(": [");
    for (int i = 0; i < times.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(dateTime(times.get(i)));
    }
    out.append("]\n");
  }

  private static String programme(ProgrammeRef p) {
    return "{id: " + quote(p.id()) + ", name: " + quote(p.name()) + "}";
  }

  private static String list(Collection<String> values) {
    StringBuilder b = new StringBuilder("[");
    for (String v : new java.util.TreeSet<>(values)) {
      b.append(b.length() > 1 ? ", " : "").append(quote(v));
    }
    return b.append(']').toString();
  }

  /** Seconds always written, so the file shows the precision the hub keeps. */
  private static String dateTime(LocalDateTime t) {
    return String.format(
        "%sT%02d:%02d:%02d", t.toLocalDate(), t.getHour(), t.getMinute(), t.getSecond());
  }

  /** A YAML double-quoted scalar. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\t':
          b.append("\\t");
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    return b.append('"').toString();
  }
}
