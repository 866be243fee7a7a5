package org.villagecast.fieldtools.sim;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubAckMessage;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.villagecast.protocol.security.KeyRing;
import org.villagecast.protocol.topic.Topics;

/**
 * One simulated terminal on MQTT (PROTOCOL.md §3.1): client id = resource code, a retained
 * "offline" will on its state topic, retained "online" once connected, QoS 1 subscriptions to its
 * command topics, QoS 0 to the audio of the stream it plays. Reconnects with backoff after losing
 * the broker. Runs on its shard's event loop, like its terminal.
 *
 * <p>Keep-alive pings are sent by the shard's sweep rather than by the client, so that {@link
 * #kill()} can fall silent like a terminal whose power failed: the broker then notices by
 * keep-alive and publishes the will.
 */
final class MqttTerminalConnection implements TerminalOutput {
  private enum State {
    IDLE,
    CONNECTING,
    CONNECTED,
    KILLED,
    STOPPED
  }

  private static final int BACKLOG = 64;
  private static final System.Logger LOG = System.getLogger(MqttTerminalConnection.class.getName());

  private final FleetShard shard;
  private final Vertx vertx;
  private final FleetConfig config;
  private final Topics topics;
  private final FleetStats stats;
  private final ReferenceTerminal terminal;
  private final String initialCode;
  private final Set<String> commandTopics = new HashSet<>();
  private final Set<Long> streams = new HashSet<>();
  private final ArrayDeque<byte[]> backlog = new ArrayDeque<>();
  private MqttClient client;
  private State state = State.IDLE;
  private boolean linked;
  private boolean counted;
  private boolean identityChanged;
  private long lastSentNanos;
  private int failures;

  MqttTerminalConnection(FleetShard shard, TerminalSpec spec, KeyRing keys) {
    this.shard = shard;
    this.vertx = shard.vertx();
    this.config = shard.fleetConfig();
    this.topics = config.topics();
    this.stats = shard.stats();
    this.initialCode = spec.resourceCode();
    SimulatedClock clock =
        new SimulatedClock(Clock.systemUTC(), spec.clockOffsetMicros(), spec.clockDriftPpm());
    this.terminal =
        new ReferenceTerminal(spec.settings(), spec.profile(), keys, clock, shard.timer(), this);
    terminal.setFaults(spec.faults());
  }

  ReferenceTerminal terminal() {
    return terminal;
  }

  FleetShard shard() {
    return shard;
  }

  String initialCode() {
    return initialCode;
  }

  boolean connected() {
    return state == State.CONNECTED;
  }

  // ------------------------------------------------------------------ connection

  void connect() {
    if (state != State.IDLE) {
      return;
    }
    state = State.CONNECTING;
    shard.connecting++;
    String code = terminal.resourceCode();
    MqttClientOptions options =
        new MqttClientOptions()
            .setClientId(code)
            .setCleanSession(config.cleanSession())
            .setKeepAliveInterval((int) config.keepAlive().toSeconds())
            .setAutoKeepAlive(false)
            .setWillFlag(true)
            .setWillTopic(topics.stateTopic(code))
            .setWillMessageBytes(Buffer.buffer(Topics.OFFLINE))
            .setWillQoS(1)
            .setWillRetain(true)
            .setMaxInflightQueue(1000);
    options.setConnectTimeout(10_000);
    MqttClient attempt = MqttClient.create(vertx, options);
    client = attempt;
    attempt.publishHandler(this::onPublish);
    attempt.subscribeCompletionHandler(this::onSubscribed);
    attempt.closeHandler(closed -> onClosed(attempt));
    attempt.exceptionHandler(e -> LOG.log(System.Logger.Level.DEBUG, code + ": " + e));
    attempt
        .connect(config.port(), config.host())
        .onComplete(
            result -> {
              shard.connecting--;
              if (result.succeeded()) {
                onConnected(attempt);
              } else {
                onConnectFailed(attempt, result.cause());
              }
            });
  }

  private void onConnected(MqttClient attempt) {
    if (client != attempt || state != State.CONNECTING) {
      attempt.disconnect(); // killed or stopped while connecting
      return;
    }
    state = State.CONNECTED;
    failures = 0;
    counted = true;
    stats.connected.incrementAndGet();
    stats.connects.increment();
    lastSentNanos = System.nanoTime();
    String code = terminal.resourceCode();
    attempt.publish(
        topics.stateTopic(code), Buffer.buffer(Topics.ONLINE), MqttQoS.AT_LEAST_ONCE, false, true);
    commandTopics.clear();
    commandTopics.addAll(commandSubscriptions(terminal.settings()));
    Map<String, Integer> subscriptions = new HashMap<>();
    commandTopics.forEach(topic -> subscriptions.put(topic, 1));
    streams.forEach(stream -> subscriptions.put(topics.audioTopic(stream), 0));
    attempt.subscribe(subscriptions);
  }

  /** The first SUBACK after connecting: commands can reach the terminal, so its session starts. */
  private void onSubscribed(MqttSubAckMessage ack) {
    if (ack.grantedQoSLevels().contains(0x80)) {
      LOG.log(System.Logger.Level.WARNING, terminal.resourceCode() + ": a subscription refused");
    }
    if (state == State.CONNECTED && !linked) {
      linked = true;
      terminal.linkUp();
      while (!backlog.isEmpty() && state == State.CONNECTED) {
        publish(backlog.pollFirst(), true);
      }
    }
  }

  private void onConnectFailed(MqttClient attempt, Throwable cause) {
    if (client != attempt || state != State.CONNECTING) {
      return;
    }
    stats.connectFailures.increment();
    stats.lastConnectError = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    scheduleReconnect();
  }

  private void onClosed(MqttClient attempt) {
    if (client != attempt) {
      return;
    }
    boolean wasConnected = state == State.CONNECTED;
    if (counted) {
      counted = false; // a killed terminal was counted until the broker closed its connection
      stats.connected.decrementAndGet();
    }
    linked = false;
    terminal.linkDown();
    if (state == State.KILLED || state == State.STOPPED) {
      return;
    }
    if (identityChanged) {
      identityChanged = false;
      state = State.IDLE;
      shard.enqueue(this);
      return;
    }
    if (wasConnected) {
      stats.connectionsLost.increment();
    }
    if (state == State.CONNECTED || state == State.CONNECTING) {
      scheduleReconnect();
    }
  }

  /** Backs off 1 s, 2 s, 4 s … 30 s with jitter, so a fleet does not return as one storm. */
  private void scheduleReconnect() {
    state = State.IDLE;
    failures++;
    long base = Math.min(30_000L, 1000L << Math.min(failures - 1, 5));
    long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    vertx.setTimer(
        delay,
        t -> {
          if (state == State.IDLE) {
            shard.enqueue(this);
          }
        });
  }

  /** Called every second by the shard: a PINGREQ when nothing was sent for half the keep alive. */
  void keepAlive(long nowNanos) {
    if (state == State.CONNECTED && nowNanos - lastSentNanos >= config.keepAlive().toNanos() / 2) {
      lastSentNanos = nowNanos;
      client.ping();
    }
  }

  /**
   * Falls silent like a terminal that lost power: no frames, no pings, no reconnect. It
   * unsubscribes first so that QoS 1 commands (and their PUBACKs) do not keep the session alive;
   * the broker closes it after 1.5 × keep alive and publishes the "offline" will.
   */
  void kill() {
    if (state == State.CONNECTED) {
      client.publishHandler(message -> {});
      List<String> all = new ArrayList<>(commandTopics);
      streams.forEach(stream -> all.add(topics.audioTopic(stream)));
      client.unsubscribe(all);
    }
    state = State.KILLED;
    terminal.shutdown();
  }

  /** A deliberate stop: retained "offline", then DISCONNECT (which sends no will). */
  Future<Void> stop() {
    boolean wasConnected = state == State.CONNECTED;
    state = State.STOPPED;
    terminal.shutdown();
    if (!wasConnected) {
      return Future.succeededFuture();
    }
    client.publish(
        topics.stateTopic(terminal.resourceCode()),
        Buffer.buffer(Topics.OFFLINE),
        MqttQoS.AT_LEAST_ONCE,
        false,
        true);
    return client.disconnect().otherwiseEmpty();
  }

  // ------------------------------------------------------------------ TerminalOutput

  @Override
  public void send(byte[] frame, boolean reliable) {
    if (state == State.CONNECTED && linked) {
      publish(frame, reliable);
    } else if (reliable && state != State.KILLED && state != State.STOPPED) {
      keep(frame); // a report made while offline goes out on reconnect
    } else {
      stats.dropped.increment();
    }
  }

  private void publish(byte[] frame, boolean reliable) {
    stats.sent(frame);
    lastSentNanos = System.nanoTime();
    client
        .publish(
            topics.upTopic(terminal.resourceCode()),
            Buffer.buffer(frame),
            reliable ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE,
            false,
            false)
        .onFailure(
            e -> {
              if (reliable) {
                keep(frame);
              } else {
                stats.dropped.increment();
              }
            });
  }

  private void keep(byte[] frame) {
    if (backlog.size() >= BACKLOG) {
      backlog.pollFirst();
      stats.dropped.increment();
    }
    backlog.addLast(frame);
  }

  private void onPublish(MqttPublishMessage message) {
    stats.framesIn.increment();
    terminal.onFrame(message.payload().getBytes());
  }

  @Override
  public void listenToStream(long streamId) {
    if (streams.add(streamId) && state == State.CONNECTED) {
      client.subscribe(topics.audioTopic(streamId), 0);
    }
  }

  @Override
  public void stopListening(long streamId) {
    if (streams.remove(streamId) && state == State.CONNECTED) {
      client.unsubscribe(topics.audioTopic(streamId));
    }
  }

  @Override
  public void settingsChanged(TerminalSettings previous, TerminalSettings current) {
    if (state != State.CONNECTED) {
      return; // the next connect subscribes to the current topics
    }
    if (!previous.resourceCode().equals(current.resourceCode())) {
      // A new identity: new client id and topics (PROTOCOL.md §3.1), after the ACK already sent.
      client.publish(
          topics.stateTopic(previous.resourceCode()),
          Buffer.buffer(Topics.OFFLINE),
          MqttQoS.AT_LEAST_ONCE,
          false,
          true);
      identityChanged = true;
      client.disconnect();
      return;
    }
    List<String> wanted = commandSubscriptions(current);
    List<String> gone = new ArrayList<>(commandTopics);
    gone.removeAll(wanted);
    Map<String, Integer> added = new HashMap<>();
    for (String topic : wanted) {
      if (commandTopics.add(topic)) {
        added.put(topic, 1);
      }
    }
    gone.forEach(commandTopics::remove);
    if (!added.isEmpty()) {
      client.subscribe(added);
    }
    if (!gone.isEmpty()) {
      client.unsubscribe(gone);
    }
  }

  private List<String> commandSubscriptions(TerminalSettings settings) {
    return topics.commandSubscriptions(
        settings.resourceCode(), settings.areaCode(), settings.groups());
  }
}
