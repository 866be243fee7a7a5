package org.villagecast.controller.ops;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

/**
 * Prometheus metrics for the hub: one registry shared by Vert.x (HTTP server, event bus, pools),
 * the JVM (heap, GC, threads) and the hub's own meters, scraped at {@code GET /metrics}.
 *
 * <p>Vert.x 5 takes the registry through its builder:
 *
 * <pre>{@code
 * PrometheusMeterRegistry metrics = HubMetrics.newRegistry();
 * Vertx vertx = HubMetrics.vertxBuilder(new VertxOptions(), metrics).build();
 * }</pre>
 */
public final class HubMetrics {
  private HubMetrics() {}

  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /**
   * The options with Micrometer metrics switched on: JVM metrics, and HTTP metrics labelled by
   * method, status and route (the route pattern, never the raw path, so resource codes do not
   * explode the number of series).
   */
  static VertxOptions vertxOptions(VertxOptions options) {
    return options.setMetricsOptions(
        new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            .setLabels(java.util.EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE)));
  }

  /**
   * A Vert.x builder whose metrics go to {@code registry}. (Vert.x 5 options cannot carry a
   * registry: {@code Vertx.vertx(options)} alone would meter into a registry nobody scrapes.)
   */
  public static VertxBuilder vertxBuilder(VertxOptions options, PrometheusMeterRegistry registry) {
    return Vertx.builder()
        .with(vertxOptions(options))
        .withMetrics(new MicrometerMetricsFactory(registry));
  }
}
