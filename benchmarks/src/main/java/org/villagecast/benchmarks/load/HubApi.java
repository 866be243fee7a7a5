package org.villagecast.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The parts of the hub's REST API the load driver uses, over {@code java.net.http}: sign in, list
 * and accept terminals, send a command, read its report, start and read broadcasts, read {@code
 * /metrics}. Every call fails with an {@link IllegalStateException} carrying the status and body
 * when the hub refuses it.
 */
final class HubApi {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final URI base;
  private final HttpClient http;
  private String token;

  HubApi(URI base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** POST /api/session; keeps the token for the calls that follow. */
  void signIn(String name, String secret) throws IOException, InterruptedException {
    String body =
        "{\"name\":" + quote(name) + ",\"secret\":" + quote(secret) + "}"; // no JSON library
    Map<String, Object> session = Json.object(send(post("/api/session", body), 201));
    token = (String) session.get("token");
  }

  /** A terminal as GET /api/terminals lists it (the fields the driver needs). */
  record TerminalRow(String resourceCode, String approval, boolean online, int heartbeatSeconds) {}

  /** GET /api/terminals with optional query, e.g. "approval=PENDING". */
  List<TerminalRow> terminals(String query) throws IOException, InterruptedException {
    String path = "/api/terminals" + (query == null || query.isEmpty() ? "" : "?" + query);
    Map<String, Object> answer = Json.object(send(get(path), 200));
    List<TerminalRow> rows = new ArrayList<>();
    for (Object item : (List<?>) answer.get("terminals")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> t = (Map<String, Object>) item;
      rows.add(
          new TerminalRow(
              (String) t.get("resourceCode"),
              (String) t.get("approval"),
              Boolean.TRUE.equals(t.get("online")),
              t.get("heartbeatSeconds") instanceof Number n ? n.intValue() : 0));
    }
    return rows;
  }

  /** POST /api/terminals/{rc}/accept, asynchronously; completes with the HTTP status. */
  CompletableFuture<Integer> acceptAsync(String resourceCode) {
    HttpRequest request = post("/api/terminals/" + resourceCode + "/accept", "");
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(HttpResponse::statusCode);
  }

  /** POST /api/commands; returns the new command's id (202 expected). */
  long sendCommand(String json) throws IOException, InterruptedException {
    Map<String, Object> answer = Json.object(send(post("/api/commands", json), 202));
    return ((Number) Json.at(answer, "command", "id")).longValue();
  }

  /** One delivery of a command report. */
  record DeliveryRow(
      String resourceCode, String state, int attempts, Instant sentAt, Instant acknowledgedAt) {}

  /** A command report: counts per state and every delivery. */
  record Report(Map<String, Object> counts, List<DeliveryRow> deliveries) {
    long count(String state) {
      Object n = counts.get(state);
      return n == null ? 0 : ((Number) n).longValue();
    }

    /** No delivery waits any more (SENT, ACKNOWLEDGED or PLAYING). */
    boolean allFinal() {
      return count("SENT") == 0 && count("ACKNOWLEDGED") == 0 && count("PLAYING") == 0;
    }
  }

  /** GET /api/commands/{id}. */
  Report report(long commandId) throws IOException, InterruptedException {
    Map<String, Object> answer = Json.object(send(get("/api/commands/" + commandId), 200));
    @SuppressWarnings("unchecked")
    Map<String, Object> counts = (Map<String, Object>) answer.get("counts");
    List<DeliveryRow> rows = new ArrayList<>();
    for (Object item : (List<?>) answer.get("deliveries")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> d = (Map<String, Object>) item;
      rows.add(
          new DeliveryRow(
              (String) d.get("resourceCode"),
              (String) d.get("state"),
              ((Number) d.get("attempts")).intValue(),
              instant(d.get("sentAt")),
              instant(d.get("acknowledgedAt"))));
    }
    return new Report(counts, rows);
  }

  /**
   * POST /api/broadcasts; returns the broadcast as the hub answered it (201 expected). The hub
   * answers once the programme is rendered, which under load takes minutes: hence the timeout.
   */
  Map<String, Object> startBroadcast(String json, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest request =
        authorised(HttpRequest.newBuilder(base.resolve("/api/broadcasts")))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    Map<String, Object> answer = Json.object(send(request, 201));
    @SuppressWarnings("unchecked")
    Map<String, Object> broadcast = (Map<String, Object>) answer.get("broadcast");
    return broadcast;
  }

  /** GET /api/broadcasts/{id}: the broadcast (state, detail, startAt, ...). */
  Map<String, Object> broadcast(long id) throws IOException, InterruptedException {
    Map<String, Object> answer = Json.object(send(get("/api/broadcasts/" + id), 200));
    @SuppressWarnings("unchecked")
    Map<String, Object> broadcast = (Map<String, Object>) answer.get("broadcast");
    return broadcast;
  }

  /** One delivery of a PLAY with its detail ("COMPLETED, 12 frames missed"). */
  record PlayDelivery(String resourceCode, String state, String detail) {}

  /** GET /api/commands/{id}: every delivery's state and detail. */
  List<PlayDelivery> playDeliveries(long commandId) throws IOException, InterruptedException {
    Map<String, Object> answer = Json.object(send(get("/api/commands/" + commandId), 200));
    List<PlayDelivery> rows = new ArrayList<>();
    for (Object item : (List<?>) answer.get("deliveries")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> d = (Map<String, Object>) item;
      rows.add(
          new PlayDelivery(
              (String) d.get("resourceCode"), (String) d.get("state"), (String) d.get("detail")));
    }
    return rows;
  }

  /** GET /metrics: the value of the first sample whose line starts with {@code name}. */
  double metric(String name) throws IOException, InterruptedException {
    String text =
        send(HttpRequest.newBuilder(base.resolve("/metrics")).timeout(TIMEOUT).build(), 200);
    for (String line : text.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new IllegalStateException("no metric " + name + " in GET /metrics");
  }

  private static Instant instant(Object value) {
    return value == null ? null : Instant.parse((String) value);
  }

  private HttpRequest get(String path) {
    return authorised(HttpRequest.newBuilder(base.resolve(path))).GET().build();
  }

  private HttpRequest post(String path, String json) {
    return authorised(HttpRequest.newBuilder(base.resolve(path)))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private HttpRequest.Builder authorised(HttpRequest.Builder builder) {
    builder.timeout(TIMEOUT);
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private String send(HttpRequest request, int expected) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(
          request.method()
              + " "
              + request.uri().getPath()
              + " answered "
              + response.statusCode()
              + " (expected "
              + expected
              + "): "
              + Json.abbreviate(response.body()));
    }
    return response.body();
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
