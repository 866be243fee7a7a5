package org.villagecast.controller.api;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.audio.ogg.OggOpusWriter;
import org.villagecast.controller.audio.opus.OpusPacket;
import org.villagecast.controller.audio.opus.OpusStreamEncoder;
import org.villagecast.controller.auth.User;
import org.villagecast.controller.broadcast.Broadcast;
import org.villagecast.controller.broadcast.BroadcastJson;
import org.villagecast.controller.broadcast.BroadcastRecord;
import org.villagecast.controller.broadcast.BroadcastRequest;
import org.villagecast.controller.broadcast.BroadcastService;
import org.villagecast.controller.broadcast.ProgrammeJson;
import org.villagecast.controller.broadcast.ProgrammeSpec;
import org.villagecast.controller.broadcast.StoredProgramme;
import org.villagecast.controller.broadcast.StoredProgrammes;
import org.villagecast.controller.delivery.Targets;
import org.villagecast.protocol.codec.AlertClass;
import org.villagecast.protocol.codec.Message;
import org.villagecast.schedules.Priority;

/**
 * Broadcasts and stored programmes: start, list, stop, listen back; and the programmes schedules
 * refer to.
 *
 * <p>The listen-back stream ({@code GET /api/broadcasts/{id}/listen}) is Ogg/Opus, the same packets
 * the terminals get, from the moment the listener joins until the broadcast ends: a browser's
 * {@code <audio>}, ffplay and VLC play it. A listener that cannot keep up is disconnected rather
 * than buffered without bound.
 */
final class BroadcastEndpoints {
  private static final Logger LOG = LoggerFactory.getLogger(BroadcastEndpoints.class);
  private static final Set<String> FIELDS =
      Set.of("title", "programme", "targets", "priority", "startAt", "windowSeconds", "volume");
  private static final Set<String> PROGRAMME_FIELDS = Set.of("name", "programme");
  private static final int MAX_TARGETS = 1000;
  private static final long MAX_WINDOW_SECONDS = 24 * 3600;

  private final BroadcastService broadcasts;
  private final StoredProgrammes programmes;
  private final Clock clock;

  BroadcastEndpoints(BroadcastService broadcasts, StoredProgrammes programmes, Clock clock) {
    this.broadcasts = broadcasts;
    this.programmes = programmes;
    this.clock = clock;
  }

  void register(ApiRoutes routes) {
    routes.post("/broadcasts").json().as(Permissions.Action.BROADCAST).to(this::start);
    routes.get("/broadcasts").query("limit").as(Permissions.Action.READ).to(this::list);
    routes.get("/broadcasts/:id").as(Permissions.Action.READ).to(this::one);
    routes.post("/broadcasts/:id/stop").as(Permissions.Action.BROADCAST).to(this::stop);
    routes.get("/broadcasts/:id/listen").as(Permissions.Action.READ).stream(this::listen);
    routes.get("/programmes").as(Permissions.Action.READ).to(this::programmes);
    routes
        .put("/programmes/:id")
        .json()
        .as(Permissions.Action.EDIT_PROGRAMMES)
        .to(this::saveProgramme);
    routes
        .delete("/programmes/:id")
        .as(Permissions.Action.EDIT_PROGRAMMES)
        .to(this::deleteProgramme);
  }

  // ---------------------------------------------------------------- broadcasts

  private Future<Reply> start(Call call) {
    BroadcastRequest request = request(call.body(), call.user());
    return broadcasts
        .start(request, call.actor())
        .map(b -> Reply.created(new JsonObject().put("broadcast", view(b))));
  }

  /** Reads and checks a POST /api/broadcasts body. */
  static BroadcastRequest request(JsonObject body, User user) {
    JsonFields fields = JsonFields.of(body, FIELDS);
    String title = fields.text("title", HttpApi.MAX_NAME);
    Object programmeJson = body.getValue("programme");
    if (!(programmeJson instanceof JsonObject programme)) {
      throw ClientError.badRequest("'programme' is required (an object)");
    }
    ProgrammeSpec spec = ProgrammeJson.read(programme, "programme");
    JsonFields target = fields.object("targets", Set.of("areas", "groups", "terminals"));
    Targets targets =
        new Targets(
            target.codes("areas", MAX_TARGETS, Ids::isAreaPrefix, Ids.AREA_RULE),
            target.integers("groups", MAX_TARGETS, 1, Ids.MAX_GROUP),
            target.codes("terminals", MAX_TARGETS, Ids::isResourceCode, Ids.RESOURCE_CODE_RULE));
    if (targets.isEmpty()) {
      throw ClientError.badRequest(
          "'targets' must name at least one of 'areas', 'groups' or 'terminals'");
    }
    Permissions.checkTargets(user, targets);
    Priority priority = priority(fields);
    Permissions.checkBroadcastPriority(user, priority);
    Instant startAt = fields.optionalInstant("startAt").orElse(null);
    Duration window =
        fields.has("windowSeconds")
            ? Duration.ofSeconds(fields.integer("windowSeconds", 1, MAX_WINDOW_SECONDS))
            : null;
    if (spec.live() != null && window == null) {
      throw ClientError.badRequest(
          "'windowSeconds' is required for a live relay: how long it may play at most");
    }
    int volume = (int) fields.integer("volume", 0, 100, Message.Play.KEEP_VOLUME);
    return new BroadcastRequest(
        title, spec, targets, priority, AlertClass.DAILY, 0, startAt, window, volume, "operator");
  }

  private static Priority priority(JsonFields fields) {
    Optional<String> name = fields.optionalText("priority", 40);
    if (name.isEmpty()) {
      return Priority.NOTICE;
    }
    return Priority.fromFileName(name.get())
        .filter(p -> p == Priority.NOTICE || p == Priority.BACKGROUND || p == Priority.LIVE_RELAY)
        .orElseThrow(
            () ->
                ClientError.badRequest(
                    "'priority' must be notice, background or live-relay (alerts are sent as"
                        + " alerts)"));
  }

  private Future<Reply> list(Call call) {
    int limit = call.limit("limit", 50, 500);
    return broadcasts
        .recent(limit)
        .map(
            records -> {
              List<JsonObject> shown =
                  records.stream()
                      .filter(r -> visible(call.user(), r))
                      .map(r -> current(r))
                      .toList();
              return Reply.ok(
                  new JsonObject().put("broadcasts", JsonViews.array(shown, json -> json)));
            });
  }

  private Future<Reply> one(Call call) {
    return visibleRecord(call).map(r -> Reply.ok(new JsonObject().put("broadcast", current(r))));
  }

  private Future<Reply> stop(Call call) {
    return visibleRecord(call)
        .compose(r -> broadcasts.stop(r.id(), call.actor()))
        .map(b -> Reply.ok(new JsonObject().put("broadcast", view(b))));
  }

  /** The broadcast of the path's id: NOT_FOUND, or FORBIDDEN when the user may not see it. */
  private Future<BroadcastRecord> visibleRecord(Call call) {
    long id = Ids.commandId("id", call.pathParam("id"));
    return broadcasts
        .record(id)
        .map(
            found -> {
              BroadcastRecord r =
                  found.orElseThrow(() -> ClientError.notFound("no broadcast " + id));
              if (!visible(call.user(), r)) {
                throw ClientError.forbidden("broadcast " + id + " reaches outside your areas");
              }
              return r;
            });
  }

  /** Whether a scoped user may see a broadcast: all its targets inside their areas. */
  private static boolean visible(User user, BroadcastRecord r) {
    JsonObject targets = new JsonObject(r.request()).getJsonObject("targets");
    Targets t =
        new Targets(
            targets.getJsonArray("areas").getList(),
            targets.getJsonArray("groups").getList(),
            targets.getJsonArray("terminals").getList());
    try {
      Permissions.checkTargets(user, t);
      return true;
    } catch (ClientError outside) {
      return false;
    }
  }

  /** The record, with the state in memory where the broadcast is still known there. */
  private JsonObject current(BroadcastRecord r) {
    JsonObject json =
        new JsonObject()
            .put("id", r.id())
            .put("streamId", r.streamId())
            .put("title", r.title())
            .put("origin", r.origin())
            .put("priority", r.priority().fileName())
            .put("request", new JsonObject(r.request()))
            .put("requestedBy", r.requestedBy())
            .put("createdAt", r.createdAt().toString())
            .put("startAt", r.startAt().toString())
            .put("endedAt", r.endedAt() == null ? null : r.endedAt().toString())
            .put("state", r.state().name())
            .put("detail", r.detail());
    broadcasts
        .find(r.id())
        .ifPresent(b -> json.put("state", b.state().name()).put("detail", b.detail()));
    return json;
  }

  static JsonObject view(Broadcast b) {
    return new JsonObject()
        .put("id", b.id())
        .put("streamId", b.streamId())
        .put("title", b.request().title())
        .put("priority", b.request().priority().fileName())
        .put("request", BroadcastJson.write(b.request()))
        .put("startAt", b.startAt().toString())
        .put("state", b.state().name())
        .put("detail", b.detail())
        .put("listen", ApiRoutes.PREFIX + "/broadcasts/" + b.id() + "/listen");
  }

  // ---------------------------------------------------------------- listen back

  private void listen(Call call) {
    Context context = Vertx.currentContext();
    Future<BroadcastRecord> found;
    try {
      found = visibleRecord(call);
    } catch (ClientError e) {
      call.context().fail(e);
      return;
    }
    found.onComplete(
        done ->
            context.runOnContext(
                v -> {
                  if (done.failed()) {
                    call.context().fail(done.cause());
                  } else {
                    startListening(call, call.context().response(), context, done.result().id());
                  }
                }));
  }

  private void startListening(
      Call call, HttpServerResponse response, Context context, long broadcastId) {
    OggListener listener = new OggListener(response, context, broadcastId);
    Optional<Integer> preSkip = broadcasts.listen(broadcastId, listener);
    if (preSkip.isEmpty()) {
      call.context()
          .fail(ClientError.conflict("broadcast " + broadcastId + " is not playing any more"));
      return;
    }
    response
        .setChunked(true)
        .putHeader("Content-Type", OggOpusWriter.CONTENT_TYPE)
        .putHeader("Cache-Control", "no-store");
    response.closeHandler(v -> broadcasts.stopListening(broadcastId, listener));
    listener.begin(preSkip.get());
  }

  /**
   * One HTTP listener: Ogg pages made on the pacing thread, written on the request's context. A
   * listener whose connection falls a full write queue behind (Vert.x's bound, many seconds of
   * audio) is cut off.
   */
  private final class OggListener implements org.villagecast.controller.broadcast.StreamTap {
    private final HttpServerResponse response;
    private final Context context;
    private final long broadcastId;
    private final ByteArrayOutputStream pages = new ByteArrayOutputStream();
    private OggOpusWriter writer;
    private long packets;
    private int preSkip;
    private volatile boolean closed;

    OggListener(HttpServerResponse response, Context context, long broadcastId) {
      this.response = response;
      this.context = context;
      this.broadcastId = broadcastId;
    }

    synchronized void begin(int preSkip) {
      this.preSkip = preSkip;
      try {
        writer =
            new OggOpusWriter(
                pages,
                (int) broadcastId,
                preSkip,
                "villagecast",
                List.of("TITLE=broadcast " + broadcastId),
                OggOpusWriter.DEFAULT_PACKETS_PER_PAGE);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      flush(false);
    }

    @Override
    public synchronized void packet(OpusPacket packet) {
      if (writer == null || closed) {
        return;
      }
      try {
        writer.writePacket(packet.data(), OpusStreamEncoder.FRAME_SAMPLES);
        packets++;
      } catch (IOException e) {
        closed = true;
      }
      flush(false);
    }

    @Override
    public synchronized void ended() {
      if (writer != null && !closed) {
        try {
          writer.finish(Math.max(0, packets * OpusStreamEncoder.FRAME_SAMPLES - preSkip));
        } catch (IOException e) {
          LOG.debug("listen-back of broadcast {}: {}", broadcastId, e.toString());
        }
      }
      flush(true);
    }

    private void flush(boolean end) {
      if (pages.size() == 0 && !end) {
        return;
      }
      Buffer chunk = Buffer.buffer(pages.toByteArray());
      pages.reset();
      context.runOnContext(
          v -> {
            if (closed && !end) {
              return;
            }
            if (response.ended() || response.closed()) {
              return;
            }
            if (chunk.length() > 0) {
              response.write(chunk);
            }
            if (end) {
              response.end();
            } else if (response.writeQueueFull()) {
              closed = true;
              LOG.info("listen-back of broadcast {}: listener too slow, disconnected", broadcastId);
              response.reset();
            }
          });
    }
  }

  // ---------------------------------------------------------------- programmes

  private Future<Reply> programmes(Call call) {
    return Future.succeededFuture(
        Reply.ok(
            new JsonObject()
                .put("programmes", JsonViews.array(programmes.all(), BroadcastEndpoints::view))));
  }

  private static String programmeId(Call call) {
    String id = call.pathParam("id");
    if (!StoredProgramme.isValidId(id)) {
      throw ClientError.badRequest(
          "'id' must be 1-100 letters, digits, '.', '-' or '_', was '" + JsonFields.echo(id) + "'");
    }
    return id;
  }

  private Future<Reply> saveProgramme(Call call) {
    String id = programmeId(call);
    JsonFields fields = JsonFields.of(call.body(), PROGRAMME_FIELDS);
    String name = fields.optionalText("name", HttpApi.MAX_NAME).orElse("");
    Object spec = call.body().getValue("programme");
    if (!(spec instanceof JsonObject json)) {
      throw ClientError.badRequest("'programme' is required (an object)");
    }
    StoredProgramme programme =
        new StoredProgramme(
            id, name, ProgrammeJson.read(json, "programme"), call.actor(), clock.instant());
    return programmes.save(programme).map(saved -> Reply.ok(view(saved)));
  }

  private Future<Reply> deleteProgramme(Call call) {
    String id = programmeId(call);
    return programmes.delete(id, call.actor()).map(v -> Reply.noContent());
  }

  private static JsonObject view(StoredProgramme p) {
    return new JsonObject()
        .put("id", p.id())
        .put("name", p.name())
        .put("programme", ProgrammeJson.write(p.spec()))
        .put("updatedBy", p.updatedBy())
        .put("updatedAt", p.updatedAt().toString());
  }
}
