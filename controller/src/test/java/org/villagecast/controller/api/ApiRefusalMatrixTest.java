package org.villagecast.controller.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.villagecast.controller.api.ApiHarness.COUNTY;
import static org.villagecast.controller.api.ApiHarness.GROUP;
import static org.villagecast.controller.api.ApiHarness.RC_A1;
import static org.villagecast.controller.api.ApiHarness.RC_A_PENDING;
import static org.villagecast.controller.api.ApiHarness.RC_B1;
import static org.villagecast.controller.api.ApiHarness.RC_UNKNOWN;
import static org.villagecast.controller.api.ApiHarness.VILLAGE_A;
import static org.villagecast.controller.api.ApiHarness.VILLAGE_B;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.clip.EngineWav;
import org.villagecast.controller.auth.Role;

/**
 * Every endpoint against every way a request can be wrong: no credentials (401), a bad token (401),
 * a role that may not (403), an area out of scope (403), malformed JSON, a body that is not an
 * object, a wrong type, an unknown field, an oversize body (413), a wrong content type (415), a
 * malformed id (400), an unknown id (404), an unknown query parameter (400). Each refusal must be a
 * JSON error naming what is wrong, without a stack trace, and must leave the registry, commands,
 * users and audit log unchanged and publish nothing.
 *
 * <p>The matrix is generated from {@link #ENDPOINTS}: a new endpoint is one more row there. Roles
 * allowed to GET an endpoint are also checked to get 200, so a route that refuses everyone fails.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApiRefusalMatrixTest {
  private static final Set<Role> ALL = EnumSet.allOf(Role.class);
  private static final Set<Role> STAFF_ROLES = EnumSet.of(Role.ADMIN, Role.OPERATOR);
  private static final Set<Role> TERMINAL_ROLES =
      EnumSet.of(Role.ADMIN, Role.OPERATOR, Role.TECHNICIAN);

  private static Path dir;
  private static ApiHarness hub;

  /** A valid upload (1 s of 660 Hz): refusals must not store it. */
  static final byte[] FILE = wav(660);

  /** Id of a clip the fixture stored (1 s of 440 Hz), for the clip endpoints. */
  private static long clipId;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("api-matrix");
    hub = ApiHarness.start(dir);
    ApiHarness.Answer clip =
        hub.send(
            "POST", "/api/clips?name=fixture", hub.tokens.get(Role.ADMIN), "audio/wav", wav(440));
    assertThat(clip.status()).as(clip.body()).isEqualTo(201);
    clipId = clip.json().getLong("id");
    // The upload is audited behind the hub's other writes: wait until the entry is there, so that
    // no snapshot sees it arrive.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!hub.get("/api/audit?limit=1000", Role.ADMIN).body().contains("\"clip " + clipId + "\"")
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  private static byte[] wav(double hz) {
    float[] tone = new float[48_000];
    for (int i = 0; i < tone.length; i++) {
      tone[i] = (float) (0.3 * Math.sin(2 * Math.PI * hz * i / 48_000));
    }
    return EngineWav.bytes(new PcmAudio(48_000, tone));
  }

  @AfterAll
  static void stop() throws Exception {
    if (hub != null) {
      hub.close();
    }
  }

  // ---------------------------------------------------------------- the endpoint table

  /** One endpoint and the ways to get it wrong; null where a dimension does not apply. */
  record Endpoint(
      String method,
      String path,
      Set<Role> roles,
      boolean open,
      String body,
      String wrongType,
      String wrongTypeField,
      String malformedIdPath,
      String malformedIdParam,
      String unknownIdPath,
      String outOfScopePath,
      String outOfScopeBody,
      String badQuery,
      String badQueryParam,
      String upload) {

    static Endpoint of(String method, String path) {
      return new Endpoint(
          method, path, ALL, false, null, null, null, null, null, null, null, null, null, null,
          null);
    }

    Endpoint roles(Set<Role> allowed) {
      return new Endpoint(
          method,
          path,
          allowed,
          open,
          body,
          wrongType,
          wrongTypeField,
          malformedIdPath,
          malformedIdParam,
          unknownIdPath,
          outOfScopePath,
          outOfScopeBody,
          badQuery,
          badQueryParam,
          upload);
    }

    Endpoint noSignIn() {
      return new Endpoint(
          method,
          path,
          roles,
          true,
          body,
          wrongType,
          wrongTypeField,
          malformedIdPath,
          malformedIdParam,
          unknownIdPath,
          outOfScopePath,
          outOfScopeBody,
          badQuery,
          badQueryParam,
          upload);
    }

    /** A valid JSON body, and one with a wrong type in the named field. */
    Endpoint body(String valid, String wrong, String field) {
      return new Endpoint(
          method,
          path,
          roles,
          open,
          valid,
          wrong,
          field,
          malformedIdPath,
          malformedIdParam,
          unknownIdPath,
          outOfScopePath,
          outOfScopeBody,
          badQuery,
          badQueryParam,
          upload);
    }

    Endpoint malformedId(String badPath, String param) {
      return new Endpoint(
          method,
          path,
          roles,
          open,
          body,
          wrongType,
          wrongTypeField,
          badPath,
          param,
          unknownIdPath,
          outOfScopePath,
          outOfScopeBody,
          badQuery,
          badQueryParam,
          upload);
    }

    Endpoint unknownId(String unknownPath) {
      return new Endpoint(
          method,
          path,
          roles,
          open,
          body,
          wrongType,
          wrongTypeField,
          malformedIdPath,
          malformedIdParam,
          unknownPath,
          outOfScopePath,
          outOfScopeBody,
          badQuery,
          badQueryParam,
          upload);
    }

    /** What the village clerk (scoped to village A) may not reach: a path, with a body if any. */
    Endpoint outOfScope(String scopedPath, String scopedBody) {
      return new Endpoint(
          method,
          path,
          roles,
          open,
          body,
          wrongType,
          wrongTypeField,
          malformedIdPath,
          malformedIdParam,
          unknownIdPath,
          scopedPath,
          scopedBody,
          badQuery,
          badQueryParam,
          upload);
    }

    Endpoint badQuery(String query, String param) {
      return new Endpoint(
          method,
          path,
          roles,
          open,
          body,
          wrongType,
          wrongTypeField,
          malformedIdPath,
          malformedIdParam,
          unknownIdPath,
          outOfScopePath,
          outOfScopeBody,
          query,
          param,
          upload);
    }

    /** It takes an uploaded file of this media type as its body (a valid {@link #FILE}). */
    Endpoint upload(String mediaType) {
      return new Endpoint(
          method,
          path,
          roles,
          open,
          body,
          wrongType,
          wrongTypeField,
          malformedIdPath,
          malformedIdParam,
          unknownIdPath,
          outOfScopePath,
          outOfScopeBody,
          badQuery,
          badQueryParam,
          mediaType);
    }

    boolean takesJson() {
      return body != null;
    }

    String name() {
      return method + " " + path;
    }
  }

  private static final String PLAY_A =
      "{\"type\":\"PLAY\",\"targets\":{\"areas\":[\""
          + VILLAGE_A
          + "\"]},\"text\":\"通知\","
          + "\"deadlineSeconds\":3600}";
  private static final String PLAY_B = PLAY_A.replace(VILLAGE_A, VILLAGE_B);
  private static final String SCHEDULE_JSON =
      "{\"programme\":{\"id\":\"prog-noon\"},\"targets\":{\"areas\":[\""
          + VILLAGE_A
          + "\"]},\"priority\":\"notice\",\"start\":\"2026-12-01T18:00:00\","
          + "\"duration\":\"PT10M\"}";
  private static final Set<Role> BROADCAST_ROLES =
      EnumSet.of(Role.ADMIN, Role.OPERATOR, Role.VILLAGE_STAFF);
  private static final String BROADCAST_A =
      "{\"title\":\"通知\",\"programme\":{\"notices\":[{\"silence\":1}],\"chime\":false},"
          + "\"targets\":{\"areas\":[\""
          + VILLAGE_A
          + "\"]}}";
  private static final String BROADCAST_B = BROADCAST_A.replace(VILLAGE_A, VILLAGE_B);
  private static final String PROGRAMME =
      "{\"name\":\"早间\",\"programme\":{\"notices\":[{\"silence\":1}]}}";
  private static final String NEW_USER =
      "{\"name\":\"newbie\",\"role\":\"OPERATOR\",\"secret\":\"" + ApiHarness.SECRET + "\"}";

  /** Endpoints whose body is a text document, not JSON: their body cases are listed apart. */
  private static final Set<String> TEXT_BODIES = Set.of("PUT /api/schedule-file");

  /**
   * Every endpoint of the API. Placeholders {in} and {out}: command ids in and out of scope; {bin}
   * and {bout}: broadcast ids in and out of scope.
   */
  static final List<Endpoint> ENDPOINTS =
      List.of(
          Endpoint.of("GET", "/api/openapi.yaml").noSignIn(),
          Endpoint.of("POST", "/api/session")
              .noSignIn()
              .body(
                  "{\"name\":\"nobody\",\"secret\":\"wrong wrong wrong\"}",
                  "{\"name\":5,\"secret\":\"x\"}",
                  "'name'"),
          Endpoint.of("DELETE", "/api/session"),
          Endpoint.of("GET", "/api/me"),
          Endpoint.of("GET", "/api/terminals")
              .outOfScope("/api/terminals?area=" + VILLAGE_B, null)
              .badQuery("?online=yes", "'online'"),
          Endpoint.of("GET", "/api/terminals/" + RC_A1)
              .malformedId("/api/terminals/123", "'rc'")
              .unknownId("/api/terminals/" + RC_UNKNOWN)
              .outOfScope("/api/terminals/" + RC_B1, null),
          Endpoint.of("GET", "/api/terminals/" + RC_A1 + "/history")
              .malformedId("/api/terminals/1320583101001030101010x/history", "'rc'")
              .unknownId("/api/terminals/" + RC_UNKNOWN + "/history")
              .outOfScope("/api/terminals/" + RC_B1 + "/history", null)
              .badQuery("?limit=0", "'limit'"),
          Endpoint.of("POST", "/api/terminals/" + RC_A_PENDING + "/accept")
              .roles(TERMINAL_ROLES)
              .malformedId("/api/terminals/" + RC_A_PENDING + "0/accept", "'rc'")
              .unknownId("/api/terminals/" + RC_UNKNOWN + "/accept"),
          Endpoint.of("PATCH", "/api/terminals/" + RC_A1)
              .roles(TERMINAL_ROLES)
              .body("{\"name\":\"村委会屋顶\"}", "{\"name\":5}", "'name'")
              .malformedId("/api/terminals/abc", "'rc'")
              .unknownId("/api/terminals/" + RC_UNKNOWN),
          Endpoint.of("GET", "/api/areas"),
          Endpoint.of("PUT", "/api/areas/" + COUNTY)
              .roles(STAFF_ROLES)
              .body("{\"name\":\"新县\"}", "{\"name\":[\"x\"]}", "'name'")
              .malformedId("/api/areas/3205831", "'code'"),
          Endpoint.of("DELETE", "/api/areas/" + COUNTY)
              .roles(STAFF_ROLES)
              .malformedId("/api/areas/x", "'code'")
              .unknownId("/api/areas/99"),
          Endpoint.of("GET", "/api/groups"),
          Endpoint.of("PUT", "/api/groups/" + GROUP)
              .roles(STAFF_ROLES)
              .body(
                  "{\"name\":\"学校\",\"areas\":[\"" + VILLAGE_A + "\"]}",
                  "{\"name\":\"学校\",\"areas\":\"" + VILLAGE_A + "\"}",
                  "'areas'")
              .malformedId("/api/groups/0", "'number'"),
          Endpoint.of("DELETE", "/api/groups/" + GROUP)
              .roles(STAFF_ROLES)
              .malformedId("/api/groups/4294967296", "'number'")
              .unknownId("/api/groups/999"),
          Endpoint.of("POST", "/api/commands")
              .body(
                  PLAY_A,
                  PLAY_A.replace("\"deadlineSeconds\":3600", "\"volume\":\"50\""),
                  "'volume'")
              .outOfScope("/api/commands", PLAY_B),
          Endpoint.of("GET", "/api/commands").badQuery("?limit=501", "'limit'"),
          Endpoint.of("GET", "/api/commands/{in}")
              .malformedId("/api/commands/-1", "'id'")
              .unknownId("/api/commands/987654321")
              .outOfScope("/api/commands/{out}", null),
          Endpoint.of("POST", "/api/broadcasts")
              .roles(BROADCAST_ROLES)
              .body(BROADCAST_A, BROADCAST_A.replace("\"title\":\"通知\"", "\"title\":5"), "'title'")
              .outOfScope("/api/broadcasts", BROADCAST_B),
          Endpoint.of("GET", "/api/broadcasts").badQuery("?limit=501", "'limit'"),
          Endpoint.of("GET", "/api/broadcasts/{bin}")
              .malformedId("/api/broadcasts/-1", "'id'")
              .unknownId("/api/broadcasts/987654321")
              .outOfScope("/api/broadcasts/{bout}", null),
          Endpoint.of("POST", "/api/broadcasts/{bin}/stop")
              .roles(BROADCAST_ROLES)
              .malformedId("/api/broadcasts/x/stop", "'id'")
              .unknownId("/api/broadcasts/987654321/stop")
              .outOfScope("/api/broadcasts/{bout}/stop", null),
          Endpoint.of("GET", "/api/broadcasts/{bin}/listen")
              .malformedId("/api/broadcasts/0/listen", "'id'")
              .unknownId("/api/broadcasts/987654321/listen")
              .outOfScope("/api/broadcasts/{bout}/listen", null),
          Endpoint.of("GET", "/api/programmes"),
          Endpoint.of("PUT", "/api/programmes/morning")
              .roles(STAFF_ROLES)
              .body(PROGRAMME, PROGRAMME.replace("\"name\":\"早间\"", "\"name\":5"), "'name'")
              .malformedId("/api/programmes/bad%20id", "'id'"),
          Endpoint.of("DELETE", "/api/programmes/morning")
              .roles(STAFF_ROLES)
              .malformedId("/api/programmes/bad%20id", "'id'")
              .unknownId("/api/programmes/ghost"),
          Endpoint.of("GET", "/api/alarms").badQuery("?open=maybe", "'open'"),
          Endpoint.of("GET", "/api/users").roles(EnumSet.of(Role.ADMIN)),
          Endpoint.of("POST", "/api/users")
              .roles(EnumSet.of(Role.ADMIN))
              .body(NEW_USER, NEW_USER.replace("\"OPERATOR\"", "1"), "'role'"),
          Endpoint.of("DELETE", "/api/users/operator")
              .roles(EnumSet.of(Role.ADMIN))
              .malformedId("/api/users/Not%20A%20Name", "'name'")
              .unknownId("/api/users/ghost"),
          Endpoint.of("GET", "/api/audit").roles(STAFF_ROLES).badQuery("?limit=1001", "'limit'"),
          Endpoint.of("GET", "/api/events"),
          Endpoint.of("GET", "/api/clips"),
          Endpoint.of("POST", "/api/clips?name=matrix").roles(STAFF_ROLES).upload("audio/wav"),
          Endpoint.of("GET", "/api/clips/{clip}")
              .malformedId("/api/clips/0", "'id'")
              .unknownId("/api/clips/987654321"),
          Endpoint.of("GET", "/api/clips/{clip}/audio")
              .malformedId("/api/clips/x/audio", "'id'")
              .unknownId("/api/clips/987654321/audio"),
          Endpoint.of("DELETE", "/api/clips/{clip}")
              .roles(STAFF_ROLES)
              .malformedId("/api/clips/-3", "'id'")
              .unknownId("/api/clips/987654321"),
          Endpoint.of("POST", "/api/speech/preview")
              .roles(EnumSet.of(Role.ADMIN, Role.OPERATOR, Role.VILLAGE_STAFF))
              .body("{\"text\":\"通知\"}", "{\"text\":5}", "'text'"),
          Endpoint.of("GET", "/api/schedules"),
          Endpoint.of("GET", "/api/schedules/" + ApiHarness.SCHEDULE_A)
              .malformedId("/api/schedules/" + "x".repeat(201), "'id'")
              .unknownId("/api/schedules/no-such-schedule")
              .outOfScope("/api/schedules/" + ApiHarness.SCHEDULE_COUNTY, null),
          Endpoint.of("PUT", "/api/schedules/evening")
              .roles(STAFF_ROLES)
              .body(SCHEDULE_JSON, SCHEDULE_JSON.replace("\"PT10M\"", "5"), "'duration'")
              .malformedId("/api/schedules/" + "x".repeat(201), "'id'"),
          Endpoint.of("DELETE", "/api/schedules/" + ApiHarness.SCHEDULE_A)
              .roles(STAFF_ROLES)
              .malformedId("/api/schedules/%09tab", "'id'")
              .unknownId("/api/schedules/no-such-schedule"),
          Endpoint.of("GET", "/api/schedule-file")
              .roles(EnumSet.of(Role.ADMIN, Role.OPERATOR, Role.TECHNICIAN)),
          Endpoint.of("PUT", "/api/schedule-file").roles(STAFF_ROLES),
          Endpoint.of("GET", "/api/timeline?area=" + VILLAGE_A)
              .outOfScope("/api/timeline?area=" + VILLAGE_B, null)
              .badQuery("&from=tomorrow", "'from'"),
          Endpoint.of("GET", "/api/firings").badQuery("?state=LOST", "'state'"),
          Endpoint.of("GET", "/health").noSignIn(),
          Endpoint.of("GET", "/ready").noSignIn(),
          Endpoint.of("GET", "/metrics").noSignIn());

  // ---------------------------------------------------------------- the cases

  /** One request and what must come back. */
  record Case(
      String name,
      String method,
      String path,
      Role role,
      String token,
      String contentType,
      byte[] body,
      int status,
      String code,
      String mentions) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> refusals() {
    List<Case> cases = new ArrayList<>();
    for (Endpoint e : ENDPOINTS) {
      Role privileged = e.roles().contains(Role.ADMIN) ? Role.ADMIN : e.roles().iterator().next();
      Role caller = e.open() ? null : privileged;
      byte[] valid = e.takesJson() ? bytes(e.body()) : e.upload() != null ? FILE : null;
      String jsonType = e.takesJson() ? "application/json" : e.upload() != null ? e.upload() : null;
      String query = e.path().contains("?") ? "&" : "?";
      if (!e.open()) {
        cases.add(
            new Case(
                e.name() + " × no credentials",
                e.method(),
                e.path(),
                null,
                null,
                jsonType,
                valid,
                401,
                "unauthorized",
                "Authorization: Bearer"));
        cases.add(
            new Case(
                e.name() + " × unknown token",
                e.method(),
                e.path(),
                null,
                "A".repeat(43),
                jsonType,
                valid,
                401,
                "unauthorized",
                "sign in again"));
        cases.add(
            new Case(
                e.name() + " × malformed token",
                e.method(),
                e.path(),
                null,
                "not-a-token",
                jsonType,
                valid,
                401,
                "unauthorized",
                "sign in again"));
        for (Role role : Role.values()) {
          if (!e.roles().contains(role)) {
            cases.add(
                new Case(
                    e.name() + " × role " + role,
                    e.method(),
                    e.path(),
                    role,
                    null,
                    jsonType,
                    valid,
                    403,
                    "forbidden",
                    "role " + role));
          }
        }
      }
      if (e.outOfScopePath() != null) {
        cases.add(
            new Case(
                e.name() + " × out of scope",
                e.method(),
                e.outOfScopePath(),
                Role.VILLAGE_STAFF,
                null,
                e.outOfScopeBody() == null ? null : "application/json",
                e.outOfScopeBody() == null ? null : bytes(e.outOfScopeBody()),
                403,
                "forbidden",
                "outside your areas"));
      }
      if (e.takesJson()) {
        cases.add(
            new Case(
                e.name() + " × malformed JSON",
                e.method(),
                e.path(),
                caller,
                null,
                "application/json",
                bytes("{\"name\": "),
                400,
                "bad_request",
                "body is not valid JSON"));
        cases.add(
            new Case(
                e.name() + " × not an object",
                e.method(),
                e.path(),
                caller,
                null,
                "application/json",
                bytes("[" + e.body() + "]"),
                400,
                "bad_request",
                "body must be a JSON object"));
        cases.add(
            new Case(
                e.name() + " × no body",
                e.method(),
                e.path(),
                caller,
                null,
                null,
                null,
                400,
                "bad_request",
                "body is required"));
        cases.add(
            new Case(
                e.name() + " × wrong type",
                e.method(),
                e.path(),
                caller,
                null,
                "application/json",
                bytes(e.wrongType()),
                400,
                "bad_request",
                e.wrongTypeField()));
        cases.add(
            new Case(
                e.name() + " × unknown field",
                e.method(),
                e.path(),
                caller,
                null,
                "application/json",
                bytes("{\"bogus\":1," + e.body().substring(1)),
                400,
                "bad_request",
                "unknown field 'bogus'"));
        cases.add(
            new Case(
                e.name() + " × oversize",
                e.method(),
                e.path(),
                caller,
                null,
                "application/json",
                oversize(),
                413,
                "too_large",
                "65536 bytes"));
        cases.add(
            new Case(
                e.name() + " × text/plain",
                e.method(),
                e.path(),
                caller,
                null,
                "text/plain",
                valid,
                415,
                "unsupported_media_type",
                "application/json"));
      } else if (e.upload() != null) {
        // An oversize file (over clips.max-upload-mb) is sent in AudioEndpointsTest, whose hub
        // has a limit of 1 MiB; here it is 50 MiB.
        byte[] notAudio = new byte[4096];
        new java.util.Random(5).nextBytes(notAudio);
        notAudio[0] = 0x13;
        cases.add(
            new Case(
                e.name() + " × empty body",
                e.method(),
                e.path(),
                caller,
                null,
                e.upload(),
                new byte[0],
                400,
                "bad_request",
                "the body is empty"));
        cases.add(
            new Case(
                e.name() + " × text/plain",
                e.method(),
                e.path(),
                caller,
                null,
                "text/plain",
                FILE,
                415,
                "unsupported_media_type",
                "audio/mpeg"));
        cases.add(
            new Case(
                e.name() + " × JSON",
                e.method(),
                e.path(),
                caller,
                null,
                "application/json",
                bytes("{\"bogus\":1}"),
                415,
                "unsupported_media_type",
                "audio/wav"));
        cases.add(
            new Case(
                e.name() + " × not audio",
                e.method(),
                e.path(),
                caller,
                null,
                e.upload(),
                notAudio,
                415,
                "unsupported_media_type",
                "not audio"));
      } else if (!e.method().equals("GET") && !TEXT_BODIES.contains(e.name())) {
        cases.add(
            new Case(
                e.name() + " × unexpected field",
                e.method(),
                e.path(),
                caller,
                null,
                "application/json",
                bytes("{\"bogus\":1}"),
                400,
                "bad_request",
                "unknown field 'bogus'"));
        cases.add(
            new Case(
                e.name() + " × text/plain",
                e.method(),
                e.path(),
                caller,
                null,
                "text/plain",
                bytes("x"),
                415,
                "unsupported_media_type",
                "application/json"));
        cases.add(
            new Case(
                e.name() + " × oversize",
                e.method(),
                e.path(),
                caller,
                null,
                "application/json",
                oversize(),
                413,
                "too_large",
                "65536 bytes"));
      }
      if (e.malformedIdPath() != null) {
        cases.add(
            new Case(
                e.name() + " × malformed id",
                e.method(),
                e.malformedIdPath(),
                caller,
                null,
                jsonType,
                valid,
                400,
                "bad_request",
                e.malformedIdParam()));
      }
      if (e.unknownIdPath() != null) {
        cases.add(
            new Case(
                e.name() + " × unknown id",
                e.method(),
                e.unknownIdPath(),
                caller,
                null,
                jsonType,
                valid,
                404,
                "not_found",
                null));
      }
      if (e.path().startsWith("/api/") && !e.path().equals("/api/openapi.yaml")) {
        cases.add(
            new Case(
                e.name() + " × unknown query parameter",
                e.method(),
                e.path() + query + "bogus=1",
                caller,
                null,
                jsonType,
                valid,
                400,
                "bad_request",
                "unknown query parameter 'bogus'"));
      }
      if (e.badQuery() != null) {
        cases.add(
            new Case(
                e.name() + " × bad query value",
                e.method(),
                e.path() + e.badQuery(),
                caller,
                null,
                jsonType,
                valid,
                400,
                "bad_request",
                e.badQueryParam()));
      }
    }
    // The schedule file (a YAML body, not JSON) and schedules refused for what they say.
    String file = ApiHarness.SCHEDULE_FILE;
    cases.add(
        yaml(
            "wrong content type",
            "application/json",
            bytes(file),
            415,
            "unsupported_media_type",
            "application/yaml"));
    cases.add(
        yaml(
            "no body",
            "application/yaml",
            null,
            400,
            "bad_request",
            "application/yaml body is required"));
    cases.add(
        yaml(
            "a wrong field",
            "application/yaml",
            bytes(file.replace("priority: notice", "priority: urgent")),
            400,
            "bad_request",
            "line 6, schedules[0].priority: 'urgent' is not one of"));
    cases.add(
        yaml(
            "not YAML",
            "application/yaml",
            bytes("version: 1\nschedules: [\n"),
            400,
            "bad_request",
            "not valid YAML"));
    cases.add(
        yaml(
            "not UTF-8",
            "application/yaml",
            new byte[] {'v', ':', ' ', (byte) 0xC3, (byte) 0x28},
            400,
            "bad_request",
            "not valid UTF-8"));
    cases.add(
        yaml(
            "oversize",
            "application/yaml",
            bytes("#".repeat((int) ScheduleEndpoints.MAX_FILE_BYTES + 1)),
            413,
            "too_large",
            "4194304 bytes"));
    cases.add(
        new Case(
            "PUT /api/schedules/evening × an unknown calendar",
            "PUT",
            "/api/schedules/evening",
            Role.OPERATOR,
            null,
            "application/json",
            bytes(
                SCHEDULE_JSON.substring(0, SCHEDULE_JSON.length() - 1)
                    + ",\"calendars\":{\"exclude\":[\"holidays\"]}}"),
            400,
            "bad_request",
            "'calendars.exclude[0]': unknown calendar holidays"));
    cases.add(
        new Case(
            "GET /api/timeline × VILLAGE_STAFF asks for a group",
            "GET",
            "/api/timeline?group=" + GROUP,
            Role.VILLAGE_STAFF,
            null,
            null,
            null,
            403,
            "forbidden",
            "group " + GROUP));
    cases.add(
        new Case(
            "GET /api/timeline × no targets",
            "GET",
            "/api/timeline",
            Role.OPERATOR,
            null,
            null,
            null,
            400,
            "bad_request",
            "give 'area', 'group' or 'terminal'"));
    cases.add(
        new Case(
            "GET /api/timeline × a range over 31 days",
            "GET",
            "/api/timeline?area="
                + VILLAGE_A
                + "&from=2026-12-01T00:00:00Z&to=2027-01-15T00:00:00Z",
            Role.OPERATOR,
            null,
            null,
            null,
            400,
            "bad_request",
            "longer than 31 days"));
    // Refusals that depend on the body, beyond the table's dimensions.
    cases.add(
        new Case(
            "POST /api/commands × TECHNICIAN sends PLAY",
            "POST",
            "/api/commands",
            Role.TECHNICIAN,
            null,
            "application/json",
            bytes(PLAY_A),
            403,
            "forbidden",
            "may not send PLAY"));
    cases.add(
        new Case(
            "POST /api/commands × VILLAGE_STAFF sends SET_VOLUME",
            "POST",
            "/api/commands",
            Role.VILLAGE_STAFF,
            null,
            "application/json",
            bytes(
                "{\"type\":\"SET_VOLUME\",\"volume\":5,\"targets\":{\"areas\":[\""
                    + VILLAGE_A
                    + "\"]}}"),
            403,
            "forbidden",
            "may not send SET_VOLUME"));
    cases.add(
        new Case(
            "POST /api/commands × VILLAGE_STAFF targets a group",
            "POST",
            "/api/commands",
            Role.VILLAGE_STAFF,
            null,
            "application/json",
            bytes(
                PLAY_A.replace("\"areas\":[\"" + VILLAGE_A + "\"]", "\"groups\":[" + GROUP + "]")),
            403,
            "forbidden",
            "group " + GROUP));
    cases.add(
        new Case(
            "POST /api/commands × VILLAGE_STAFF targets the county",
            "POST",
            "/api/commands",
            Role.VILLAGE_STAFF,
            null,
            "application/json",
            bytes(PLAY_A.replace(VILLAGE_A, COUNTY)),
            403,
            "forbidden",
            "area " + COUNTY));
    cases.add(
        new Case(
            "POST /api/commands × protocol rule (alert level of a DAILY notice)",
            "POST",
            "/api/commands",
            Role.OPERATOR,
            null,
            "application/json",
            bytes(PLAY_A.replace("\"text\"", "\"alertLevel\":2,\"text\"")),
            400,
            "bad_request",
            "'alertLevel'"));
    cases.add(
        new Case(
            "POST /api/commands × targets only a pending terminal",
            "POST",
            "/api/commands",
            Role.OPERATOR,
            null,
            "application/json",
            bytes(
                "{\"type\":\"STATUS_QUERY\",\"targets\":{\"terminals\":[\""
                    + RC_A_PENDING
                    + "\"]}}"),
            400,
            "bad_request",
            null));
    cases.add(
        new Case(
            "POST /api/session × unknown user",
            "POST",
            "/api/session",
            null,
            null,
            "application/json",
            bytes("{\"name\":\"nobody\",\"secret\":\"" + ApiHarness.SECRET + "\"}"),
            401,
            "unauthorized",
            "wrong name or secret"));
    cases.add(
        new Case(
            "POST /api/users × VILLAGE_STAFF without areas",
            "POST",
            "/api/users",
            Role.ADMIN,
            null,
            "application/json",
            bytes(NEW_USER.replace("OPERATOR", "VILLAGE_STAFF")),
            400,
            "bad_request",
            "'areaScopes'"));
    cases.add(
        new Case(
            "POST /api/users × name taken",
            "POST",
            "/api/users",
            Role.ADMIN,
            null,
            "application/json",
            bytes(NEW_USER.replace("newbie", "clerk")),
            409,
            "conflict",
            "'clerk'"));
    cases.add(
        new Case(
            "DELETE /api/users/admin × last admin",
            "DELETE",
            "/api/users/admin",
            Role.ADMIN,
            null,
            null,
            null,
            409,
            "conflict",
            "last ADMIN"));
    cases.add(
        new Case(
            "GET /api/nowhere × no such endpoint",
            "GET",
            "/api/nowhere",
            Role.ADMIN,
            null,
            null,
            null,
            404,
            "not_found",
            "no endpoint GET /api/nowhere"));
    cases.add(
        new Case(
            "PUT /api/terminals × method not allowed",
            "PUT",
            "/api/terminals",
            Role.ADMIN,
            null,
            "application/json",
            bytes("{}"),
            405,
            "method_not_allowed",
            "PUT"));
    return cases.stream();
  }

  /** An import of a schedule file by an OPERATOR, refused. */
  private static Case yaml(
      String what, String contentType, byte[] body, int status, String code, String mentions) {
    return new Case(
        "PUT /api/schedule-file × " + what,
        "PUT",
        "/api/schedule-file",
        Role.OPERATOR,
        null,
        contentType,
        body,
        status,
        code,
        mentions);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A syntactically valid JSON object one byte over the limit. */
  private static byte[] oversize() {
    String prefix = "{\"name\":\"";
    String suffix = "\"}";
    int fill = (int) HttpApi.MAX_BODY_BYTES + 1 - prefix.length() - suffix.length();
    return bytes(prefix + "x".repeat(fill) + suffix);
  }

  private static String resolve(String path) {
    return path.replace("{clip}", Long.toString(clipId))
        .replace("{in}", Long.toString(hub.commandInScope))
        .replace("{out}", Long.toString(hub.commandOutOfScope))
        .replace("{bin}", Long.toString(hub.broadcastInScope))
        .replace("{bout}", Long.toString(hub.broadcastOutOfScope));
  }

  /**
   * Verifies that the request is refused with the expected status and a JSON error naming what is
   * wrong, without a stack trace, and that nothing was stored or sent.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refused_clearErrorNothingStored(Case c) throws Exception {
    // GIVEN the state before
    ApiHarness.Snapshot before = hub.snapshot();
    String token =
        c.token() != null ? c.token() : c.role() == null ? null : hub.tokens.get(c.role());

    // WHEN the request is sent
    ApiHarness.Answer answer =
        hub.send(c.method(), resolve(c.path()), token, c.contentType(), c.body());

    // THEN the status and a JSON error with the code, naming what is wrong
    assertThat(answer.status()).as(answer.body()).isEqualTo(c.status());
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonObject error = answer.json().getJsonObject("error");
    assertThat(error).as(answer.body()).isNotNull();
    assertThat(error.getString("code")).isEqualTo(c.code());
    if (c.mentions() != null) {
      assertThat(error.getString("message")).contains(c.mentions());
    }
    assertThat(answer.body())
        .doesNotContain("Exception")
        .doesNotContain("\tat ")
        .doesNotContain("org.villagecast");
    if (c.status() == 401) {
      assertThat(answer.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer realm=\"villagecast\""));
    }

    // AND nothing was stored or sent
    assertThat(hub.snapshot()).isEqualTo(before);
  }

  static Stream<Case> allowedReads() {
    List<Case> cases = new ArrayList<>();
    for (Endpoint e : ENDPOINTS) {
      if (!e.method().equals("GET")
          || e.path().equals("/api/events")
          || e.path().endsWith("/listen")) {
        // Streams: the event stream never ends, and the fixture's broadcasts are over (409).
        continue;
      }
      for (Role role : e.open() ? Set.<Role>of(Role.ADMIN) : e.roles()) {
        cases.add(
            new Case(
                e.name() + " × " + (e.open() ? "anyone" : "role " + role),
                "GET",
                e.path(),
                e.open() ? null : role,
                null,
                null,
                null,
                200,
                null,
                null));
      }
    }
    return cases.stream();
  }

  /** Verifies that every role the table allows to read an endpoint gets 200 and stores nothing. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("allowedReads")
  void allowedRead_ok(Case c) throws Exception {
    ApiHarness.Snapshot before = hub.snapshot();

    ApiHarness.Answer answer = hub.get(resolve(c.path()), c.role());

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(hub.snapshot()).isEqualTo(before);
  }

  /**
   * Verifies that the table has a row for every endpoint the router has (a new endpoint without
   * rows fails here).
   */
  @Test
  void table_coversEveryEndpoint() {
    // GIVEN the router's operations, as patterns ("/api/terminals/{rc}" matches any one segment)
    Set<String> routed = OpenApiDocumentTest.routerOperations();

    // WHEN each table row is matched to the operation it exercises
    Set<String> covered = new java.util.TreeSet<>();
    for (Endpoint e : ENDPOINTS) {
      String concrete = e.method() + " " + e.path().replaceFirst("\\?.*", "");
      routed.stream()
          .filter(op -> concrete.matches(op.replaceAll("\\{\\w+}", "[^/]+")))
          .forEach(covered::add);
    }

    // THEN every operation is covered
    assertThat(covered).containsExactlyInAnyOrderElementsOf(routed);
  }
}
