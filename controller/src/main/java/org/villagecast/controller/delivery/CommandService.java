package org.villagecast.controller.delivery;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.HubContext;
import org.villagecast.controller.HubEvents;
import org.villagecast.controller.WriteQueue;
import org.villagecast.controller.registry.Area;
import org.villagecast.controller.registry.Registry;
import org.villagecast.controller.registry.Terminal;
import org.villagecast.controller.store.CommandRepository;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.MessageType;

/**
 * Sends protocol commands to terminals, areas and groups and follows each target to a final state.
 * One publish per area or group ({@link TopicPlan}); silent terminals are retried directly, with
 * back-off, while they are online, until the command's deadline; a terminal that comes back online
 * is retried at once. Delivery is proven only by the terminal's own answers.
 *
 * <p>State lives on the hub context and is written behind to the store; a restart reloads the open
 * commands and retries their silent terminals with fresh frames (a PLAY of a broadcast a terminal
 * already plays is a no-op there, PROTOCOL.md §3.4).
 */
public final class CommandService {
  private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);
  private static final Duration TICK = Duration.ofMillis(100);
  private static final Duration EVENT_INTERVAL = Duration.ofMillis(250);
  private static final int RECENT_CLOSED = 20;

  /** A frame may be repeated byte for byte while this young (PROTOCOL.md §3.5: ≤ 20 s). */
  static final Duration REPEAT_WINDOW = Duration.ofSeconds(20);

  /**
   * A retry round waits until the command's answers have paused this long: while a large fan-out is
   * still being answered, the silent terminals are mostly slow, not deaf, and retrying them would
   * only add to the load that makes them slow. The wait ends at the latest {@link
   * DeliveryConfig#maxRetryDelay()} after the round was due.
   */
  static final Duration ANSWERS_PAUSE = Duration.ofSeconds(1);

  private final HubContext hub;
  private final Clock clock;
  private final Registry registry;
  private final CommandRepository store;
  private final WriteQueue writes;
  private final HubEvents events;
  private final CommandSender sender;
  private final DeliveryConfig config;
  private final org.villagecast.controller.Auditor audit;

  // Live state, touched only on the hub context.
  private final Map<Long, Tracked> open = new HashMap<>();
  private final Map<Long, Tracked> byMessageId = new HashMap<>();
  private final AnswerTimer answerTimer = new AnswerTimer();
  // Closed commands stay here for a while, message ids included, so late answers (a QoS 1
  // redelivery after the command closed) are counted as duplicates and reports are quick.
  private final LinkedHashMap<Long, Tracked> recentlyClosed = new LinkedHashMap<>();
  private long lastCommandId;
  private long timer = -1;

  private final AtomicLong answers = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong strayAnswers = new AtomicLong();

  /** An open command with its publishes and retry schedule. */
  private static final class Tracked {
    final OpenCommand command;
    final List<Planned> plan;
    final List<Long> messageIds = new ArrayList<>();
    final Instant sentAt;
    Instant nextRetry;
    Duration retryDelay;
    Instant lastAnswer = Instant.EPOCH;
    Instant lastEvent = Instant.EPOCH;

    Tracked(OpenCommand command, List<Planned> plan, Instant sentAt, Duration firstRetry) {
      this.command = command;
      this.plan = plan;
      this.sentAt = sentAt;
      this.nextRetry = sentAt.plus(firstRetry);
      this.retryDelay = firstRetry;
    }
  }

  /** One planned publish, and whether the broker has taken it yet. */
  private static final class Planned {
    final TopicPlan.Publish publish;
    Frame frame; // the last frame made for this publish: repeated byte for byte while young
    Instant madeAt;
    boolean published;

    Planned(TopicPlan.Publish publish) {
      this.publish = publish;
    }
  }

  public CommandService(
      HubContext hub,
      Clock clock,
      Registry registry,
      CommandRepository store,
      WriteQueue writes,
      HubEvents events,
      CommandSender sender,
      DeliveryConfig config,
      org.villagecast.controller.Auditor audit) {
    this.audit = audit;
    this.hub = hub;
    this.clock = clock;
    this.registry = registry;
    this.store = store;
    this.writes = writes;
    this.events = events;
    this.sender = sender;
    this.config = config;
  }

  /** Reloads open commands from the store and starts the retry and write-behind tick. */
  public Future<Void> start() {
    return hub.blocking(
            () -> {
              List<OpenCommand> reloaded = new ArrayList<>();
              for (Command command : store.open()) {
                reloaded.add(
                    new OpenCommand(command, messageOf(command), store.deliveries(command.id())));
              }
              return new Reloaded(store.maxId(), reloaded);
            })
        .map(
            loaded -> {
              lastCommandId = loaded.lastCommandId();
              Instant now = clock.instant();
              for (OpenCommand command : loaded.open()) {
                // Its publishes were made before the restart: its silent terminals get new frames
                // at once.
                Tracked tracked = new Tracked(command, List.of(), now, config.firstRetry());
                tracked.nextRetry = now;
                open.put(command.command().id(), tracked);
              }
              if (!loaded.open().isEmpty()) {
                LOG.info(
                    "{} open commands reloaded; their silent terminals are retried",
                    loaded.open().size());
              }
              registry.onBackOnline(this::retryNow);
              timer = hub.vertx().setPeriodic(TICK.toMillis(), id -> tick());
              return null;
            });
  }

  private record Reloaded(long lastCommandId, List<OpenCommand> open) {}

  /** Stops the tick and writes what is not yet written. */
  public Future<Void> stop() {
    return hub.call(
        () -> {
          if (timer >= 0) {
            hub.vertx().cancelTimer(timer);
          }
          open.values().forEach(this::save);
          return null;
        });
  }

  // ---------------------------------------------------------------- API

  /** Fails with ClientError BAD_REQUEST when the targets hold no accepted terminal. */
  public Future<Command> send(CommandRequest request, String actor) {
    return hub.call(() -> start(request, actor));
  }

  /** Fails with ClientError NOT_FOUND. */
  public Future<CommandReport> report(long commandId) {
    return hub.callAsync(
        () -> {
          Tracked tracked = open.get(commandId);
          Tracked closed = recentlyClosed.get(commandId);
          OpenCommand live =
              tracked != null ? tracked.command : closed == null ? null : closed.command;
          if (live != null) {
            Command command = tracked != null ? live.command() : live.command().close();
            return Future.succeededFuture(reportOf(command, live.deliveries()));
          }
          return hub.blocking(
              () -> {
                Command command =
                    store
                        .find(commandId)
                        .orElseThrow(() -> ClientError.notFound("no command " + commandId));
                return reportOf(command, store.deliveries(commandId));
              });
        });
  }

  public Future<List<Command>> recent(int limit) {
    return hub.blocking(() -> store.recent(limit))
        .map(
            stored -> {
              Map<Long, Command> merged = new HashMap<>();
              stored.forEach(c -> merged.put(c.id(), c));
              open.values().forEach(t -> merged.put(t.command.command().id(), t.command.command()));
              recentlyClosed
                  .values()
                  .forEach(c -> merged.put(c.command.command().id(), c.command.command().close()));
              return merged.values().stream()
                  .sorted(Comparator.comparingLong(Command::id).reversed())
                  .limit(limit)
                  .toList();
            });
  }

  /** Sends an accepted terminal its CONFIG, tracked like any command. */
  public void configure(Terminal terminal, List<Long> groups, String actor) {
    var defaults = registry.defaults();
    Message config =
        new Message.Config(
            terminal.resourceCode(),
            terminal.areaCode(),
            terminal.heartbeatSeconds(),
            defaults.quietStart(),
            defaults.quietEnd(),
            defaults.utcOffsetMinutes(),
            groups);
    hub.run(
        () ->
            start(
                new CommandRequest(
                    config,
                    Targets.ofTerminals(terminal.resourceCode()),
                    config().deadline(),
                    new JsonObject().put("groups", groups).encode()),
                actor));
  }

  public DeliveryConfig config() {
    return config;
  }

  // ---------------------------------------------------------------- sending

  private Command start(CommandRequest request, String actor) {
    Message message = request.message();
    if (!isCommand(message.type())) {
      throw ClientError.badRequest("'type': " + message.type() + " is not a command to terminals");
    }
    Set<String> targets = resolve(request.targets());
    long id = ++lastCommandId;
    if (message instanceof Message.Play play && play.broadcastId() == 0) {
      message =
          new Message.Play(
              id,
              play.priority(),
              play.alertLevel(),
              play.alertClass(),
              play.source(),
              play.streamId(),
              play.startTime(),
              play.endTime(),
              play.volume(),
              play.repeats(),
              play.sourceText());
    }
    Instant now = clock.instant();
    Duration deadline = request.deadline() == null ? config.deadline() : request.deadline();
    Command command =
        new Command(
            id,
            message.type().name(),
            parametersOf(message, request.parameters()),
            request.targets(),
            actor,
            now,
            now.plus(deadline),
            targets.size(),
            false);
    OpenCommand openCommand = OpenCommand.sent(command, message, targets, now);
    Map<Long, Set<String>> groups = new HashMap<>();
    for (long group : request.targets().groups()) {
      groups.put(group, registry.membersOf(group));
    }
    List<Planned> plan = new ArrayList<>();
    for (TopicPlan.Publish publish : TopicPlan.plan(targets, registry.knownAreas(), groups)) {
      plan.add(new Planned(publish));
    }
    Duration firstRetry = answerTimer.firstRetry(config.firstRetry(), config.maxRetryDelay());
    Tracked tracked = new Tracked(openCommand, plan, now, firstRetry);
    open.put(id, tracked);
    List<Delivery> initial = openCommand.takeUnsaved();
    audit.record(
        actor,
        "command." + command.type().toLowerCase(java.util.Locale.ROOT),
        Long.toString(id),
        "to " + targets.size() + " terminals " + request.targets() + ": " + message);
    writes.submit(
        "record command " + id,
        () -> {
          store.insert(command);
          store.saveDeliveries(initial);
        });
    // CONFIG goes to one terminal at a time (acceptance, groups): debug, or it floods the log.
    (message.type() == MessageType.CONFIG ? LOG.atDebug() : LOG.atInfo())
        .log(
            "command {} {} by {} to {} terminals in {} publishes",
            id,
            command.type(),
            actor,
            targets.size(),
            plan.size());
    for (Planned planned : plan) {
      publish(tracked, planned, now);
    }
    return command;
  }

  /** The accepted terminals a request names; refuses unknown and pending ones by name. */
  private Set<String> resolve(Targets targets) {
    if (targets.isEmpty()) {
      throw ClientError.badRequest("'targets': name at least one area, group or terminal");
    }
    Set<String> codes = new HashSet<>();
    for (String area : targets.areas()) {
      if (!Area.isAreaPrefix(area)) {
        throw ClientError.badRequest(
            "'targets.areas': '" + area + "' is not an area code of 2, 4, 6, 9 or 12 digits");
      }
      codes.addAll(registry.acceptedUnder(area));
    }
    for (long group : targets.groups()) {
      if (!registry.groupExists(group)) {
        throw ClientError.badRequest("'targets.groups': no group " + group);
      }
      codes.addAll(registry.membersOf(group));
    }
    for (String code : targets.terminals()) {
      Terminal terminal = registry.find(code);
      if (terminal == null) {
        throw ClientError.badRequest("'targets.terminals': no terminal " + code);
      }
      if (!terminal.accepted()) {
        throw ClientError.badRequest(
            "'targets.terminals': terminal " + code + " is pending; accept it first");
      }
      codes.add(code);
    }
    if (codes.isEmpty()) {
      throw ClientError.badRequest("the targets hold no accepted terminal");
    }
    return codes;
  }

  /**
   * Publishes a planned frame: the same frame again while it is young enough to be repeated byte
   * for byte (PROTOCOL.md §3.5), otherwise a new one.
   */
  private void publish(Tracked tracked, Planned planned, Instant now) {
    if (planned.frame == null || !young(planned, now)) {
      planned.frame = frame(planned.publish.address(), tracked.command.message());
      planned.madeAt = now;
      remember(tracked, planned.frame.messageId());
    }
    sender
        .publish(planned.frame)
        .onComplete(
            result ->
                hub.run(
                    () -> {
                      if (result.succeeded()) {
                        planned.published = true;
                      } else {
                        planned.published = false;
                        String why = "publish failed: " + result.cause().getMessage();
                        planned
                            .publish
                            .reaches()
                            .forEach(c -> tracked.command.publishFailed(c, why));
                        LOG.warn(
                            "command {} to {} not published ({}); retrying",
                            tracked.command.command().id(),
                            planned.publish.address(),
                            result.cause().getMessage());
                      }
                    }));
  }

  private static boolean young(Planned planned, Instant now) {
    return Duration.between(planned.madeAt, now).compareTo(REPEAT_WINDOW) <= 0;
  }

  /** A new frame of its own to one silent terminal. */
  private void retryDirectly(Tracked tracked, String code) {
    Frame frame = frame(Address.terminal(code), tracked.command.message());
    remember(tracked, frame.messageId());
    tracked.command.freshFrameSent(code);
    sendDirectly(tracked, code, frame);
  }

  /** A frame on one terminal's own command topic, counted as a retry of it. */
  private void sendDirectly(Tracked tracked, String code, Frame frame) {
    tracked.command.retried(code);
    retries.incrementAndGet();
    sender
        .publish(frame, Address.terminal(code))
        .onFailure(
            e ->
                hub.run(
                    () ->
                        tracked.command.publishFailed(code, "publish failed: " + e.getMessage())));
  }

  private Frame frame(Address to, Message message) {
    long micros = org.villagecast.protocol.security.CommandGuard.micros(clock.instant());
    return Frame.of(to, sender.nextMessageId(), 0, micros, message).withAckRequested(true);
  }

  private void remember(Tracked tracked, long messageId) {
    tracked.messageIds.add(messageId);
    byMessageId.put(messageId, tracked);
  }

  // ---------------------------------------------------------------- answers

  /** A frame from a terminal (hub context): ACK, NACK, reports and task reports. */
  public void heard(String code, Frame frame, Instant at) {
    Message message = frame.message();
    Tracked tracked = null;
    if (message instanceof Message.TaskStarted started) {
      tracked = playing(started.broadcastId());
    } else if (message instanceof Message.TaskFinished finished) {
      tracked = playing(finished.broadcastId());
    }
    if (tracked == null && frame.refersTo() != 0) {
      tracked = byMessageId.get(frame.refersTo());
    }
    if (tracked == null) {
      if (frame.refersTo() != 0) {
        strayAnswers.incrementAndGet();
      }
      return;
    }
    answers.incrementAndGet();
    tracked.lastAnswer = clock.instant();
    Delivery before = tracked.command.delivery(code);
    // Sampled only for frames sent once by this run of the hub (not for commands reloaded after a
    // restart, whose send time is unknown here).
    if (!tracked.plan.isEmpty()
        && before != null
        && before.state() == DeliveryState.SENT
        && before.attempts() == 1) {
      answerTimer.answered(Duration.between(tracked.sentAt, tracked.lastAnswer));
    }
    if (!tracked.command.answer(code, message, at)) {
      duplicates.incrementAndGet();
    }
  }

  /** The open PLAY command of a broadcast id (the command id, unless the request named one). */
  private Tracked playing(long broadcastId) {
    Tracked tracked = open.get(broadcastId);
    return tracked != null && tracked.command.message().type() == MessageType.PLAY ? tracked : null;
  }

  // ---------------------------------------------------------------- the tick

  private void tick() {
    Instant now = clock.instant();
    List<Tracked> done = new ArrayList<>();
    for (Tracked tracked : open.values()) {
      if (!tracked.command.allFinal() && !now.isBefore(tracked.command.command().deadline())) {
        tracked.command.expire(now, offline(tracked.command.silent()));
      } else if (retryDue(tracked, now)) {
        retry(tracked, now);
      }
      if (tracked.command.hasChanges()
          && Duration.between(tracked.lastEvent, now).compareTo(EVENT_INTERVAL) >= 0) {
        tracked.lastEvent = now;
        events.command(
            new CommandReport(
                tracked.command.command(),
                tracked.command.counts(),
                tracked.command.takeChanged()));
      }
      save(tracked);
      if (tracked.command.allFinal()) {
        done.add(tracked);
      }
    }
    done.forEach(this::close);
  }

  /**
   * The retry round is due and the answers have paused ({@link #ANSWERS_PAUSE}), or waited enough.
   */
  private boolean retryDue(Tracked tracked, Instant now) {
    if (now.isBefore(tracked.nextRetry)) {
      return false;
    }
    boolean answersPaused = !now.isBefore(tracked.lastAnswer.plus(ANSWERS_PAUSE));
    boolean waitedEnough = !now.isBefore(tracked.nextRetry.plus(config.maxRetryDelay()));
    return answersPaused || waitedEnough;
  }

  /**
   * One retry round for the terminals that have not answered. While a publish's frame is young, the
   * same frame is published again: a terminal that executed it but whose answer was lost (a broker
   * restart) answers NACK DUPLICATE, counted as its acknowledgement, instead of playing a second
   * time; the others answer it the first time. A publish the broker has not taken (or may have lost
   * since: {@link #brokerReconnected}) is repeated on its own topic; one it took, on the command
   * topic of each silent terminal (a terminal decides by the frame's signed address, not by the
   * topic: PROTOCOL.md §7), so the terminals that answered do not get it again. Once the frame is
   * older than {@link #REPEAT_WINDOW}, each silent terminal that is online gets a new frame of its
   * own.
   */
  private void retry(Tracked tracked, Instant now) {
    Set<String> silent = new HashSet<>(tracked.command.silent());
    Set<String> covered = new HashSet<>();
    for (Planned planned : tracked.plan) {
      List<String> silentHere = new ArrayList<>();
      for (String code : planned.publish.reaches()) {
        if (silent.contains(code) && !tracked.command.refusedAsStale(code)) {
          silentHere.add(code);
        }
      }
      if (silentHere.isEmpty()) {
        continue;
      }
      if (!planned.published) {
        publish(tracked, planned, now);
        silentHere.forEach(tracked.command::retried);
        retries.addAndGet(silentHere.size());
        covered.addAll(silentHere);
      } else if (young(planned, now)) {
        for (String code : silentHere) {
          if (registry.isOnline(code)) {
            sendDirectly(tracked, code, planned.frame); // the same bytes, on its own topic
          }
          covered.add(code);
        }
      }
    }
    for (String code : silent) {
      if (!covered.contains(code) && registry.isOnline(code)) {
        retryDirectly(tracked, code);
      }
    }
    tracked.retryDelay = min(tracked.retryDelay.multipliedBy(2), config.maxRetryDelay());
    tracked.nextRetry = now.plus(tracked.retryDelay);
  }

  /**
   * The hub's connection to the broker is back. Publishes the broker took before may be lost (a
   * broker restarted without persistence), so every open command's publishes are made again at the
   * next retry round, the same frame while it is young.
   */
  public void brokerReconnected() {
    Instant now = clock.instant();
    for (Tracked tracked : open.values()) {
      tracked.plan.forEach(planned -> planned.published = false);
      tracked.nextRetry = now;
    }
  }

  /** A terminal came back online: commands waiting for it retry at the next tick. */
  private void retryNow(String code) {
    Instant now = clock.instant();
    for (Tracked tracked : open.values()) {
      var delivery = tracked.command.delivery(code);
      if (delivery != null && delivery.state() == DeliveryState.SENT) {
        tracked.nextRetry = now;
      }
    }
  }

  private void save(Tracked tracked) {
    List<Delivery> unsaved = tracked.command.takeUnsaved();
    if (!unsaved.isEmpty()) {
      long id = tracked.command.command().id();
      writes.submit(
          "save " + unsaved.size() + " deliveries of command " + id,
          () -> store.saveDeliveries(unsaved));
    }
  }

  private void close(Tracked tracked) {
    Command command = tracked.command.command();
    open.remove(command.id());
    recentlyClosed.put(command.id(), tracked);
    if (recentlyClosed.size() > RECENT_CLOSED) {
      Tracked evicted = recentlyClosed.remove(recentlyClosed.keySet().iterator().next());
      evicted.messageIds.forEach(byMessageId::remove);
    }
    writes.submit("close command " + command.id(), () -> store.markClosed(command.id()));
    Map<DeliveryState, Integer> counts = tracked.command.counts();
    (command.type().equals("CONFIG") ? LOG.atDebug() : LOG.atInfo())
        .log(
            "command {} {} done: {} finished, {} failed of {}",
            command.id(),
            command.type(),
            counts.get(DeliveryState.FINISHED),
            counts.get(DeliveryState.FAILED),
            command.targetCount());
    events.command(new CommandReport(command.close(), counts, tracked.command.takeChanged()));
  }

  private Set<String> offline(List<String> codes) {
    Set<String> offline = new TreeSet<>();
    for (String code : codes) {
      if (!registry.isOnline(code)) {
        offline.add(code);
      }
    }
    return offline;
  }

  // ---------------------------------------------------------------- figures for metrics

  public long answers() {
    return answers.get();
  }

  public long duplicates() {
    return duplicates.get();
  }

  public long retries() {
    return retries.get();
  }

  public long strayAnswers() {
    return strayAnswers.get();
  }

  /** Open commands (hub context or approximate from elsewhere). */
  public int openCommands() {
    return open.size();
  }

  // ---------------------------------------------------------------- helpers

  private static CommandReport reportOf(Command command, java.util.Collection<Delivery> all) {
    Map<DeliveryState, Integer> counts = new EnumMap<>(DeliveryState.class);
    for (DeliveryState state : DeliveryState.values()) {
      counts.put(state, 0);
    }
    all.forEach(d -> counts.merge(d.state(), 1, Integer::sum));
    List<Delivery> sorted =
        all.stream().sorted(Comparator.comparing(Delivery::resourceCode)).toList();
    return new CommandReport(command, counts, sorted);
  }

  /** The stored parameters: the request as given, and the protocol body for a resend. */
  private static String parametersOf(Message message, String requestJson) {
    JsonObject request =
        requestJson == null || requestJson.isBlank()
            ? new JsonObject()
            : new JsonObject(requestJson);
    return new JsonObject()
        .put("request", request)
        .put("body", HexFormat.of().formatHex(bodyOf(message)))
        .encode();
  }

  private static byte[] bodyOf(Message message) {
    byte[] frame = FrameCodec.encode(Frame.of(Address.all(), 1, 0, 0, message));
    byte[] body = new byte[frame.length - Frame.HEADER_SIZE];
    System.arraycopy(frame, Frame.HEADER_SIZE, body, 0, body.length);
    return body;
  }

  private static Message messageOf(Command command) {
    JsonObject parameters = new JsonObject(command.parameters());
    return FrameCodec.decodeBody(
        MessageType.valueOf(command.type()), HexFormat.of().parseHex(parameters.getString("body")));
  }

  private static boolean isCommand(MessageType type) {
    return switch (type) {
      case PLAY,
              STOP,
              SET_VOLUME,
              AMP_ON,
              AMP_OFF,
              CONFIG,
              STATUS_QUERY,
              PLAY_LOG_QUERY,
              FAULT_DETAIL_QUERY,
              KEY_UPDATE ->
          true;
      default -> false;
    };
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
