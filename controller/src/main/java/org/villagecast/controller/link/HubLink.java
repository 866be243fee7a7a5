package org.villagecast.controller.link;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.MessageType;
import org.villagecast.protocol.codec.ProtocolException;
import org.villagecast.protocol.link.LinkException;
import org.villagecast.protocol.link.LinkException.Reason;
import org.villagecast.protocol.link.mqtt.MqttLink;
import org.villagecast.protocol.security.CommandGuard;
import org.villagecast.protocol.topic.Topics;

/**
 * The hub's side of MQTT (PROTOCOL.md §3, §7): it subscribes to every terminal's up and state
 * topics, hands checked up frames and online/offline changes to the hub, answers time sync itself,
 * and publishes signed commands.
 *
 * <p><b>Threads.</b> Messages arrive on Paho's thread, are decoded and checked there, and reach the
 * hub's handlers on the hub's context ({@code hubContext.runOnContext}); futures returned here also
 * complete on the hub context. Up frames and states that arrive before the first handler of their
 * kind is registered are kept (up to {@value #MAX_EARLY} of each) and handed to it: a restarted hub
 * receives the retained states and the QoS 1 frames queued in its session right after connecting.
 *
 * <p><b>Time sync.</b> TIME_SYNC_REQUEST is stamped (t2) as Paho hands it over and answered on a
 * thread of the link's own, without the hop to the hub context and not passed to the up handlers.
 * Answering (signing) is kept off Paho's thread so that a burst of requests (terminals that came up
 * together) does not queue there: each request's t2 would come later by the answers before it, an
 * error the terminal cannot see (it makes the path towards the hub look longer than the path back)
 * and that moves its clock estimate by half of it.
 *
 * <p><b>Sending.</b> At most {@link HubLinkConfig#maxInFlight()} publishes await the broker's
 * acknowledgement at once (the broker's receive maximum bounds them); more wait in order, and are
 * stamped and signed when their turn comes. Nothing waits for the broker while it is down: a send
 * fails at once with {@link Reason#DISCONNECTED}, and the delivery tracker decides about retries.
 * When the connection drops, the sends waiting and those awaiting PUBACK fail at once too (Paho may
 * still deliver the latter after reconnecting: terminals answer a repeat with NACK DUPLICATE).
 *
 * <p><b>Reconnect.</b> After a loss the link connects again by itself, with a fresh MQTT client,
 * after 1 s and then doubling up to 30 s, and tells {@link #onConnection} handlers; the broker's
 * session (subscriptions, QoS 1 frames queued meanwhile) carries over.
 */
public final class HubLink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HubLink.class);

  /** Up frames (and states) kept for a handler that is not registered yet. */
  static final int MAX_EARLY = 50_000;

  private static final long DROP_LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final long FIRST_RECONNECT_DELAY_MILLIS = 1_000;
  private static final long MAX_RECONNECT_DELAY_MILLIS = 30_000;

  private final Context hubContext;
  private final HubLinkConfig config;
  private final FrameSigner signer;
  private final MessageIds ids;
  private final Clock clock;
  private final Topics topics;
  private final Outbox outbox = new Outbox();
  private final ExecutorService timeSyncAnswers;
  private volatile MqttLink link; // replaced by a fresh one after every loss of the connection
  private final AtomicLong reconnectDelayMillis = new AtomicLong(FIRST_RECONNECT_DELAY_MILLIS);

  private final HandlerList<UpFrame> upHandlers = new HandlerList<>("up frame", true);
  private final HandlerList<StateChange> stateHandlers = new HandlerList<>("state", true);
  private final HandlerList<Boolean> connectionHandlers = new HandlerList<>("connection", false);

  private final LongAdder framesIn = new LongAdder();
  private final LongAdder framesOut = new LongAdder();
  private final LongAdder audioOut = new LongAdder();
  private final LongAdder framesDropped = new LongAdder();
  private final LongAdder timeSyncsAnswered = new LongAdder();
  private final LongAdder statesIn = new LongAdder();
  private final AtomicLong lastDropLog = new AtomicLong(System.nanoTime() - DROP_LOG_EVERY_NANOS);
  private volatile boolean closed;

  private record StateChange(String resourceCode, boolean online) {}

  private HubLink(
      Context hubContext, HubLinkConfig config, FrameSigner signer, MessageIds ids, Clock clock) {
    this.hubContext = hubContext;
    this.config = config;
    this.signer = signer;
    this.ids = ids;
    this.clock = clock;
    this.topics = config.topics();
    this.timeSyncAnswers =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "hub-link-time-sync " + config.clientId());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Connects to the broker with a persistent session and subscribes, with QoS 1, to every
   * terminal's up topic ({@code $share/{hubGroup}/...} when a hub group is configured) and state
   * topic. Never throws: the future (completed on the hub context) fails with the link's {@link
   * LinkException} when the broker is unreachable, refuses the hub or refuses a subscription.
   */
  public static Future<HubLink> connect(
      Vertx vertx,
      Context hubContext,
      HubLinkConfig config,
      FrameSigner signer,
      MessageIds ids,
      Clock clock) {
    try {
      Objects.requireNonNull(vertx, "vertx");
      Objects.requireNonNull(hubContext, "hubContext");
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(signer, "signer");
      Objects.requireNonNull(ids, "ids");
      Objects.requireNonNull(clock, "clock");
      if (hubContext.owner() != vertx) {
        throw new IllegalArgumentException("the hub context belongs to another Vert.x instance");
      }
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    HubLink hub = new HubLink(hubContext, config, signer, ids, clock);
    CompletableFuture<HubLink> connected =
        MqttLink.connect(config.mqtt())
            .thenCompose(hub::attach)
            .handle(
                (ok, error) -> {
                  if (error != null) {
                    hub.outbox.shutdown();
                    hub.timeSyncAnswers.shutdownNow();
                    throw new CompletionException(unwrap(error));
                  }
                  LOG.info(
                      "Hub link {} connected to {}; subscribed to {} and {}",
                      config.clientId(),
                      config.brokerUrl(),
                      hub.upFilter(),
                      config.topics().allStateTopics());
                  return hub;
                });
    return onContext(connected, hubContext);
  }

  /** A Vert.x future completed on the context, failing with the cause itself, not a wrapper. */
  private static <T> Future<T> onContext(CompletableFuture<T> future, Context context) {
    CompletableFuture<T> unwrapped = new CompletableFuture<>();
    future.whenComplete(
        (value, error) -> {
          if (error != null) {
            unwrapped.completeExceptionally(unwrap(error));
          } else {
            unwrapped.complete(value);
          }
        });
    return Future.fromCompletionStage(unwrapped, context);
  }

  /**
   * Takes a freshly connected MQTT link into use: handlers, then subscriptions. Runs as soon as the
   * connect completes, on Paho's thread, before Paho hands out the messages the broker kept in the
   * session, so none of them is missed. Closes the link if a subscription is refused.
   */
  private CompletableFuture<Void> attach(MqttLink fresh) {
    link = fresh;
    AtomicBoolean live = new AtomicBoolean(true);
    fresh.onMessage(this::onMessage);
    fresh.onConnectionChange(
        up -> {
          if (!up && live.compareAndSet(true, false)) {
            onLost(fresh);
          }
        });
    if (config.hubGroup() != null) {
      // A session kept from a start without a hub group would deliver every frame twice.
      fresh.unsubscribe(topics.allUpTopics());
    }
    // The state topics are not shared: MQTT 5 gives retained messages to no shared subscription.
    return CompletableFuture.allOf(
            fresh.subscribe(upFilter(), 1), fresh.subscribe(topics.allStateTopics(), 1))
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                live.set(false);
                fresh.close();
              }
            });
  }

  private String upFilter() {
    return config.hubGroup() == null
        ? topics.allUpTopics()
        : topics.sharedUpTopics(config.hubGroup());
  }

  // ---------------------------------------------------------------- handlers

  /**
   * Adds a handler for checked up frames (not TIME_SYNC_REQUEST, which the link answers). Called on
   * the hub context, in arrival order; frames that came before the first handler come first.
   */
  public void onUp(Consumer<UpFrame> handler) {
    upHandlers.add(Objects.requireNonNull(handler, "handler"));
  }

  /**
   * Adds a handler for state messages: a terminal's resource code and {@code true} for "online",
   * {@code false} for "offline" (its retained state or its last will). Called on the hub context.
   */
  public void onState(BiConsumer<String, Boolean> handler) {
    Objects.requireNonNull(handler, "handler");
    stateHandlers.add(change -> handler.accept(change.resourceCode(), change.online()));
  }

  /**
   * Adds a handler told {@code false} when the connection to the broker drops and {@code true} when
   * it is back with its subscriptions. Called on the hub context.
   */
  public void onConnection(Consumer<Boolean> handler) {
    connectionHandlers.add(Objects.requireNonNull(handler, "handler"));
  }

  // ---------------------------------------------------------------- sending

  /**
   * Sends a message to terminals: a frame with a fresh message id and the clock's timestamp,
   * signed, published with QoS 1 (not retained) on the command topic of the address. The future
   * completes on the hub context with the message id once the broker has taken the frame (PUBACK),
   * and fails at once, never blocking, when the broker is down ({@link Reason#DISCONNECTED}), the
   * queue is full, or no message id is available.
   */
  public Future<Long> send(Address to, Message message, boolean ackRequested) {
    String topic;
    try {
      checkOutgoing(to, message);
      topic = topics.commandTopic(to);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    long[] id = new long[1];
    CompletableFuture<Void> published =
        outbox.submit(
            topic,
            () -> {
              Frame frame =
                  Frame.of(to, ids.next(), 0, CommandGuard.micros(clock.instant()), message)
                      .withAckRequested(ackRequested);
              id[0] = frame.messageId();
              return signer.encodeSigned(frame);
            });
    return onContext(published.thenApply(ok -> id[0]), hubContext);
  }

  /**
   * Signs a frame built by the caller (its id, refers-to, timestamp and flags kept) and publishes
   * it with QoS 1 on the command topic of {@code via}: its own address, or one terminal that
   * address reaches (terminals decide by the signed address, not the topic: PROTOCOL.md §7).
   * Re-publishing the same frame gives the same bytes (Ed25519 is deterministic): a retry of
   * PROTOCOL.md §3.5. Completes on the hub context.
   */
  public Future<Void> publish(Frame frame, Address via) {
    String topic;
    try {
      Objects.requireNonNull(frame, "frame");
      checkOutgoing(frame.address(), frame.message());
      topic = topics.commandTopic(Objects.requireNonNull(via, "via"));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return onContext(outbox.submit(topic, () -> signer.encodeSigned(frame)), hubContext);
  }

  /**
   * Publishes audio of a broadcast stream (PROTOCOL.md §5.11): signed, address ALL, QoS 0 on the
   * stream's audio topic, on the caller's thread. Audio bypasses the command queue: it is never
   * acknowledged, and a frame that waited behind commands would arrive after its presentation time.
   * Returns false, losing the frame as QoS 0 would, when the broker is down or the client refuses
   * it; the terminals count it as missed.
   */
  public boolean publishAudio(Message.Audio audio) {
    MqttLink current = link;
    if (closed || current == null || !current.connected()) {
      return false;
    }
    try {
      Frame frame =
          Frame.of(Address.all(), ids.next(), 0, CommandGuard.micros(clock.instant()), audio);
      current.publish(topics.audioTopic(audio.streamId()), signer.encodeSigned(frame), 0, false);
      audioOut.increment();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** AUDIO frames handed to the broker. */
  public long audioOut() {
    return audioOut.sum();
  }

  private static void checkOutgoing(Address to, Message message) {
    Objects.requireNonNull(to, "address");
    Objects.requireNonNull(message, "message");
    if (message.type().direction != MessageType.Direction.TO_TERMINAL) {
      throw new IllegalArgumentException(message.type() + " is not a hub-to-terminal message");
    }
    if (message.type() == MessageType.AUDIO) {
      throw new IllegalArgumentException("AUDIO goes on a stream's audio topic, not a command");
    }
    if (to.kind() == Address.Kind.HUB) {
      throw new IllegalArgumentException("a command cannot be addressed to the hub");
    }
  }

  // ---------------------------------------------------------------- state and counters

  /** True while connected to the broker. */
  public boolean connected() {
    MqttLink current = link;
    return !closed && current != null && current.connected();
  }

  public HubLinkConfig config() {
    return config;
  }

  public Topics topics() {
    return topics;
  }

  /** Up frames accepted (decoded, address matching the topic), time sync requests included. */
  public long framesIn() {
    return framesIn.sum();
  }

  /** Frames the broker acknowledged: commands and time sync responses. */
  public long framesOut() {
    return framesOut.sum();
  }

  /**
   * Up and state messages dropped: undecodable, address not the topic's resource code, a
   * hub-to-terminal type, an unknown state, or no handler registered and the buffer full.
   */
  public long framesDropped() {
    return framesDropped.sum();
  }

  /** TIME_SYNC_REQUESTs answered (response acknowledged by the broker). */
  public long timeSyncsAnswered() {
    return timeSyncsAnswered.sum();
  }

  /** State messages ("online" / "offline") accepted. */
  public long statesIn() {
    return statesIn.sum();
  }

  /** Publishes waiting for a free slot in the in-flight window now. */
  public int sendsWaiting() {
    return outbox.waiting();
  }

  /**
   * Disconnects cleanly and fails the sends still waiting. Blocks up to a few seconds while the
   * broker acknowledges the DISCONNECT: call it at shutdown, not on an event loop. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    MqttLink current = link;
    if (current != null) {
      current.close();
    }
    outbox.failAll(
        new LinkException(Reason.DISCONNECTED, "the hub link " + config.clientId() + " is closed"));
    outbox.shutdown();
    timeSyncAnswers.shutdownNow();
  }

  @Override
  public String toString() {
    return "HubLink[" + config.clientId() + " @ " + config.brokerUrl() + "]";
  }

  // ---------------------------------------------------------------- receiving (Paho's thread)

  private void onMessage(String topic, byte[] payload, boolean duplicate) {
    Instant receivedAt = clock.instant();
    String resourceCode = topics.resourceCodeOf(topic);
    if (resourceCode == null) {
      dropped(topic, "not an up or state topic");
      return;
    }
    if (topic.endsWith("/state")) {
      onStateMessage(topic, resourceCode, payload);
      return;
    }
    Frame frame;
    try {
      frame = FrameCodec.decode(payload);
    } catch (ProtocolException e) {
      dropped(topic, "does not decode: " + e.getMessage());
      return;
    }
    Address sender = frame.address();
    if (sender.kind() != Address.Kind.TERMINAL || !sender.code().equals(resourceCode)) {
      // PROTOCOL.md §7: a terminal speaks for itself only, on its own topic.
      dropped(topic, "the frame's address " + sender + " is not the topic's resource code");
      return;
    }
    if (frame.type().direction != MessageType.Direction.TO_HUB) {
      dropped(topic, frame.type() + " is a hub-to-terminal message");
      return;
    }
    framesIn.increment();
    if (frame.message() instanceof Message.TimeSyncRequest request) {
      try {
        timeSyncAnswers.execute(() -> answerTimeSync(resourceCode, frame, request, receivedAt));
      } catch (RejectedExecutionException closing) {
        // the link is closing: the terminal asks again later
      }
      return;
    }
    upHandlers.deliver(new UpFrame(resourceCode, frame, receivedAt));
  }

  private void onStateMessage(String topic, String resourceCode, byte[] payload) {
    String state = new String(payload, StandardCharsets.US_ASCII);
    if (payload.length == 0) {
      return; // a retained state being cleared: nothing to report
    }
    if (!state.equals(Topics.ONLINE) && !state.equals(Topics.OFFLINE)) {
      dropped(topic, "state is neither 'online' nor 'offline'");
      return;
    }
    statesIn.increment();
    stateHandlers.deliver(new StateChange(resourceCode, state.equals(Topics.ONLINE)));
  }

  /**
   * Answers on the time-sync thread: t2 is the clock at receipt, t3 the clock just before the
   * response goes to the broker (taken when its turn in the window comes). Every terminal gets an
   * answer, pending ones (not yet accepted by an operator) included: time sync is no command and
   * changes nothing on the terminal, and a pending terminal must be synchronised already when it is
   * accepted, or its first commands would be refused as STALE.
   */
  private void answerTimeSync(
      String resourceCode, Frame request, Message.TimeSyncRequest sync, Instant receivedAt) {
    long t2 = CommandGuard.micros(receivedAt);
    Address terminal = Address.terminal(resourceCode);
    outbox
        .submit(
            topics.commandTopic(terminal),
            () -> {
              long t3 = CommandGuard.micros(clock.instant());
              Frame response =
                  Frame.of(
                      terminal,
                      ids.next(),
                      request.messageId(),
                      t3,
                      new Message.TimeSyncResponse(sync.t1(), t2, t3));
              return signer.encodeSigned(response);
            })
        .whenComplete(
            (ok, error) -> {
              if (error == null) {
                timeSyncsAnswered.increment();
              } else {
                // The terminal asks again after 5 s; a lost answer costs nothing more.
                LOG.debug("time sync answer to {} failed: {}", resourceCode, unwrap(error));
              }
            });
  }

  /**
   * The connection dropped. Everything in flight fails at once, and the link is replaced by a fresh
   * one rather than left to reconnect by itself: Paho keeps the publishes that awaited PUBACK and,
   * after its own reconnect, resends them with the topic aliases of the dead connection, a protocol
   * error that mosquitto answers by closing the connection, again at every attempt. A fresh client
   * has nothing to resend, and the broker keeps the hub's session (subscriptions, queued up frames)
   * for it all the same.
   */
  private void onLost(MqttLink lost) {
    outbox.failAll(downException());
    connectionHandlers.deliver(false);
    if (closed) {
      return;
    }
    outbox.execute(lost::close); // stops its own reconnecting and frees Paho's threads
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    long delay =
        reconnectDelayMillis.getAndUpdate(d -> Math.min(2 * d, MAX_RECONNECT_DELAY_MILLIS));
    outbox.schedule(this::reconnect, delay);
  }

  private void reconnect() {
    if (closed) {
      return;
    }
    MqttLink.connect(config.mqtt())
        .thenCompose(
            fresh -> {
              if (closed) {
                fresh.close();
                return CompletableFuture.failedFuture(downException());
              }
              return attach(fresh);
            })
        .whenComplete(
            (ok, error) -> {
              if (closed) {
                return;
              }
              if (error != null) {
                LOG.warn(
                    "Hub link {}: reconnecting failed: {}; trying again in {} s",
                    config.clientId(),
                    unwrap(error).getMessage(),
                    reconnectDelayMillis.get() / 1000);
                scheduleReconnect();
                return;
              }
              reconnectDelayMillis.set(FIRST_RECONNECT_DELAY_MILLIS);
              LOG.info("Hub link {} reconnected to {}", config.clientId(), config.brokerUrl());
              connectionHandlers.deliver(true);
            });
  }

  /** Counts a dropped message; logs at most one line a minute, with the latest reason. */
  private void dropped(String topic, String reason) {
    framesDropped.increment();
    long now = System.nanoTime();
    long last = lastDropLog.get();
    if (now - last >= DROP_LOG_EVERY_NANOS && lastDropLog.compareAndSet(last, now)) {
      LOG.warn(
          "Dropped a message on {}: {}. {} dropped since the start (logged at most once a minute);"
              + " a terminal that sends these is misconfigured or not speaking protocol 1.0",
          topic,
          reason,
          framesDropped.sum());
    }
  }

  private LinkException downException() {
    return new LinkException(
        Reason.DISCONNECTED,
        "not sent: the hub's MQTT link to "
            + config.brokerUrl()
            + " is down; it reconnects by itself, send again when it is back");
  }

  private static Throwable unwrap(Throwable error) {
    while (error instanceof CompletionException && error.getCause() != null) {
      error = error.getCause();
    }
    return error;
  }

  // ---------------------------------------------------------------- hub-context delivery

  /**
   * Handlers of one kind, touched only on the hub context. Until the first handler arrives, items
   * are kept (when {@code keepEarly}) so that nothing the broker delivered right after connecting
   * is lost.
   */
  private final class HandlerList<T> {
    private final String what;
    private final List<Consumer<T>> handlers = new CopyOnWriteArrayList<>();
    private ArrayDeque<T> early; // hub context only; null once a handler is registered

    HandlerList(String what, boolean keepEarly) {
      this.what = what;
      this.early = keepEarly ? new ArrayDeque<>() : null;
    }

    void add(Consumer<T> handler) {
      onHubContext(
          () -> {
            handlers.add(handler);
            ArrayDeque<T> kept = early;
            early = null;
            if (kept != null) {
              for (T item : kept) {
                call(handler, item);
              }
            }
          });
    }

    /** From any thread: hands the item to the handlers on the hub context. */
    void deliver(T item) {
      hubContext.runOnContext(
          v -> {
            if (handlers.isEmpty()) {
              if (early != null && early.size() < MAX_EARLY) {
                early.add(item);
              } else if (early != null) {
                dropped("(before a handler)", "no " + what + " handler yet and the buffer is full");
              }
              return;
            }
            for (Consumer<T> handler : handlers) {
              call(handler, item);
            }
          });
    }

    private void call(Consumer<T> handler, T item) {
      try {
        handler.accept(item);
      } catch (RuntimeException e) {
        LOG.error("The hub's {} handler failed on {}", what, item, e);
      }
    }
  }

  private void onHubContext(Runnable action) {
    if (Vertx.currentContext() == hubContext) {
      action.run();
    } else {
      hubContext.runOnContext(v -> action.run());
    }
  }

  // ---------------------------------------------------------------- the in-flight window

  /**
   * Publishes in order with at most {@code maxInFlight} awaiting PUBACK: Paho refuses a QoS 1
   * publish beyond the broker's receive maximum instead of queueing it. A waiting publish is
   * encoded (stamped, numbered, signed) only when it goes out, so its timestamp is fresh.
   *
   * <p>A publish that finds a free slot goes out on the caller's thread. Waiting ones go out on the
   * link's own sender thread, never on Paho's: Paho completes publishes on its callback thread, and
   * a long queue drained there delays incoming frames and Paho's own handling of a lost connection.
   * When the connection drops, publishes awaiting PUBACK fail at once and free their slots: with a
   * persistent session Paho would hold them until a reconnect, maybe for ever.
   */
  private final class Outbox {
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>(); // guarded by this
    private final Set<Pending> inFlight = new HashSet<>(); // guarded by this
    private final ScheduledExecutorService sender =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "hub-link-sender " + config.clientId());
              thread.setDaemon(true);
              return thread;
            });

    /** One publish; settled once, by its PUBACK, its failure, or the loss of the connection. */
    private final class Pending {
      final String topic;
      final Supplier<byte[]> encode;
      final CompletableFuture<Void> done = new CompletableFuture<>();
      final AtomicBoolean settled = new AtomicBoolean();

      Pending(String topic, Supplier<byte[]> encode) {
        this.topic = topic;
        this.encode = encode;
      }
    }

    CompletableFuture<Void> submit(String topic, Supplier<byte[]> encode) {
      Pending pending = new Pending(topic, encode);
      if (!connected()) {
        pending.done.completeExceptionally(downException());
        return pending.done;
      }
      boolean now;
      synchronized (this) {
        if (inFlight.size() < config.maxInFlight()) {
          inFlight.add(pending);
          now = true;
        } else if (waiting.size() < config.maxWaiting()) {
          waiting.add(pending);
          now = false;
        } else {
          pending.done.completeExceptionally(
              new LinkException(
                  Reason.IO_ERROR,
                  "not sent: "
                      + waiting.size()
                      + " publishes already wait for the broker, which is too slow for this"
                      + " load; try again later"));
          return pending.done;
        }
      }
      if (now) {
        dispatch(pending);
      }
      return pending.done;
    }

    synchronized int waiting() {
      return waiting.size();
    }

    private void dispatch(Pending pending) {
      CompletableFuture<Void> published;
      try {
        published = link.publish(pending.topic, pending.encode.get(), 1, false);
      } catch (RuntimeException e) {
        published = CompletableFuture.failedFuture(e);
      }
      published.whenComplete((ok, error) -> settle(pending, error));
    }

    /** Completes a publish and hands its slot to the next waiting one, on the sender thread. */
    private void settle(Pending pending, Throwable error) {
      if (!pending.settled.compareAndSet(false, true)) {
        return; // already failed when the connection dropped
      }
      if (error == null) {
        framesOut.increment();
        pending.done.complete(null);
      } else {
        pending.done.completeExceptionally(unwrap(error));
      }
      Pending next;
      synchronized (this) {
        inFlight.remove(pending);
        next = waiting.poll();
        if (next != null) {
          inFlight.add(next);
        }
      }
      if (next != null) {
        try {
          sender.execute(() -> dispatch(next));
        } catch (RejectedExecutionException closedMeanwhile) {
          settle(next, downException());
        }
      }
    }

    /** Fails everything waiting or awaiting PUBACK: the connection is gone, or the link closed. */
    void failAll(LinkException reason) {
      List<Pending> failed;
      synchronized (this) {
        failed = new ArrayList<>(waiting);
        failed.addAll(inFlight);
        waiting.clear();
        inFlight.clear();
      }
      for (Pending pending : failed) {
        if (pending.settled.compareAndSet(false, true)) {
          pending.done.completeExceptionally(reason);
        }
      }
    }

    /** Runs a task on the sender thread (unless the link is closed). */
    void execute(Runnable task) {
      try {
        sender.execute(task);
      } catch (RejectedExecutionException closedMeanwhile) {
        // nothing left to do
      }
    }

    void schedule(Runnable task, long delayMillis) {
      try {
        sender.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closedMeanwhile) {
        // nothing left to do
      }
    }

    void shutdown() {
      sender.shutdownNow();
    }
  }
}
