package org.villagecast.controller.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The endpoints for machines that watch the hub, outside {@code /api} and without sign-in (the hub
 * binds to loopback unless configured otherwise; put them behind the same network rules as the
 * broker): {@code /health} (the process answers), {@code /ready} (it can do its work: 503 naming
 * the parts that cannot) and {@code /metrics} (Prometheus text format).
 */
public final class OpsEndpoints {
  /** The Prometheus text exposition format the registry writes. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private OpsEndpoints() {}

  public static void mount(Router router, Readiness readiness, PrometheusMeterRegistry metrics) {
    router.route(HttpMethod.GET, "/health").handler(ctx -> json(ctx, 200, up()));
    router.route(HttpMethod.GET, "/ready").handler(ctx -> ready(ctx, readiness));
    router
        .route(HttpMethod.GET, "/metrics")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TEXT)
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(metrics.scrape()));
  }

  private static JsonObject up() {
    return new JsonObject().put("status", "UP");
  }

  private static void ready(RoutingContext ctx, Readiness readiness) {
    readiness
        .check()
        .onComplete(
            done -> {
              Readiness.Report report = done.result();
              JsonObject checks = new JsonObject();
              report.checks().forEach(checks::put);
              JsonObject body =
                  new JsonObject()
                      .put("status", report.ready() ? "READY" : "NOT_READY")
                      .put("checks", checks);
              if (!report.ready()) {
                body.put("notReady", new JsonArray(List.copyOf(report.notReady())));
              }
              json(ctx, report.ready() ? 200 : 503, body);
            });
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.encode());
  }
}
