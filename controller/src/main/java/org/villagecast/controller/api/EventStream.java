package org.villagecast.controller.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.controller.HubEvents;
import org.villagecast.controller.auth.User;
import org.villagecast.controller.delivery.CommandReport;
import org.villagecast.controller.registry.Alarm;
import org.villagecast.controller.registry.TerminalView;

/**
 * {@code GET /api/events}: Server-Sent Events of terminal, alarm and command changes that the user
 * may see, a comment line every heartbeat period so proxies keep the connection open, and the
 * listeners removed when the client goes away.
 *
 * <p>A client that cannot keep up (the connection's write queue is full) is disconnected rather
 * than buffered without bound; it reconnects and reloads the lists, which is also what it must do
 * after any gap.
 */
final class EventStream {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

  private final Vertx vertx;
  private final HubEvents events;
  private final Duration heartbeat;
  private final AtomicInteger open = new AtomicInteger();

  EventStream(Vertx vertx, HubEvents events, Duration heartbeat) {
    this.vertx = vertx;
    this.events = events;
    this.heartbeat = heartbeat;
  }

  /** How many streams are open now (a gauge in /metrics). */
  int open() {
    return open.get();
  }

  void start(RoutingContext ctx, User user) {
    HttpServerResponse response = ctx.response();
    response
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("X-Accel-Buffering", "no");
    // Listen first, then send the first bytes: a client that sees the stream open must not miss
    // an event that happens after that (one that comes in between is sent before those bytes).
    Subscription subscription = new Subscription(response, user);
    subscription.send("retry: 5000\n: villagecast events for " + user.name() + "\n\n");
    response.closeHandler(v -> subscription.close("client closed"));
    response.exceptionHandler(e -> subscription.close("connection error: " + e));
    if (response.closed()) {
      subscription.close("client closed");
    }
  }

  private final class Subscription {
    private final HttpServerResponse response;
    private final User user;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Runnable> unsubscribe;
    private final long timer;

    Subscription(HttpServerResponse response, User user) {
      this.response = response;
      this.user = user;
      open.incrementAndGet();
      unsubscribe =
          List.of(
              events.onTerminal(view -> guarded(() -> terminal(view))),
              events.onAlarm(alarm -> guarded(() -> alarm(alarm))),
              events.onCommand(report -> guarded(() -> command(report))));
      timer = vertx.setPeriodic(heartbeat.toMillis(), id -> send(": heartbeat\n\n"));
    }

    /** A listener runs on the hub's context: a failure here must not reach the hub. */
    private void guarded(Runnable listener) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.warn("Event for the stream of user {} dropped: {}", user.name(), e.toString());
      }
    }

    private void terminal(TerminalView view) {
      if (Permissions.sees(user, view.terminal().areaCode())) {
        event("terminal", JsonViews.terminal(view));
      }
    }

    private void alarm(Alarm alarm) {
      if (Permissions.seesTerminal(user, alarm.resourceCode())) {
        event("alarm", JsonViews.alarm(alarm));
      }
    }

    private void command(CommandReport progress) {
      if (Permissions.seesCommand(user, progress.command())) {
        event("command", JsonViews.report(progress));
      }
    }

    private void event(String name, JsonObject data) {
      // Encoded JSON has no raw line breaks, so one data line holds the whole event.
      send("event: " + name + "\ndata: " + data.encode() + "\n\n");
    }

    private void send(String text) {
      if (closed.get()) {
        return;
      }
      if (response.writeQueueFull()) {
        LOG.info(
            "Event stream of user {} closed: the client does not keep up; it should reconnect",
            user.name());
        close("slow client");
        try {
          response.end();
        } catch (IllegalStateException endedMeanwhile) {
          // already closed: nothing to end
        }
        return;
      }
      try {
        response.write(text);
      } catch (IllegalStateException endedMeanwhile) {
        // The connection closed between the check and the write (events arrive on other
        // threads): never let it reach HubEvents, whose other listeners must still run.
        close("closed during a write");
      }
    }

    void close(String why) {
      if (closed.compareAndSet(false, true)) {
        LOG.debug("Event stream of user {} ended: {}", user.name(), why);
        unsubscribe.forEach(Runnable::run);
        vertx.cancelTimer(timer);
        open.decrementAndGet();
      }
    }
  }
}
