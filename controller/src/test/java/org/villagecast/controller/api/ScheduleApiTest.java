package org.villagecast.controller.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.villagecast.controller.api.ApiHarness.RC_A1;
import static org.villagecast.controller.api.ApiHarness.RC_A2;
import static org.villagecast.controller.api.ApiHarness.SCHEDULE_A;
import static org.villagecast.controller.api.ApiHarness.SCHEDULE_COUNTY;
import static org.villagecast.controller.api.ApiHarness.VILLAGE_A;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.villagecast.controller.auth.Role;

/**
 * The schedule endpoints on the whole hub, the accepted side: schedules created, read, replaced and
 * deleted; the schedule file exported and imported; the timeline with its reasons; refusals that
 * name the line or field. Each test leaves the fixture's two schedules as it found them.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ScheduleApiTest {
  private static ApiHarness hub;

  @BeforeAll
  static void start() throws Exception {
    hub = ApiHarness.start(Files.createTempDirectory("schedule-api"));
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  private static final String EVENING =
      "{\"name\":\"晚间通知\",\"programme\":{\"id\":\"prog-evening\",\"name\":\"Evening\"},"
          + "\"targets\":{\"terminals\":[\""
          + RC_A1
          + "\"]},\"priority\":\"notice\",\"start\":\"2026-12-01T18:00:00\","
          + "\"duration\":\"PT15M\",\"rrule\":\"FREQ=WEEKLY;BYDAY=MO,WE,FR\",\"overrun\":\"shift\"}";

  private static long version() throws Exception {
    return hub.get("/api/schedules", Role.ADMIN).json().getLong("version");
  }

  private static ApiHarness.Answer importFile(String yaml) throws Exception {
    return hub.send(
        "PUT",
        "/api/schedule-file",
        hub.tokens.get(Role.OPERATOR),
        "application/yaml",
        yaml.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Verifies that a schedule is created (201), read back with the fields it was given, replaced
   * (200) and deleted (204), each a new version of the set and an audit entry.
   */
  @Test
  void schedule_createReadReplaceDelete() throws Exception {
    long before = version();

    ApiHarness.Answer created = hub.json("PUT", "/api/schedules/evening", Role.OPERATOR, EVENING);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonObject read = hub.get("/api/schedules/evening", Role.OPERATOR).json();
    assertThat(read.getString("id")).isEqualTo("evening");
    assertThat(read.getString("name")).isEqualTo("晚间通知");
    assertThat(read.getString("rrule")).isEqualTo("FREQ=WEEKLY;BYDAY=MO,WE,FR");
    assertThat(read.getString("start")).isEqualTo("2026-12-01T18:00:00");
    assertThat(read.getString("zone")).isEqualTo("Asia/Shanghai");
    assertThat(read.getString("overrun")).isEqualTo("shift");
    assertThat(read.getJsonObject("targets").getJsonArray("terminals")).containsExactly(RC_A1);

    ApiHarness.Answer replaced =
        hub.json("PUT", "/api/schedules/evening", Role.ADMIN, EVENING.replace("PT15M", "PT5M"));
    assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
    assertThat(replaced.json().getString("duration")).isEqualTo("PT5M");

    assertThat(hub.json("DELETE", "/api/schedules/evening", Role.OPERATOR, null).status())
        .isEqualTo(204);
    assertThat(hub.get("/api/schedules/evening", Role.OPERATOR).status()).isEqualTo(404);
    assertThat(version()).isEqualTo(before + 3);
    Thread.sleep(300); // audited behind the store write
    JsonArray audit = hub.get("/api/audit?limit=20", Role.ADMIN).json().getJsonArray("entries");
    assertThat(audit.stream().map(e -> ((JsonObject) e).getString("action")).toList())
        .contains("schedule.save", "schedule.delete");
  }

  /**
   * Verifies that a JSON schedule with mistakes gets 400 listing each field, and stores nothing.
   */
  @Test
  void schedule_mistakes_fieldsNamed_nothingStored() throws Exception {
    long before = version();

    ApiHarness.Answer refused =
        hub.json(
            "PUT",
            "/api/schedules/evening",
            Role.OPERATOR,
            EVENING.replace("\"notice\"", "\"urgent\"").replace("FREQ=WEEKLY", "FREQ=SOMETIMES"));

    assertThat(refused.status()).isEqualTo(400);
    JsonObject error = refused.json().getJsonObject("error");
    assertThat(error.getString("message")).contains("'priority'").contains("'rrule'");
    List<String> fields =
        error.getJsonArray("problems").stream()
            .map(p -> ((JsonObject) p).getString("field"))
            .toList();
    assertThat(fields).containsExactlyInAnyOrder("priority", "rrule");
    assertThat(version()).isEqualTo(before);
    assertThat(hub.get("/api/schedules/evening", Role.OPERATOR).status()).isEqualTo(404);
  }

  /**
   * Verifies that a schedule file with problems is refused whole, every problem with its line and
   * field, and the set in force is unchanged.
   */
  @Test
  void importFile_problems_linesAndFields_nothingStored() throws Exception {
    String before = hub.get("/api/schedules", Role.ADMIN).body();
    String bad =
        ApiHarness.SCHEDULE_FILE
            .replace("duration: PT10M", "duration: ten minutes")
            .replace("priority: live-relay", "priority: loud");

    ApiHarness.Answer refused = importFile(bad);

    assertThat(refused.status()).isEqualTo(400);
    JsonArray problems = refused.json().getJsonObject("error").getJsonArray("problems");
    assertThat(
            problems.stream()
                .map(
                    p ->
                        ((JsonObject) p).getInteger("line")
                            + " "
                            + ((JsonObject) p).getString("field"))
                .toList())
        .containsExactly("8 schedules[0].duration", "13 schedules[1].priority");
    assertThat(hub.get("/api/schedules", Role.ADMIN).body()).isEqualTo(before);
  }

  /** Verifies that an exported file imported again gives the same schedules, as a new version. */
  @Test
  void exportImport_sameSchedules() throws Exception {
    JsonObject before = hub.get("/api/schedules", Role.ADMIN).json();
    ApiHarness.Answer exported = hub.get("/api/schedule-file", Role.TECHNICIAN);
    assertThat(exported.status()).isEqualTo(200);
    assertThat(exported.headers().firstValue("Content-Type"))
        .hasValue("application/yaml; charset=utf-8");

    ApiHarness.Answer imported = importFile(exported.body());

    assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    assertThat(imported.json().getInteger("schedules")).isEqualTo(2);
    JsonObject after = hub.get("/api/schedules", Role.ADMIN).json();
    assertThat(after.getLong("version")).isEqualTo(before.getLong("version") + 1);
    assertThat(after.getJsonArray("schedules")).isEqualTo(before.getJsonArray("schedules"));
  }

  /**
   * Verifies that the timeline of village A over a day lists its accepted terminals and the noon
   * notice playing, with a reason on every entry, and that the clerk of village A sees the same.
   */
  @Test
  void timeline_villageDay_reasons() throws Exception {
    String path =
        "/api/timeline?area=" + VILLAGE_A + "&from=2026-12-03T16:00:00Z&to=2026-12-04T16:00:00Z";

    ApiHarness.Answer answer = hub.get(path, Role.OPERATOR);

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonObject timeline = answer.json();
    assertThat(timeline.getInteger("terminalCount")).isEqualTo(2);
    JsonObject lane = timeline.getJsonArray("lanes").getJsonObject(0);
    assertThat(lane.getJsonArray("terminals")).containsExactly(RC_A1, RC_A2);
    List<JsonObject> entries =
        lane.getJsonArray("entries").stream().map(e -> (JsonObject) e).toList();
    assertThat(entries).allSatisfy(e -> assertThat(e.getString("reason")).isNotBlank());
    assertThat(entries)
        .anySatisfy(
            e -> {
              assertThat(e.getString("kind")).isEqualTo("PLAY");
              assertThat(e.getString("schedule")).isEqualTo(SCHEDULE_A);
              assertThat(e.getString("start")).isEqualTo("2026-12-04T04:00:00Z");
            });
    assertThat(hub.get(path, Role.VILLAGE_STAFF).json()).isEqualTo(timeline);
  }

  /** Verifies that the clerk of village A lists only the schedule of village A. */
  @Test
  void list_clerk_ownAreaOnly() throws Exception {
    JsonArray all = hub.get("/api/schedules", Role.OPERATOR).json().getJsonArray("schedules");
    JsonArray own = hub.get("/api/schedules", Role.VILLAGE_STAFF).json().getJsonArray("schedules");

    assertThat(all.stream().map(s -> ((JsonObject) s).getString("id")).toList())
        .containsExactly(SCHEDULE_A, SCHEDULE_COUNTY);
    assertThat(own.stream().map(s -> ((JsonObject) s).getString("id")).toList())
        .containsExactly(SCHEDULE_A);
  }
}
