package org.villagecast.controller.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.villagecast.controller.HubEvents;
import org.villagecast.controller.auth.AuthService;
import org.villagecast.controller.auth.PasswordHasher;
import org.villagecast.controller.auth.Role;
import org.villagecast.controller.auth.User;
import org.villagecast.controller.ops.HubMetrics;
import org.villagecast.controller.ops.Readiness;
import org.villagecast.controller.store.AuditRepository;
import org.villagecast.controller.store.Database;
import org.villagecast.controller.store.UserRepository;

/**
 * The API router on a real Vert.x server with only the parts that sign-in, the event stream and the
 * audit log need (real AuthService and AuditLog on H2, a real {@link HubEvents} the test announces
 * on), for what the whole hub cannot be made to do on cue: heartbeats every 200 ms, a chosen event,
 * a store that fails. The registry and command service are absent: a request that reached them
 * would fail the test with a 500.
 */
final class LightApi implements AutoCloseable {
  static final String SECRET = "a long enough secret";
  static final String VILLAGE_A = ApiHarness.VILLAGE_A;

  final PrometheusMeterRegistry metrics = HubMetrics.newRegistry();
  final Vertx vertx = HubMetrics.vertxBuilder(new VertxOptions(), metrics).build();
  final HubEvents events = new HubEvents();
  final Database db;
  final HttpServer server;
  final Map<Role, String> tokens = new EnumMap<>(Role.class);
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  LightApi(Path dir, Duration heartbeat) throws Exception {
    this(dir, heartbeat, database -> null);
  }

  /** With audio endpoints made from the database by {@code audio} (null: none). */
  LightApi(Path dir, Duration heartbeat, Function<Database, AudioServices> audio) throws Exception {
    db = Database.open(Database.h2FileUrl(dir.resolve("hub")), "hub", "test-secret");
    Clock clock = Clock.systemUTC();
    UserRepository users = new UserRepository(db);
    AuthService auth = new AuthService(vertx, users, clock, Duration.ofHours(1));
    String hash = new PasswordHasher().hash(SECRET);
    for (Role role : Role.values()) {
      Set<String> scopes = role == Role.VILLAGE_STAFF ? Set.of(VILLAGE_A) : Set.of();
      String name = ApiHarness.nameOf(role);
      users.insert(new User(name, role, scopes, hash, Instant.now()));
      tokens.put(role, await(auth.login(name, SECRET, "127.0.0.1")).token());
    }
    HttpApi.Services services =
        new HttpApi.Services(
            null,
            null,
            events,
            auth,
            new AuditLog(vertx, new AuditRepository(db), clock),
            new Readiness(vertx, Duration.ofSeconds(1)),
            metrics,
            audio.apply(db),
            null,
            null,
            clock,
            null);
    server =
        await(
            vertx
                .createHttpServer()
                .requestHandler(HttpApi.router(vertx, services, heartbeat))
                .listen(0, "127.0.0.1"));
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.actualPort() + path);
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    try {
      await(vertx.close());
    } finally {
      db.close();
    }
  }
}
