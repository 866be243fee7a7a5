package org.villagecast.controller.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** /health, /ready and /metrics on a real Vert.x server with Micrometer metrics. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OpsEndpointsTest {
  private final PrometheusMeterRegistry metrics = HubMetrics.newRegistry();
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicBoolean brokerUp = new AtomicBoolean(true);
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    vertx = HubMetrics.vertxBuilder(new VertxOptions(), metrics).build();
    Readiness readiness =
        new Readiness(vertx, Duration.ofMillis(300))
            .add("store", Readiness.blocking(vertx, () -> true))
            .add("broker", () -> Future.succeededFuture(brokerUp.get()));
    Router router = Router.router(vertx);
    OpsEndpoints.mount(router, readiness, metrics);
    server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Verifies that /health answers 200 UP. */
  @Test
  void health_up() throws Exception {
    HttpResponse<String> response = get("/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).getString("status")).isEqualTo("UP");
  }

  /** Verifies that /ready is 200 when every part is ready and 503 naming the part that is not. */
  @Test
  void ready_namesWhatIsNotReady() throws Exception {
    // WHEN everything is up THEN 200 READY with each check
    HttpResponse<String> ready = get("/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(ready.body()).getJsonObject("checks").getMap())
        .containsEntry("store", true)
        .containsEntry("broker", true);

    // WHEN the broker is down THEN 503 naming it
    brokerUp.set(false);
    HttpResponse<String> notReady = get("/ready");
    assertThat(notReady.statusCode()).isEqualTo(503);
    JsonObject body = new JsonObject(notReady.body());
    assertThat(body.getString("status")).isEqualTo("NOT_READY");
    assertThat(body.getJsonArray("notReady").getList()).containsExactly("broker");
  }

  /** Verifies that checks that fail, throw or never answer count as not ready, each named. */
  @Test
  void readiness_failingThrowingSilentChecks() throws Exception {
    // GIVEN four checks: fine, failing future, throwing, never completing
    Readiness readiness =
        new Readiness(vertx, Duration.ofMillis(200))
            .add("fine", () -> Future.succeededFuture(true))
            .add("failing", () -> Future.failedFuture("connection refused"))
            .add(
                "throwing",
                () -> {
                  throw new IllegalStateException("boom");
                })
            .add("silent", () -> Promise.<Boolean>promise().future());

    // WHEN checked
    Readiness.Report report = await(readiness.check());

    // THEN only "fine" is ready, the others are named
    assertThat(report.ready()).isFalse();
    assertThat(report.notReady()).containsExactly("failing", "throwing", "silent");
    assertThat(report.checks()).containsEntry("fine", true);
  }

  /** Verifies that /metrics is Prometheus text with Vert.x HTTP and JVM metrics. */
  @Test
  void metrics_prometheusText() throws Exception {
    // GIVEN a request the HTTP metrics count
    get("/health");

    // WHEN the metrics are scraped
    HttpResponse<String> response = get("/metrics");

    // THEN text format 0.0.4 with HTTP server requests (by route) and JVM heap
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
    assertThat(response.body())
        .contains("vertx_http_server_requests_total")
        .contains("route=\"/health\"")
        .contains("jvm_memory_used_bytes");
  }
}
