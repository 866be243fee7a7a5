package org.villagecast.controller.broadcast;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.controller.Auditor;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.HubContext;
import org.villagecast.controller.HubEvents;
import org.villagecast.controller.WriteQueue;
import org.villagecast.controller.delivery.CommandReport;
import org.villagecast.controller.delivery.CommandRequest;
import org.villagecast.controller.delivery.CommandService;
import org.villagecast.controller.delivery.Delivery;
import org.villagecast.controller.delivery.Targets;
import org.villagecast.controller.store.BroadcastRepository;
import org.villagecast.protocol.codec.AlertClass;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.SourceKind;
import org.villagecast.protocol.security.CommandGuard;
import org.villagecast.schedules.Priority;

/**
 * Plays programmes to targets (DESIGN.md data flow): renders the programme off the event loop,
 * sends one signed PLAY (one publish per area or group, through {@link CommandService}) with the
 * start time and a safety end time, and streams the audio on the broadcast's stream until the
 * programme ends, its window closes, or someone stops it.
 *
 * <p><b>Who owns a terminal.</b> Terminals keep the stronger broadcast themselves: a weaker PLAY is
 * refused BUSY, a stronger one pre-empts (PROTOCOL.md §3.4). The hub's part is to resume: it notes
 * every terminal where a broadcast gave way ({@link Delivery#yieldedToHigherPriority()}), and when
 * any broadcast ends, sends the broadcasts still playing PLAY again on those terminals, which then
 * join their stream where it is by then.
 *
 * <p><b>Restarts.</b> A broadcast's audio lives in this process: after a restart the broadcasts
 * that were playing are recorded as STOPPED ("the hub stopped while it played"); their terminals
 * end the task by themselves when no audio comes.
 *
 * <p>State lives on the hub context; the audio of each broadcast on the pacer's threads.
 */
public final class BroadcastService implements Broadcasts, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BroadcastService.class);
  private static final int RECENT = 200;
  private static final long MAX_STREAM_ID = 0xFFFF_FFFFL;
  private static final int MAX_TITLE_BYTES = 200;

  private final HubContext hub;
  private final Clock clock;
  private final CommandService commands;
  private final ProgrammeRenderer renderer;
  private final AudioPacer pacer;
  private final RenderQueue renders;
  private final AudioOut out;
  private final BroadcastRepository store;
  private final WriteQueue writes;
  private final Auditor audit;
  private final BroadcastConfig config;

  // Hub context only.
  private final Map<Long, Active> active = new HashMap<>();
  private final StreamMeters meters = new StreamMeters();
  private volatile int playing; // active.size(), for other threads (the /metrics gauge)
  private final Map<Long, Active> byCommand = new HashMap<>();
  private final LinkedHashMap<Long, Broadcast> ended = new LinkedHashMap<>();
  private long lastStreamId;
  private volatile List<Long> cutOffAtStart = List.of();

  /** A broadcast whose audio is still going out. */
  private static final class Active {
    Broadcast broadcast;
    final Message.Play play;
    final BroadcastStream stream;
    final Set<String> waiting = new HashSet<>();
    final List<Long> commandIds = new ArrayList<>();
    final AtomicReference<String> liveState;

    Active(
        Broadcast broadcast,
        Message.Play play,
        BroadcastStream stream,
        AtomicReference<String> liveState) {
      this.broadcast = broadcast;
      this.play = play;
      this.stream = stream;
      this.liveState = liveState;
    }

    /** The broadcast, its detail the live source's state while it plays one. */
    Broadcast current() {
      String live = liveState.get();
      return live == null || broadcast.state() != BroadcastState.PLAYING
          ? broadcast
          : withState(broadcast, broadcast.state(), live);
    }
  }

  public BroadcastService(
      HubContext hub,
      Clock clock,
      CommandService commands,
      HubEvents events,
      ProgrammeRenderer renderer,
      AudioOut out,
      BroadcastRepository store,
      WriteQueue writes,
      Auditor audit,
      BroadcastConfig config) {
    this.hub = hub;
    this.clock = clock;
    this.commands = commands;
    this.renderer = renderer;
    this.out = out;
    this.store = store;
    this.writes = writes;
    this.audit = audit;
    this.config = config;
    int cores = Runtime.getRuntime().availableProcessors();
    this.pacer = new AudioPacer(clock, config.audioLead(), cores);
    // Rendering is seconds of CPU per programme: one core short of the machine, so that the paced
    // audio and the rest of the hub always have one.
    this.renders = new RenderQueue(Math.max(1, cores - 1));
    events.onCommand(this::progressed);
  }

  /**
   * Records broadcasts a previous run left playing as stopped, picks up the stream ids, and warms
   * the audio path in the background ({@link AudioWarmUp}).
   */
  public Future<Void> start() {
    hub.blocking(
            () -> {
              long began = System.nanoTime();
              int packets = AudioWarmUp.run(config.opus());
              return packets + " packets in " + (System.nanoTime() - began) / 1_000_000 + " ms";
            })
        .onSuccess(done -> LOG.info("audio path warmed up: {}", done))
        .onFailure(e -> LOG.warn("audio warm-up failed (broadcasts still work): {}", e.toString()));
    return hub.blocking(
            () -> {
              List<Long> interrupted =
                  store.endInterrupted("the hub stopped while it played", clock.instant());
              if (!interrupted.isEmpty()) {
                LOG.warn(
                    "broadcasts {} were playing when the hub last stopped; recorded as STOPPED",
                    interrupted);
              }
              cutOffAtStart = List.copyOf(interrupted);
              return store.largestStreamId();
            })
        .map(
            largest -> {
              lastStreamId = largest;
              return null;
            });
  }

  @Override
  public Future<Broadcast> start(BroadcastRequest request, String actor) {
    try {
      check(request);
    } catch (ClientError e) {
      return Future.failedFuture(e);
    }
    AtomicReference<String> liveState = new AtomicReference<>();
    Instant due = request.startAt() == null ? clock.instant() : request.startAt();
    CompletableFuture<ProgrammeAudio> rendered =
        renders.submit(
            request.priority(),
            due,
            () -> renderer.render(request.programme(), liveChanged(liveState)));
    return Future.fromCompletionStage(rendered, hub.context())
        .compose(
            audio -> {
              Future<Broadcast> launched =
                  hub.callAsync(() -> launch(request, audio, liveState, actor));
              return launched.onFailure(e -> audio.close());
            });
  }

  private static void check(BroadcastRequest request) {
    boolean drill =
        request.alertClass() != AlertClass.DAILY && request.alertClass() != AlertClass.EMERGENCY;
    if (request.priority() == Priority.EMERGENCY_REAL
        || request.priority() == Priority.EMERGENCY_DRILL
        || request.alertClass() != AlertClass.DAILY) {
      // Alerts need approvals, drill targets kept apart and a prepared cancel (DOMAIN.md).
      throw ClientError.badRequest(
          "'priority': "
              + (drill ? "drills" : "emergency alerts")
              + " are sent as alerts, not as ordinary broadcasts");
    }
    if (request.alertLevel() != 0) {
      throw ClientError.badRequest("'alertLevel' must be 0 for an ordinary broadcast");
    }
  }

  /** Keeps the live source's latest state for the broadcast's detail (the source logs it). */
  private static Consumer<String> liveChanged(AtomicReference<String> latest) {
    return latest::set;
  }

  private Future<Broadcast> launch(
      BroadcastRequest request,
      ProgrammeAudio audio,
      AtomicReference<String> liveState,
      String actor) {
    Instant now = clock.instant();
    Instant earliest = now.plus(config.audioLead()).plusMillis(200);
    Instant startAt =
        request.startAt() == null
            ? now.plus(config.startLead())
            : request.startAt().isBefore(earliest) ? earliest : request.startAt();
    long startMicros = CommandGuard.micros(startAt);
    long endMicros = endMicros(request, audio, startMicros);
    long streamId = nextStreamId();
    Message.Play play =
        new Message.Play(
            0,
            wirePriority(request.priority()),
            request.alertLevel(),
            request.alertClass(),
            SourceKind.STREAM,
            streamId,
            startMicros,
            endMicros,
            request.volume(),
            0,
            shortened(request.title()));
    return commands
        .send(
            new CommandRequest(
                play, request.targets(), null, BroadcastJson.write(request).encode()),
            actor)
        .map(
            command -> {
              long id = command.id();
              Message.Play sent = withBroadcastId(play, id);
              BroadcastStream stream =
                  new BroadcastStream(
                      streamId,
                      audio,
                      config.framesPerMessage(),
                      startMicros,
                      request.window() == null ? Long.MAX_VALUE : endMicros,
                      out,
                      meters);
              String late =
                  request.startAt() != null && startAt.isAfter(request.startAt())
                      ? "started "
                          + Duration.between(request.startAt(), startAt).toMillis()
                          + " ms late: it was requested too close to its start time"
                      : null;
              Broadcast broadcast =
                  new Broadcast(id, streamId, request, startAt, BroadcastState.PLAYING, late);
              Active a = new Active(broadcast, sent, stream, liveState);
              a.commandIds.add(id);
              active.put(id, a);
              playing = active.size();
              byCommand.put(id, a);
              BroadcastRecord record = recordOf(broadcast, actor, now);
              writes.submit("record broadcast " + id, () -> store.insert(record));
              audit.record(
                  actor,
                  "broadcast.start",
                  Long.toString(id),
                  "'"
                      + request.title()
                      + "' "
                      + request.priority().fileName()
                      + " to "
                      + command.targetCount()
                      + " terminals "
                      + request.targets()
                      + " at "
                      + startAt
                      + ", stream "
                      + streamId);
              LOG.info(
                  "broadcast {} '{}' to {} terminals starts at {} on stream {}",
                  id,
                  request.title(),
                  command.targetCount(),
                  startAt,
                  streamId);
              pacer.pace(stream, (s, error) -> hub.run(() -> streamEnded(a, error)));
              return broadcast;
            });
  }

  private long endMicros(BroadcastRequest request, ProgrammeAudio audio, long startMicros) {
    if (request.window() != null) {
      return startMicros + request.window().toNanos() / 1000;
    }
    long lengthMicros = audio.lengthSamples() * 1_000_000L / 48_000;
    return startMicros + lengthMicros + config.endMargin().toNanos() / 1000;
  }

  @Override
  public Future<Broadcast> stop(long broadcastId, String actor) {
    return hub.callAsync(
        () -> {
          Active a = active.get(broadcastId);
          if (a == null) {
            return find(broadcastId)
                .map(Future::succeededFuture)
                .orElseGet(
                    () ->
                        Future.failedFuture(
                            ClientError.notFound("no broadcast " + broadcastId + " is playing")));
          }
          if (a.broadcast.state() == BroadcastState.STOPPED) {
            return Future.succeededFuture(a.broadcast);
          }
          a.broadcast = withState(a.broadcast, BroadcastState.STOPPED, "stopped by " + actor);
          a.stream.requestStop();
          audit.record(
              actor,
              "broadcast.stop",
              Long.toString(broadcastId),
              "'" + a.broadcast.request().title() + "' to " + a.broadcast.request().targets());
          return commands
              .send(
                  new CommandRequest(
                      new Message.Stop(broadcastId),
                      a.broadcast.request().targets(),
                      null,
                      "{\"broadcastId\":" + broadcastId + "}"),
                  actor)
              .map(command -> a.broadcast);
        });
  }

  @Override
  public Optional<Broadcast> find(long broadcastId) {
    Active a = active.get(broadcastId);
    return a != null ? Optional.of(a.current()) : Optional.ofNullable(ended.get(broadcastId));
  }

  /**
   * The broadcasts a previous run of the hub left playing (cut off), known after {@link #start}.
   */
  public List<Long> cutOffAtStart() {
    return cutOffAtStart;
  }

  /** The stored record of a broadcast (blocking read); current in-memory state wins. */
  public Future<Optional<BroadcastRecord>> record(long broadcastId) {
    return hub.blocking(() -> store.find(broadcastId));
  }

  /** The newest broadcasts as stored, newest first (blocking read). */
  /** Broadcasts whose audio is being sent now. */
  public int playing() {
    return playing;
  }

  /** Frames sent and frames late over all broadcasts since start. */
  public StreamMeters streamMeters() {
    return meters;
  }

  public Future<List<BroadcastRecord>> recent(int limit) {
    return hub.blocking(() -> store.recent(limit));
  }

  /**
   * Adds a listener to a playing broadcast's packets; returns the stream's pre-skip (for the Ogg
   * header), or empty when it is not playing.
   */
  public Optional<Integer> listen(long broadcastId, StreamTap tap) {
    Active a = active.get(broadcastId);
    if (a == null || a.stream.ended()) {
      return Optional.empty();
    }
    a.stream.addTap(tap);
    return Optional.of(a.stream.preSkip());
  }

  public void stopListening(long broadcastId, StreamTap tap) {
    Active a = active.get(broadcastId);
    if (a != null) {
      a.stream.removeTap(tap);
    }
  }

  // ---------------------------------------------------------------- progress and resume

  private void progressed(CommandReport report) {
    Active a = byCommand.get(report.command().id());
    if (a == null) {
      return;
    }
    for (Delivery d : report.deliveries()) {
      if (d.yieldedToHigherPriority()) {
        a.waiting.add(d.resourceCode());
      }
    }
  }

  private void streamEnded(Active a, Throwable error) {
    long id = a.broadcast.id();
    Broadcast last = a.broadcast;
    if (error != null) {
      last = withState(last, BroadcastState.FAILED, "its audio failed: " + error);
    } else if (last.state() == BroadcastState.PLAYING) {
      last =
          withState(
              last,
              a.stream.sentUntilMicros() >= a.play.endTime()
                  ? BroadcastState.STOPPED
                  : BroadcastState.FINISHED,
              a.stream.sentUntilMicros() >= a.play.endTime() ? "its window ended" : last.detail());
    }
    active.remove(id);
    playing = active.size();
    a.commandIds.forEach(byCommand::remove);
    remember(last);
    Broadcast done = last;
    Instant at = clock.instant();
    writes.submit(
        "record the end of broadcast " + id,
        () -> store.ended(id, done.state(), done.detail(), at));
    LOG.info(
        "broadcast {} {}{}; {} frames sent, {} late, least headroom {} ms",
        id,
        done.state(),
        done.detail() == null ? "" : " (" + done.detail() + ")",
        a.stream.framesSent(),
        a.stream.framesLate(),
        a.stream.smallestHeadroomMicros() / 1000);
    // The terminals end the task when its last audio has played (or at once, after STOP).
    long untilHeardMillis =
        done.state() == BroadcastState.FINISHED
            ? Math.max(0, (a.stream.sentUntilMicros() - CommandGuard.micros(at)) / 1000)
            : 0;
    hub.vertx()
        .setTimer(
            Math.max(1, untilHeardMillis + config.resumeDelay().toMillis()), t -> resumeWaiting());
  }

  /** Sends PLAY again where a playing broadcast gave way to one that has ended since. */
  private void resumeWaiting() {
    for (Active a : active.values()) {
      if (a.waiting.isEmpty() || a.broadcast.state() != BroadcastState.PLAYING) {
        continue;
      }
      List<String> terminals = new ArrayList<>(a.waiting);
      a.waiting.clear();
      commands
          .send(
              new CommandRequest(
                  startingAtOnce(a.play),
                  new Targets(List.of(), List.of(), terminals),
                  null,
                  "{\"resume\":" + a.broadcast.id() + "}"),
              "resume")
          .onSuccess(
              command -> {
                a.commandIds.add(command.id());
                byCommand.put(command.id(), a);
                LOG.info(
                    "broadcast {} resumed on {} terminals", a.broadcast.id(), terminals.size());
              })
          .onFailure(
              e -> LOG.warn("broadcast {} not resumed: {}", a.broadcast.id(), e.getMessage()));
    }
  }

  // ---------------------------------------------------------------- helpers

  private void remember(Broadcast broadcast) {
    ended.put(broadcast.id(), broadcast);
    while (ended.size() > RECENT) {
      ended.remove(ended.keySet().iterator().next());
    }
  }

  private long nextStreamId() {
    lastStreamId = lastStreamId >= MAX_STREAM_ID ? 1 : lastStreamId + 1;
    return lastStreamId;
  }

  /** The PLAY priority byte: 50 per rank, background 50 … real emergency 250. */
  static int wirePriority(Priority priority) {
    return priority.rank() * 50;
  }

  private static String shortened(String title) {
    byte[] utf8 = title.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (utf8.length <= MAX_TITLE_BYTES) {
      return title;
    }
    int end = title.length();
    while (title.substring(0, end).getBytes(java.nio.charset.StandardCharsets.UTF_8).length
        > MAX_TITLE_BYTES) {
      end--;
    }
    return title.substring(0, end);
  }

  private static Message.Play withBroadcastId(Message.Play p, long id) {
    return new Message.Play(
        id,
        p.priority(),
        p.alertLevel(),
        p.alertClass(),
        p.source(),
        p.streamId(),
        p.startTime(),
        p.endTime(),
        p.volume(),
        p.repeats(),
        p.sourceText());
  }

  /** The PLAY again, to start at once: the terminal joins the stream where it is. */
  private static Message.Play startingAtOnce(Message.Play p) {
    return new Message.Play(
        p.broadcastId(),
        p.priority(),
        p.alertLevel(),
        p.alertClass(),
        p.source(),
        p.streamId(),
        0,
        p.endTime(),
        p.volume(),
        p.repeats(),
        p.sourceText());
  }

  private static Broadcast withState(Broadcast b, BroadcastState state, String detail) {
    return new Broadcast(b.id(), b.streamId(), b.request(), b.startAt(), state, detail);
  }

  private static BroadcastRecord recordOf(Broadcast b, String actor, Instant createdAt) {
    BroadcastRequest r = b.request();
    return new BroadcastRecord(
        b.id(),
        b.streamId(),
        r.title(),
        r.origin(),
        r.priority(),
        BroadcastJson.write(r).encode(),
        actor,
        createdAt,
        b.startAt(),
        null,
        b.state(),
        b.detail());
  }

  @Override
  public void close() {
    renders.close();
    pacer.close();
    for (Active a : active.values()) {
      a.stream.requestStop();
    }
  }
}
