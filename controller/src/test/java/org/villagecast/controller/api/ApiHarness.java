package org.villagecast.controller.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.villagecast.controller.app.TestHub;
import org.villagecast.controller.auth.Role;
import org.villagecast.controller.broadcast.BroadcastRequest;
import org.villagecast.controller.broadcast.BroadcastService;
import org.villagecast.controller.broadcast.ProgrammeItem;
import org.villagecast.controller.broadcast.ProgrammeSpec;
import org.villagecast.controller.delivery.CommandRequest;
import org.villagecast.controller.delivery.CommandService;
import org.villagecast.controller.delivery.Targets;
import org.villagecast.controller.registry.Area;
import org.villagecast.controller.registry.Group;
import org.villagecast.controller.registry.Registry;
import org.villagecast.controller.registry.Scope;
import org.villagecast.controller.registry.Terminal;
import org.villagecast.controller.registry.TerminalView;
import org.villagecast.protocol.codec.AlertClass;
import org.villagecast.protocol.codec.Message;
import org.villagecast.schedules.Priority;

/**
 * The whole hub as it runs ({@link TestHub}: HubApplication, the embedded broker, an H2 database in
 * a temporary directory), reached over HTTP/1.1 on its API port, with a small fixture: a user of
 * every role (the clerk scoped to {@link #VILLAGE_A}), terminals in two villages (registered as an
 * installation list registers them, no terminal process runs), a group, named areas and two
 * commands.
 *
 * <p>{@link #snapshot()} captures everything a request could change, including the frames the hub
 * link published, so a test can prove a refused request stored and sent nothing. Retries, command
 * deadlines and heartbeats are an hour long, so nothing changes behind a test's back.
 */
final class ApiHarness implements AutoCloseable {
  static final String SECRET = "a long enough secret";
  static final String COUNTY = "320583";
  static final String VILLAGE_A = "320583101001";
  static final String VILLAGE_B = "320583101002";
  static final String RC_A1 = "1" + VILLAGE_A + "0301010101";
  static final String RC_A2 = "1" + VILLAGE_A + "0301010102";
  static final String RC_A_PENDING = "1" + VILLAGE_A + "0301010103";
  static final String RC_B1 = "1" + VILLAGE_B + "0301010101";
  static final String RC_UNKNOWN = "1" + VILLAGE_A + "0301019999";
  static final long GROUP = 7;
  static final String SCHEDULE_A = "village-a-noon";
  static final String SCHEDULE_COUNTY = "county-news";

  /** Two schedules: one inside village A (the clerk's), one for the whole county. */
  static final String SCHEDULE_FILE =
      "version: 1\n"
          + "schedules:\n"
          + "  - id: "
          + SCHEDULE_A
          + "\n"
          + "    programme: {id: prog-noon}\n"
          + "    targets: {areas: [\""
          + VILLAGE_A
          + "\"]}\n"
          + "    priority: notice\n"
          + "    start: 2026-12-01T12:00:00\n"
          + "    duration: PT10M\n"
          + "    rrule: FREQ=DAILY\n"
          + "  - id: "
          + SCHEDULE_COUNTY
          + "\n"
          + "    programme: {id: prog-news}\n"
          + "    targets: {areas: [\""
          + COUNTY
          + "\"]}\n"
          + "    priority: live-relay\n"
          + "    start: 2026-12-01T06:30:00\n"
          + "    duration: PT30M\n"
          + "    rrule: FREQ=DAILY\n";

  private static final Pattern FRAMES_OUT =
      Pattern.compile("(?m)^villagecast_link_frames_out_total(?:\\{[^}]*})? ([0-9.E+]+)$");

  final TestHub testHub;
  final Registry registry;
  final CommandService commands;
  final Map<Role, String> tokens = new EnumMap<>(Role.class);

  /** HTTP/1.1, as browsers and curl speak to a plain-HTTP hub (no h2c upgrade). */
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Id of a command to {@link #VILLAGE_A} (inside the clerk's scope). */
  long commandInScope;

  /** Id of a command to {@link #VILLAGE_B} (outside the clerk's scope). */
  long commandOutOfScope;

  /** Id of a (finished) broadcast to {@link #VILLAGE_A}. */
  long broadcastInScope;

  /** Id of a (finished) broadcast to {@link #VILLAGE_B}. */
  long broadcastOutOfScope;

  private ApiHarness(Path dir, Map<String, String> overrides) {
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of(
                "VILLAGECAST_TERMINAL_HEARTBEAT", "1h",
                "VILLAGECAST_DELIVERY_FIRST_RETRY", "1h",
                "VILLAGECAST_DELIVERY_MAX_RETRY_DELAY", "1h",
                "VILLAGECAST_DELIVERY_DEADLINE", "1h"));
    env.putAll(overrides);
    testHub = TestHub.start(TestHub.BrokerKind.EMBEDDED, dir, env);
    registry = testHub.app().registry();
    commands = testHub.app().commands();
  }

  /** Starts a hub with the fixture and a signed-in user of every role. */
  static ApiHarness start(Path dir) throws Exception {
    return start(dir, Map.of());
  }

  /** Like {@link #start(Path)}, with more settings (environment variable names). */
  static ApiHarness start(Path dir, Map<String, String> overrides) throws Exception {
    ApiHarness harness = new ApiHarness(dir, overrides);
    try {
      harness.fixture();
      return harness;
    } catch (Exception | AssertionError e) {
      harness.close();
      throw e;
    }
  }

  private void fixture() throws Exception {
    // Users: the first admin (its secret from the environment), the others made through the API.
    tokens.put(Role.ADMIN, signIn("admin", TestHub.ADMIN_SECRET));
    for (Role role : List.of(Role.OPERATOR, Role.TECHNICIAN, Role.VILLAGE_STAFF)) {
      String scopes = role == Role.VILLAGE_STAFF ? "[\"" + VILLAGE_A + "\"]" : "[]";
      Answer created =
          json(
              "POST",
              "/api/users",
              Role.ADMIN,
              "{\"name\":\""
                  + nameOf(role)
                  + "\",\"role\":\""
                  + role
                  + "\",\"areaScopes\":"
                  + scopes
                  + ",\"secret\":\""
                  + SECRET
                  + "\"}");
      if (created.status() != 201) {
        throw new IllegalStateException("fixture user " + role + ": " + created.body());
      }
      tokens.put(role, signIn(nameOf(role), SECRET));
    }
    // Terminals: two accepted in village A, one pending; one accepted in village B.
    for (String rc : List.of(RC_A1, RC_A2, RC_A_PENDING, RC_B1)) {
      await(registry.register(Terminal.firstSeen(rc, Instant.now()), "fixture"));
    }
    for (String rc : List.of(RC_A1, RC_A2, RC_B1)) {
      await(registry.accept(rc, "fixture"));
    }
    for (Area area :
        List.of(new Area(COUNTY, "县"), new Area(VILLAGE_A, "张村"), new Area(VILLAGE_B, "李村"))) {
      await(registry.saveArea(area, "fixture"));
    }
    await(
        registry.saveGroup(
            new Group(GROUP, "河边", java.util.Set.of(), java.util.Set.of(RC_A1, RC_B1)), "fixture"));
    // Schedules: one inside the clerk's village, one for the whole county.
    Answer imported =
        send(
            "PUT",
            "/api/schedule-file",
            tokens.get(Role.ADMIN),
            "application/yaml",
            SCHEDULE_FILE.getBytes(StandardCharsets.UTF_8));
    if (imported.status() != 200) {
      throw new IllegalStateException("fixture schedules: " + imported.body());
    }
    commandInScope = send(Targets.ofAreas(VILLAGE_A));
    commandOutOfScope = send(Targets.ofAreas(VILLAGE_B));
    broadcastInScope = broadcast(VILLAGE_A);
    broadcastOutOfScope = broadcast(VILLAGE_B);
    // The CONFIGs and commands are published once, and audited behind the hub's other store
    // writes; then nothing happens until an hour passes. Wait until both hold still.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<Long> previous = List.of();
    List<Long> current = settling();
    while (!current.equals(previous) && System.nanoTime() < deadline) {
      Thread.sleep(300);
      previous = current;
      current = settling();
    }
  }

  /** What the hub still does after the fixture's calls returned: publishing and auditing. */
  private List<Long> settling() throws Exception {
    return List.of(
        framesOut(),
        (long) get("/api/audit?limit=1000", Role.ADMIN).json().getJsonArray("entries").size());
  }

  private String signIn(String name, String secret) throws Exception {
    Answer answer =
        json(
            "POST",
            "/api/session",
            null,
            "{\"name\":\"" + name + "\",\"secret\":\"" + secret + "\"}");
    if (answer.status() != 201) {
      throw new IllegalStateException("sign-in of " + name + ": " + answer.body());
    }
    return answer.json().getString("token");
  }

  private long send(Targets targets) throws Exception {
    return await(
            commands.send(
                new CommandRequest(new Message.StatusQuery(), targets, Duration.ofHours(1), "{}"),
                "operator"))
        .id();
  }

  /** A broadcast of half a second of silence, returned once it is over. */
  private long broadcast(String village) throws Exception {
    BroadcastService broadcasts = testHub.app().broadcasts();
    long id =
        await(
                broadcasts.start(
                    new BroadcastRequest(
                        "fixture",
                        new ProgrammeSpec(
                            List.of(),
                            List.of(new ProgrammeItem.Silence(Duration.ofMillis(500))),
                            false,
                            null),
                        Targets.ofAreas(village),
                        Priority.NOTICE,
                        AlertClass.DAILY,
                        0,
                        null,
                        null,
                        Message.Play.KEEP_VOLUME,
                        "fixture"),
                    "operator"))
            .id();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (broadcasts.find(id).map(b -> !b.state().isFinal()).orElse(true)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("fixture broadcast " + id + " did not end");
      }
      Thread.sleep(100);
    }
    return id;
  }

  static String nameOf(Role role) {
    return switch (role) {
      case ADMIN -> "admin";
      case OPERATOR -> "operator";
      case TECHNICIAN -> "technician";
      case VILLAGE_STAFF -> "clerk";
    };
  }

  // ---------------------------------------------------------------- requests

  /** An answer: status, headers and body text. */
  record Answer(int status, java.net.http.HttpHeaders headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + testHub.app().httpPort() + pathAndQuery);
  }

  /**
   * Sends a request. {@code token} null: no Authorization header. {@code body} null: none; with a
   * body, {@code contentType} is sent (null: none).
   */
  Answer send(String method, String pathAndQuery, String token, String contentType, byte[] body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null && contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException staleConnection) {
      // The server closes the connection after refusing a body it did not read; the client may
      // have picked that pooled connection for this request before it saw the close (once in CI
      // the pool held two such). Nothing came back, so sending once more on a connection of its
      // own is safe: a new client has no pool to pick from.
      // Twice more at most: under load the fresh connection has once met the same fate (the
      // refusal's close overtaking the body still being sent).
      response = null;
      for (int attempt = 0; response == null; attempt++) {
        HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
          response = fresh.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException again) {
          if (attempt == 1) {
            throw again;
          }
          Thread.sleep(100);
        }
      }
    }
    return new Answer(response.statusCode(), response.headers(), response.body());
  }

  Answer json(String method, String pathAndQuery, Role role, String json) throws Exception {
    return send(
        method,
        pathAndQuery,
        role == null ? null : tokens.get(role),
        "application/json",
        json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  Answer get(String pathAndQuery, Role role) throws Exception {
    return json("GET", pathAndQuery, role, null);
  }

  // ---------------------------------------------------------------- what a request could change

  /** Everything an API request could store or send, to compare before and after. */
  record Snapshot(
      Object terminals,
      Object areas,
      Object groups,
      Object commands,
      String users,
      int auditEntries,
      long framesOut,
      Object broadcasts,
      Object programmes,
      String clips,
      List<String> clipFiles,
      String schedules) {}

  Snapshot snapshot() throws Exception {
    return new Snapshot(
        // Identity, approval and details: what requests change (status and alarms follow time).
        await(registry.terminals(Scope.all())).stream().map(TerminalView::terminal).toList(),
        await(registry.areas()),
        await(registry.groups()),
        await(commands.recent(1000)),
        get("/api/users", Role.ADMIN).body(),
        get("/api/audit?limit=1000", Role.ADMIN).json().getJsonArray("entries").size(),
        framesOut(),
        await(testHub.app().broadcasts().recent(1000)),
        get("/api/programmes", Role.ADMIN).body(),
        get("/api/clips", Role.ADMIN).body(),
        clipFiles(),
        get("/api/schedules", Role.ADMIN).body());
  }

  /** The files in the clip library's directory, temporary ones included. */
  List<String> clipFiles() throws java.io.IOException {
    try (java.util.stream.Stream<Path> files =
        java.nio.file.Files.list(testHub.app().clips().directory())) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  /** Frames the hub link has published, from /metrics. */
  long framesOut() throws Exception {
    String metrics = get("/metrics", null).body();
    Matcher m = FRAMES_OUT.matcher(metrics);
    if (!m.find()) {
      throw new IllegalStateException("villagecast_link_frames_out_total is not in /metrics");
    }
    return (long) Double.parseDouble(m.group(1));
  }

  // ---------------------------------------------------------------- plumbing

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    testHub.close();
  }
}
