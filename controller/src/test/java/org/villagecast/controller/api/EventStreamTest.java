package org.villagecast.controller.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.villagecast.controller.api.ApiHarness.RC_A1;
import static org.villagecast.controller.api.ApiHarness.RC_B1;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.auth.Role;
import org.villagecast.controller.registry.Alarm;
import org.villagecast.controller.registry.AlarmKind;
import org.villagecast.controller.registry.Terminal;
import org.villagecast.controller.registry.TerminalStatus;
import org.villagecast.controller.registry.TerminalView;

/** GET /api/events: live events filtered by scope, heartbeats, and clean-up on close. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventStreamTest {
  private static final Duration HEARTBEAT = Duration.ofMillis(200);

  @TempDir Path dir;

  private LightApi hub;

  @BeforeEach
  void start() throws Exception {
    hub = new LightApi(dir, HEARTBEAT);
  }

  @AfterEach
  void stop() throws Exception {
    hub.close();
  }

  /** An open event stream: its lines as they arrive. */
  private final class Stream implements AutoCloseable {
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final HttpResponse<InputStream> response;
    private final Thread reader;

    Stream(Role role) throws Exception {
      response =
          hub.http.send(
              HttpRequest.newBuilder(hub.uri("/api/events"))
                  .header("Authorization", "Bearer " + hub.tokens.get(role))
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
      reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                  for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                  }
                } catch (Exception closed) {
                  // the test closed the stream
                }
              },
              "sse-reader");
      reader.setDaemon(true);
      reader.start();
    }

    /** The next "data:" line after an "event: {name}" line, within 5 s, or null. */
    JsonObject next(String name) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      boolean named = false;
      while (System.nanoTime() < deadline) {
        String line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line == null) {
          continue;
        }
        if (line.equals("event: " + name)) {
          named = true;
        } else if (named && line.startsWith("data: ")) {
          return new JsonObject(line.substring(6));
        }
      }
      return null;
    }

    @Override
    public void close() throws Exception {
      response.body().close();
      reader.join(5000);
    }
  }

  private static TerminalView view(String rc) {
    return new TerminalView(
        Terminal.firstSeen(rc, Instant.now()), TerminalStatus.unknown(), Set.of(), List.of());
  }

  private double openStreams() {
    return hub.metrics.get("villagecast.api.event.streams").gauge().value();
  }

  /** Verifies that the stream is SSE, starts at once and sends heartbeat comments. */
  @Test
  void stream_headersAndHeartbeats() throws Exception {
    try (Stream stream = new Stream(Role.OPERATOR)) {
      assertThat(stream.response.statusCode()).isEqualTo(200);
      assertThat(stream.response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));

      // THEN at least two heartbeats within a second (period 200 ms)
      int heartbeats = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (heartbeats < 2 && System.nanoTime() < deadline) {
        String line = stream.lines.poll(100, TimeUnit.MILLISECONDS);
        if (": heartbeat".equals(line)) {
          heartbeats++;
        }
      }
      assertThat(heartbeats).isEqualTo(2);
    }
  }

  /**
   * Verifies that the clerk gets terminal and alarm events of their village and not of the next
   * one, while the operator gets both.
   */
  @Test
  void events_filteredByScope() throws Exception {
    try (Stream clerk = new Stream(Role.VILLAGE_STAFF);
        Stream operator = new Stream(Role.OPERATOR)) {
      // WHEN the hub announces changes in village B, then village A
      hub.events.terminal(view(RC_B1));
      hub.events.alarm(new Alarm(9, RC_B1, AlarmKind.LINE_OPEN, Instant.now(), null, "B"));
      hub.events.terminal(view(RC_A1));
      hub.events.alarm(new Alarm(10, RC_A1, AlarmKind.OFFLINE, Instant.now(), null, "A"));

      // THEN the clerk's first terminal and alarm events are village A's
      assertThat(clerk.next("terminal").getString("resourceCode")).isEqualTo(RC_A1);
      JsonObject alarm = clerk.next("alarm");
      assertThat(alarm.getString("resourceCode")).isEqualTo(RC_A1);
      assertThat(alarm.getString("kind")).isEqualTo("OFFLINE");
      // AND the operator's are village B's, then A's
      assertThat(operator.next("terminal").getString("resourceCode")).isEqualTo(RC_B1);
      assertThat(operator.next("terminal").getString("resourceCode")).isEqualTo(RC_A1);
    }
  }

  /** Verifies that closing the connection removes the stream's listeners and its timer. */
  @Test
  void close_unsubscribes() throws Exception {
    // GIVEN two open streams
    Stream first = new Stream(Role.OPERATOR);
    Stream second = new Stream(Role.TECHNICIAN);
    awaitOpenStreams(2);
    assertThat(openStreams()).isEqualTo(2.0);

    // WHEN both clients go away
    first.close();
    second.close();

    // THEN the server notices and lets go of both
    awaitOpenStreams(0);
    assertThat(openStreams()).isZero();
  }

  private void awaitOpenStreams(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (openStreams() != expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
