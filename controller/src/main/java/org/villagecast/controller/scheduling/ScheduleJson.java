package org.villagecast.controller.scheduling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.villagecast.schedules.ProgrammeRef;
import org.villagecast.schedules.Schedule;
import org.villagecast.schedules.ScheduleSet;
import org.villagecast.schedules.file.ScheduleFile;
import org.villagecast.schedules.file.ScheduleFileException;

/**
 * One schedule as JSON for the API, with the fields and values of a schedule in a schedule file
 * (docs/schedule-files.md, "Schedules"): the same names, the same text forms.
 *
 * <p>Reading goes through the schedule-file reader itself (JSON is YAML), inside a one-schedule
 * file that declares the hub's calendars, so the API and files accept exactly the same schedules
 * and refuse the same mistakes with the same words; only the field paths lose their file prefix
 * ({@code schedules[0].priority} becomes {@code priority}).
 */
public final class ScheduleJson {
  private static final String PREFIX = "schedules[0].";
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  private ScheduleJson() {}

  /** A schedule the API refused: each problem names its field. */
  public static final class Refused extends RuntimeException {
    private final List<ScheduleFileException.Problem> problems;

    Refused(List<ScheduleFileException.Problem> problems) {
      super(describe(problems), null, false, false);
      this.problems = List.copyOf(problems);
    }

    /** The problems, with the line always 0 (a JSON body has no lines worth naming). */
    public List<ScheduleFileException.Problem> problems() {
      return problems;
    }

    private static String describe(List<ScheduleFileException.Problem> problems) {
      List<String> parts = new ArrayList<>();
      for (ScheduleFileException.Problem p : problems) {
        parts.add(p.field().isEmpty() ? p.message() : "'" + p.field() + "': " + p.message());
      }
      return "schedule refused: " + String.join("; ", parts);
    }
  }

  /**
   * Reads a schedule from its JSON form.
   *
   * @param body the schedule's fields; {@code id} may be left out (it is the path's)
   * @param id the schedule's id
   * @param calendarIds the calendars it may refer to
   * @throws Refused naming each wrong field
   */
  public static Schedule read(JsonObject body, String id, Collection<String> calendarIds) {
    Object given = body.getValue("id");
    if (given != null && !id.equals(given)) {
      throw new Refused(
          List.of(
              new ScheduleFileException.Problem(
                  0, "id", "is '" + given + "' but the path names schedule '" + id + "'")));
    }
    JsonObject schedule = body.copy().put("id", id);
    JsonArray calendars = new JsonArray();
    for (String calendar : new TreeSet<>(calendarIds)) {
      calendars.add(
          new JsonObject().put("id", calendar).put("name", calendar).put("days", new JsonArray()));
    }
    JsonObject file =
        new JsonObject()
            .put("version", "1")
            .put("calendars", calendars)
            .put("schedules", new JsonArray().add(schedule));
    try {
      ScheduleSet set = ScheduleFile.read(file.encode());
      return set.schedules().get(0);
    } catch (ScheduleFileException e) {
      List<ScheduleFileException.Problem> problems = new ArrayList<>();
      for (ScheduleFileException.Problem p : e.problems()) {
        String field = p.field().startsWith(PREFIX) ? p.field().substring(PREFIX.length()) : "";
        String message =
            p.field().startsWith(PREFIX) || p.field().isEmpty()
                ? p.message()
                : p.field() + ": " + p.message();
        problems.add(new ScheduleFileException.Problem(0, field, message));
      }
      throw new Refused(problems);
    }
  }

  /** The JSON form of a schedule; fields at their defaults are left out, as in written files. */
  public static JsonObject write(Schedule s) {
    JsonObject out = new JsonObject().put("id", s.id());
    if (!s.name().isEmpty()) {
      out.put("name", s.name());
    }
    out.put("programme", programme(s.programme()));
    out.put(
        "targets",
        new JsonObject()
            .put("areas", sorted(s.targets().areas()))
            .put("groups", sorted(s.targets().groups()))
            .put("terminals", sorted(s.targets().terminals())));
    out.put("priority", s.priority().fileName());
    out.put("start", LOCAL.format(s.recurrence().start()));
    out.put("duration", s.duration().toString());
    out.put("zone", s.zone().getId());
    s.recurrence().rule().ifPresent(rule -> out.put("rrule", rule));
    if (!s.recurrence().extraStarts().isEmpty()) {
      out.put("rdate", times(s.recurrence().extraStarts()));
    }
    if (!s.recurrence().removedStarts().isEmpty()) {
      out.put("exdate", times(s.recurrence().removedStarts()));
    }
    if (s.validity().from() != null || s.validity().until() != null) {
      JsonObject valid = new JsonObject();
      if (s.validity().from() != null) {
        valid.put("from", s.validity().from().toString());
      }
      if (s.validity().until() != null) {
        valid.put("until", s.validity().until().toString());
      }
      out.put("valid", valid);
    }
    if (!s.includeCalendars().isEmpty() || !s.excludeCalendars().isEmpty()) {
      out.put(
          "calendars",
          new JsonObject()
              .put("include", new JsonArray(new ArrayList<>(s.includeCalendars())))
              .put("exclude", new JsonArray(new ArrayList<>(s.excludeCalendars()))));
    }
    out.put("overrun", s.overrun().fileName());
    if (s.fallback() != null) {
      out.put("fallback", programme(s.fallback()));
    }
    return out;
  }

  private static JsonObject programme(ProgrammeRef ref) {
    JsonObject out = new JsonObject().put("id", ref.id());
    if (!ref.name().isEmpty()) {
      out.put("name", ref.name());
    }
    return out;
  }

  private static JsonArray sorted(Collection<String> values) {
    return new JsonArray(new ArrayList<>(new TreeSet<>(values)));
  }

  private static JsonArray times(List<LocalDateTime> times) {
    JsonArray out = new JsonArray();
    for (LocalDateTime t : times) {
      out.add(LOCAL.format(t));
    }
    return out;
  }
}
