package org.villagecast.controller.api;

import static org.villagecast.controller.api.Permissions.Action.EDIT_SCHEDULES;
import static org.villagecast.controller.api.Permissions.Action.READ;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.registry.Scope;
import org.villagecast.controller.scheduling.Firing;
import org.villagecast.controller.scheduling.FiringState;
import org.villagecast.controller.scheduling.ScheduleJson;
import org.villagecast.controller.scheduling.ScheduleService;
import org.villagecast.schedules.Schedule;
import org.villagecast.schedules.Targets;
import org.villagecast.schedules.file.ScheduleFile;
import org.villagecast.schedules.file.ScheduleFileException;
import org.villagecast.schedules.timeline.Lane;
import org.villagecast.schedules.timeline.Timeline;
import org.villagecast.schedules.timeline.TimelineEntry;

/**
 * The schedule endpoints: schedules one by one as JSON, the whole set as a schedule file (YAML,
 * docs/schedule-files.md), the timeline (what will play, when and why) and the firing records.
 *
 * <p>Who may: reading is {@code READ}; changing is {@code EDIT_SCHEDULES} (ADMIN, OPERATOR).
 * Village staff see what concerns their own areas only, as with commands: the schedules whose
 * targets lie wholly inside their areas (no groups), their firing records, and the timeline of
 * their areas and terminals. The schedule file itself spans the county and is refused to them.
 */
final class ScheduleEndpoints {
  /** The largest schedule file an import takes: about 10,000 schedules. */
  static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

  static final String YAML = "application/yaml";

  private final ScheduleService schedules;
  private final Clock clock;

  private ScheduleEndpoints(ScheduleService schedules, Clock clock) {
    this.schedules = schedules;
    this.clock = clock;
  }

  /** Registers the routes; {@code schedules} may be null where no request is made (tests). */
  static void mount(ApiRoutes routes, ScheduleService schedules, Clock clock) {
    ScheduleEndpoints e = new ScheduleEndpoints(schedules, clock);
    routes.get("/schedules").as(READ).to(e::list);
    routes.get("/schedules/:id").as(READ).to(e::one);
    routes.put("/schedules/:id").json().as(EDIT_SCHEDULES).to(e::put);
    routes.delete("/schedules/:id").as(EDIT_SCHEDULES).to(e::delete);
    routes.get("/schedule-file").as(READ).to(e::export);
    routes.put("/schedule-file").text(YAML, MAX_FILE_BYTES).as(EDIT_SCHEDULES).to(e::importFile);
    routes
        .get("/timeline")
        .query("area", "group", "terminal", "from", "to")
        .as(READ)
        .to(e::timeline);
    routes
        .get("/firings")
        .query("schedule", "state", "from", "to", "limit")
        .as(READ)
        .to(e::firings);
  }

  // ---------------------------------------------------------------- schedules

  private Future<Reply> list(Call call) {
    ScheduleService.Current current = schedules.current();
    List<Schedule> shown =
        current.set().schedules().stream().filter(s -> sees(call.scope(), s.targets())).toList();
    return ok(
        Reply.ok(
            version(current).put("schedules", JsonViews.array(shown, s -> ScheduleJson.write(s)))));
  }

  private Future<Reply> one(Call call) {
    String id = scheduleId(call);
    Schedule schedule =
        schedules
            .current()
            .schedule(id)
            .orElseThrow(() -> ClientError.notFound("no schedule '" + JsonFields.echo(id) + "'"));
    checkSees(call, schedule);
    return ok(Reply.ok(ScheduleJson.write(schedule)));
  }

  private Future<Reply> put(Call call) {
    String id = scheduleId(call);
    JsonFields.of(call.body(), ScheduleFile.SCHEDULE_FIELDS);
    return schedules
        .put(id, call.body(), call.actor())
        .map(
            created ->
                Reply.json(
                    created ? 201 : 200,
                    ScheduleJson.write(schedules.current().schedule(id).orElseThrow())))
        .recover(
            e ->
                e instanceof ScheduleJson.Refused
                    ? Future.succeededFuture(
                        refused(
                            ((ScheduleJson.Refused) e).getMessage(),
                            ((ScheduleJson.Refused) e).problems()))
                    : Future.failedFuture(e));
  }

  private Future<Reply> delete(Call call) {
    return schedules.delete(scheduleId(call), call.actor()).map(v -> Reply.noContent());
  }

  // ---------------------------------------------------------------- the schedule file

  private Future<Reply> export(Call call) {
    if (!call.scope().everything()) {
      throw ClientError.forbidden(
          "role "
              + call.user().role()
              + " may not read the schedule file: it holds the schedules of every area (GET"
              + " /api/schedules lists those of your areas)");
    }
    ScheduleService.Current current = schedules.current();
    return schedules
        .export()
        .map(text -> new Reply(200, YAML + "; charset=utf-8", Buffer.buffer(text)));
  }

  private Future<Reply> importFile(Call call) {
    return schedules
        .importFile(call.text(), call.actor())
        .map(
            current ->
                Reply.ok(
                    version(current)
                        .put("schedules", current.set().schedules().size())
                        .put("calendars", current.set().calendars().size())
                        .put("quietHours", current.set().quietHours().size())))
        .recover(
            e ->
                e instanceof ScheduleFileException
                    ? Future.succeededFuture(
                        refused(e.getMessage(), ((ScheduleFileException) e).problems()))
                    : Future.failedFuture(e));
  }

  /** 400 with every problem listed: line (0 when none applies), field and message. */
  private static Reply refused(String message, List<ScheduleFileException.Problem> problems) {
    JsonArray list = new JsonArray();
    for (ScheduleFileException.Problem p : problems) {
      JsonObject one = new JsonObject().put("field", p.field()).put("message", p.message());
      if (p.line() > 0) {
        one.put("line", p.line());
      }
      list.add(one);
    }
    JsonObject body = Reply.error("bad_request", message);
    body.getJsonObject("error").put("problems", list);
    return Reply.json(400, body);
  }

  // ---------------------------------------------------------------- timeline and firings

  private Future<Reply> timeline(Call call) {
    List<String> areas = values(call.query("area"));
    List<String> groups = values(call.query("group"));
    List<String> terminals = values(call.query("terminal"));
    for (String area : areas) {
      Ids.areaPrefix("area", area);
    }
    for (String terminal : terminals) {
      Ids.resourceCode("terminal", terminal);
    }
    if (areas.isEmpty() && groups.isEmpty() && terminals.isEmpty()) {
      throw ClientError.badRequest("give 'area', 'group' or 'terminal' (comma-separated lists)");
    }
    Scope scope = call.scope();
    if (!scope.everything()) {
      if (!groups.isEmpty()) {
        throw ClientError.forbidden(
            "group " + groups.get(0) + " is outside your areas (groups may span any area)");
      }
      for (String area : areas) {
        if (!scope.covers(area)) {
          throw ClientError.forbidden("area " + area + " is outside your areas");
        }
      }
      for (String terminal : terminals) {
        if (!scope.covers(terminal.substring(1, 13))) {
          throw ClientError.forbidden("terminal " + terminal + " is outside your areas");
        }
      }
    }
    Instant from = instant(call, "from", clock.instant());
    Instant to = instant(call, "to", from.plus(Duration.ofHours(24)));
    if (!to.isAfter(from)) {
      throw ClientError.badRequest("'to' must be after 'from'");
    }
    Targets targets = new Targets(Set.copyOf(areas), Set.copyOf(groups), Set.copyOf(terminals));
    return schedules.timeline(targets, from, to).map(t -> Reply.ok(timelineView(t)));
  }

  private Future<Reply> firings(Call call) {
    String schedule = call.query("schedule");
    FiringState state = state(call.query("state"));
    Instant now = clock.instant();
    Instant from = instant(call, "from", now.minus(Duration.ofHours(24)));
    Instant to = instant(call, "to", now.plus(Duration.ofHours(24)));
    if (!to.isAfter(from)) {
      throw ClientError.badRequest("'to' must be after 'from'");
    }
    int limit = call.limit("limit", 100, HttpApi.MAX_LIST);
    Scope scope = call.scope();
    ScheduleService.Current current = schedules.current();
    return schedules
        .firings(from, to, schedule, state, limit)
        .map(
            records -> {
              List<Firing> shown =
                  records.stream()
                      .filter(
                          f ->
                              scope.everything()
                                  || current
                                      .schedule(f.scheduleId())
                                      .map(s -> sees(scope, s.targets()))
                                      .orElse(false))
                      .toList();
              return Reply.ok(
                  new JsonObject()
                      .put("from", from.toString())
                      .put("to", to.toString())
                      .put("firings", JsonViews.array(shown, ScheduleEndpoints::firing)));
            });
  }

  // ---------------------------------------------------------------- views

  private static JsonObject version(ScheduleService.Current current) {
    return new JsonObject()
        .put("version", current.version())
        .put("savedAt", current.savedAt() == null ? null : current.savedAt().toString())
        .put("savedBy", current.savedBy());
  }

  static JsonObject firing(Firing f) {
    return new JsonObject()
        .put("schedule", f.scheduleId())
        .put("occurrence", f.occurrence().toString())
        .put("state", f.state().name())
        .put("startAt", f.startAt() == null ? null : f.startAt().toString())
        .put("broadcast", f.broadcastId())
        .put("terminals", f.terminals())
        .put("reason", f.reason())
        .put("recordedAt", f.recordedAt().toString())
        .put("updatedAt", f.updatedAt().toString());
  }

  static JsonObject timelineView(Timeline t) {
    JsonArray lanes = new JsonArray();
    for (Lane lane : t.lanes()) {
      JsonArray entries = new JsonArray();
      for (TimelineEntry e : lane.entries()) {
        entries.add(entry(e));
      }
      lanes.add(
          new JsonObject()
              .put("terminals", new JsonArray(List.copyOf(lane.terminals())))
              .put("entries", entries));
    }
    return new JsonObject()
        .put("from", t.from().toString())
        .put("to", t.to().toString())
        .put("terminalCount", t.terminalCount())
        .put("lanes", lanes);
  }

  private static JsonObject entry(TimelineEntry e) {
    JsonObject out =
        new JsonObject()
            .put("start", e.start().toString())
            .put("end", e.end().toString())
            .put("kind", e.kind().name())
            .put("reason", e.reason());
    if (e.scheduleId() != null) {
      out.put("schedule", e.scheduleId());
    }
    if (e.programme() != null) {
      out.put(
          "programme",
          new JsonObject().put("id", e.programme().id()).put("name", e.programme().name()));
    }
    if (e.priority() != null) {
      out.put("priority", e.priority().fileName());
    }
    if (e.occurrence() != null) {
      out.put("occurrence", e.occurrence().toString());
    }
    if (e.rule() != null) {
      out.put("rule", e.rule().fileName());
    }
    if (e.byScheduleId() != null) {
      out.put("by", e.byScheduleId());
    }
    if (!e.notPlayed().isZero()) {
      out.put("notPlayedSeconds", e.notPlayed().toSeconds());
    }
    return out;
  }

  // ---------------------------------------------------------------- parameters and scope

  /** The path's schedule id: 1 to 200 characters, no control characters. */
  private static String scheduleId(Call call) {
    String id = call.pathParam("id");
    if (id == null
        || id.isBlank()
        || id.length() > ScheduleService.MAX_ID
        || id.chars().anyMatch(Character::isISOControl)) {
      throw ClientError.badRequest(
          "'id' must be a schedule id of 1 to "
              + ScheduleService.MAX_ID
              + " characters without control characters");
    }
    return id;
  }

  private static List<String> values(String list) {
    if (list == null) {
      return List.of();
    }
    return Arrays.stream(list.split(",", -1)).map(String::trim).collect(Collectors.toList());
  }

  private static Instant instant(Call call, String name, Instant otherwise) {
    String value = call.query(name);
    if (value == null) {
      return otherwise;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ClientError.badRequest(
          "'" + name + "' must be an ISO-8601 instant in UTC like 2026-12-04T04:00:00Z");
    }
  }

  private static FiringState state(String value) {
    if (value == null) {
      return null;
    }
    return Arrays.stream(FiringState.values())
        .filter(s -> s.name().equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                ClientError.badRequest(
                    "'state' must be one of " + Arrays.toString(FiringState.values())));
  }

  /** Whether a scoped user sees a schedule: no groups, every area and terminal inside. */
  private static boolean sees(Scope scope, Targets targets) {
    if (scope.everything()) {
      return true;
    }
    return targets.groups().isEmpty()
        && targets.areas().stream().allMatch(scope::covers)
        && targets.terminals().stream()
            .allMatch(t -> t.length() == 23 && scope.covers(t.substring(1, 13)));
  }

  private static void checkSees(Call call, Schedule schedule) {
    if (!sees(call.scope(), schedule.targets())) {
      throw ClientError.forbidden(
          "schedule " + schedule.id() + " reaches outside your areas " + call.user().areaScopes());
    }
  }

  private static Future<Reply> ok(Reply reply) {
    return Future.succeededFuture(reply);
  }
}
