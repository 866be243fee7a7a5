package org.villagecast.protocol.link.mqtt;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.villagecast.protocol.link.LinkException;
import org.villagecast.protocol.link.LinkException.Reason;

/**
 * One MQTT 5 connection to a broker (Paho's {@code MqttAsyncClient}, in-memory persistence), which
 * reconnects by itself and re-subscribes what it had.
 *
 * <p><b>Threads.</b> Message and connection handlers run on Paho's callback thread, and returned
 * futures complete there or on the link's own scheduler thread. Callers with an event loop (the
 * Vert.x controller) must hop back onto their own context before touching their state, and nobody
 * may block on a link future inside a handler: Paho delivers acknowledgements on the thread the
 * handler would be blocking, so that deadlocks.
 *
 * <p><b>Reconnect.</b> When the connection drops (broker killed, network gone, keep-alive timeout)
 * the link reports {@code false} to {@link #onConnectionChange}, retries after 1 s, doubling the
 * delay up to 30 s, and on success re-subscribes every remembered filter before it reports {@code
 * true}. The back-off is the link's own rather than Paho's automatic reconnect, whose delay is a
 * static field shared by every client in the JVM (Paho 1.2.5). Publishing while disconnected fails
 * fast with {@link Reason#DISCONNECTED}: the caller (the delivery tracker) owns retries, and a
 * buffered siren command played minutes late is worse than a reported failure.
 *
 * <p><b>Close.</b> {@link #close()} sends DISCONNECT with reason 0, so the broker drops the last
 * will, and frees Paho's threads.
 */
public final class MqttLink implements AutoCloseable {

  /** Receives every message on the link's subscriptions. */
  @FunctionalInterface
  public interface MessageHandler {
    /**
     * Called on Paho's callback thread, in arrival order. Must not block and must not wait for a
     * link future; hop to your own executor or event loop instead. Exceptions are logged and
     * swallowed (an exception thrown into Paho would drop the connection).
     */
    void onMessage(String topic, byte[] payload, boolean duplicate);
  }

  /** The first reconnect delay; it doubles after every failed attempt. */
  public static final Duration FIRST_RECONNECT_DELAY = Duration.ofSeconds(1);

  /** The reconnect delay stops doubling here. */
  public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(30);

  private static final System.Logger LOG = System.getLogger(MqttLink.class.getName());
  private static final long CLOSE_QUIESCE_MILLIS = 500;
  private static final long CLOSE_WAIT_MILLIS = 5_000;

  private enum State {
    CONNECTING,
    CONNECTED,
    RECONNECTING,
    CLOSED
  }

  private final MqttLinkConfig config;
  private final MqttAsyncClient client;
  private final MqttConnectionOptions options;
  private final ScheduledExecutorService scheduler;
  private final Map<String, Integer> subscriptions =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<MessageHandler> messageHandlers = new CopyOnWriteArrayList<>();
  private final List<Consumer<Boolean>> connectionHandlers = new CopyOnWriteArrayList<>();

  private final Object lock = new Object();
  private State state = State.CONNECTING; // guarded by lock
  private final Backoff backoff = new Backoff(FIRST_RECONNECT_DELAY, MAX_RECONNECT_DELAY); // lock
  private boolean reconnectScheduled; // guarded by lock
  private long connectionEpoch; // guarded by lock; bumped on every loss
  private volatile boolean connected;

  private MqttLink(MqttLinkConfig config) throws MqttException {
    this.config = config;
    this.client =
        new MqttAsyncClient(config.brokerUrl(), config.clientId(), new MemoryPersistence());
    this.options = options(config);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "mqtt-link " + config.clientId());
              thread.setDaemon(true);
              return thread;
            });
    client.setCallback(new Callback());
  }

  /**
   * Connects to the broker. Never throws: the future fails with a {@link LinkException} whose
   * reason is {@link Reason#BROKER_UNREACHABLE} (refused, unknown host, no route), {@link
   * Reason#BAD_CREDENTIALS} (CONNACK 0x86, or 0x87 which mosquitto sends for a wrong password),
   * {@link Reason#TIMEOUT} (no CONNACK within the connect timeout) or another reason with the
   * broker's reason code in the message. A failed link holds no threads.
   */
  public static CompletableFuture<MqttLink> connect(MqttLinkConfig config) {
    if (config == null) {
      return CompletableFuture.failedFuture(new NullPointerException("config"));
    }
    MqttLink link;
    try {
      link = new MqttLink(config);
    } catch (MqttException | RuntimeException e) {
      return CompletableFuture.failedFuture(
          new LinkException(
              Reason.IO_ERROR, "MQTT link to " + config.brokerUrl() + ": " + e.getMessage(), e));
    }
    CompletableFuture<MqttLink> result = new CompletableFuture<>();
    CompletableFuture<Void> first = new CompletableFuture<>();
    link.attemptConnect(first);
    first.whenComplete(
        (ok, error) -> {
          if (error != null) {
            synchronized (link.lock) {
              link.state = State.CLOSED;
            }
            link.release();
            result.completeExceptionally(unwrap(error));
            return;
          }
          synchronized (link.lock) {
            if (link.state == State.CONNECTING) {
              link.state = State.CONNECTED;
            }
          }
          link.connected = true;
          LOG.log(INFO, "MQTT link {0} connected to {1}", config.clientId(), config.brokerUrl());
          if (!link.client.isConnected()) {
            // lost between CONNACK and here, while loss reports were still ignored
            link.connectionLost(null, 0);
          }
          result.complete(link);
        });
    return result;
  }

  public MqttLinkConfig config() {
    return config;
  }

  /** True while the link is connected and its subscriptions are in place. */
  public boolean connected() {
    return connected;
  }

  /**
   * Publishes one message. The future completes when the message is written (QoS 0) or acknowledged
   * (QoS 1 and 2). It fails with {@link Reason#DISCONNECTED} while the link is down, {@link
   * Reason#NOT_AUTHORIZED} when the broker's ACL refuses the topic (QoS 1 and 2 only: MQTT gives
   * QoS 0 no answer), and with an {@link IllegalArgumentException} for a bad topic or QoS.
   */
  public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained) {
    try {
      MqttLinkConfig.checkTopicName(topic, "topic");
      MqttLinkConfig.checkQos(qos);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (isClosed()) {
      return CompletableFuture.failedFuture(closedException("publish to " + topic));
    }
    byte[] body = payload == null ? new byte[0] : payload.clone();
    MqttMessage message = new MqttMessage(body, qos, retained, null);
    String what = "publish to " + topic;
    CompletableFuture<Void> result = new CompletableFuture<>();
    try {
      client.publish(topic, message, null, new Acknowledged(what, result));
    } catch (MqttException e) {
      result.completeExceptionally(MqttErrors.operationFailed(what, e));
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
    return result;
  }

  /**
   * Subscribes to a topic filter, wildcards and shared subscriptions ({@code $share/group/filter})
   * included. The filter is remembered and subscribed again after every reconnect; a filter the
   * broker refuses is forgotten. While the link is down the future fails with {@link
   * Reason#DISCONNECTED}, but the filter is still remembered and takes effect on reconnect.
   */
  public CompletableFuture<Void> subscribe(String topicFilter, int qos) {
    try {
      Objects.requireNonNull(topicFilter, "topicFilter");
      if (topicFilter.isEmpty()) {
        throw new IllegalArgumentException("topic filter must not be empty");
      }
      MqttLinkConfig.checkQos(qos);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (isClosed()) {
      return CompletableFuture.failedFuture(closedException("subscribe to " + topicFilter));
    }
    subscriptions.put(topicFilter, qos);
    return sendSubscribe(Map.of(topicFilter, qos));
  }

  /**
   * Unsubscribes and forgets the filter. While the link is down it completes at once if the broker
   * keeps no session (clean start, expiry 0: there is nothing to undo), else it fails with {@link
   * Reason#DISCONNECTED}.
   */
  public CompletableFuture<Void> unsubscribe(String topicFilter) {
    if (topicFilter == null || topicFilter.isEmpty()) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("topic filter must not be empty"));
    }
    subscriptions.remove(topicFilter);
    if (isClosed()) {
      return CompletableFuture.failedFuture(closedException("unsubscribe from " + topicFilter));
    }
    String what = "unsubscribe from " + topicFilter;
    CompletableFuture<Void> result = new CompletableFuture<>();
    try {
      client.unsubscribe(
          new String[] {topicFilter}, null, new Acknowledged(what, result), new MqttProperties());
    } catch (MqttException e) {
      LinkException failure = MqttErrors.operationFailed(what, e);
      if (failure.reason() == Reason.DISCONNECTED && !sessionOutlivesConnection()) {
        result.complete(null);
      } else {
        result.completeExceptionally(failure);
      }
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
    return result;
  }

  /** Adds a handler for every message that arrives (see {@link MessageHandler} on threads). */
  public void onMessage(MessageHandler handler) {
    messageHandlers.add(Objects.requireNonNull(handler, "handler"));
  }

  /**
   * Adds a handler told {@code false} when the connection drops and {@code true} when it is back
   * with its subscriptions; also {@code false} on {@link #close()} of a connected link. The first
   * connect is reported by the {@link #connect} future, not here. Runs on a link thread; must not
   * block.
   */
  public void onConnectionChange(Consumer<Boolean> handler) {
    connectionHandlers.add(Objects.requireNonNull(handler, "handler"));
  }

  /**
   * Disconnects cleanly (so the broker discards the last will), stops reconnecting and frees the
   * link's threads. Idempotent.
   */
  @Override
  public void close() {
    boolean wasConnected;
    synchronized (lock) {
      if (state == State.CLOSED) {
        return;
      }
      wasConnected = state == State.CONNECTED;
      state = State.CLOSED;
    }
    connected = false;
    scheduler.shutdownNow();
    if (client.isConnected()) {
      try {
        client
            .disconnect(CLOSE_QUIESCE_MILLIS, null, null, 0, new MqttProperties())
            .waitForCompletion(CLOSE_WAIT_MILLIS);
      } catch (MqttException e) {
        LOG.log(DEBUG, "MQTT link {0}: clean disconnect failed: {1}", config.clientId(), e);
      }
    }
    release();
    LOG.log(INFO, "MQTT link {0} closed", config.clientId());
    if (wasConnected) {
      fireConnectionChange(false);
    }
  }

  @Override
  public String toString() {
    return "MqttLink[" + config.clientId() + " @ " + config.brokerUrl() + "]";
  }

  // ---- connection handling ----

  private static MqttConnectionOptions options(MqttLinkConfig config) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    // Paho's timeout covers the TCP connect; the link's own deadline covers the CONNACK too.
    options.setConnectionTimeout((int) Math.max(1, ceilSeconds(config.connectTimeout())));
    options.setKeepAliveInterval(config.keepAliveSeconds());
    options.setCleanStart(config.cleanStart());
    if (config.sessionExpirySeconds() > 0) {
      options.setSessionExpiryInterval(config.sessionExpirySeconds());
    }
    options.setAutomaticReconnect(false);
    if (config.username() != null) {
      options.setUserName(config.username());
    }
    if (config.password() != null) {
      options.setPassword(config.password().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    MqttLinkConfig.Will will = config.will();
    if (will != null) {
      options.setWill(
          will.topic(), new MqttMessage(will.payload(), will.qos(), will.retained(), null));
    }
    return options;
  }

  private static long ceilSeconds(Duration duration) {
    return (duration.toMillis() + 999) / 1000;
  }

  /** One connection attempt, completed within the connect timeout whatever Paho does. */
  private void attemptConnect(CompletableFuture<Void> result) {
    ScheduledFuture<?> deadline;
    try {
      deadline =
          scheduler.schedule(
              () -> connectTimedOut(result), config.connectTimeout().toMillis(), MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      result.completeExceptionally(closedException("connect"));
      return;
    }
    result.whenComplete((ok, error) -> deadline.cancel(false));
    try {
      client.connect(
          options,
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              result.complete(null);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable error) {
              result.completeExceptionally(MqttErrors.connectFailed(config, error));
            }
          });
    } catch (MqttException e) {
      if (e.getReasonCode() == MqttClientException.REASON_CODE_CLIENT_CONNECTED) {
        result.complete(null); // a late CONNACK of a timed-out attempt got there first
      } else {
        result.completeExceptionally(MqttErrors.connectFailed(config, e));
      }
    } catch (RuntimeException e) {
      result.completeExceptionally(MqttErrors.connectFailed(config, e));
    }
  }

  private void connectTimedOut(CompletableFuture<Void> result) {
    if (result.isDone()) {
      return;
    }
    // Paho's async connect has no CONNACK timeout: a peer that accepts TCP and never answers
    // would hold the attempt (and every later one) forever. Drop the half-open connection.
    try {
      client.disconnectForcibly(0, 0, false);
    } catch (MqttException e) {
      LOG.log(DEBUG, "MQTT link {0}: dropping a stuck connect: {1}", config.clientId(), e);
    }
    result.completeExceptionally(MqttErrors.connectTimedOut(config));
  }

  private void connectionLost(Throwable cause, int reasonCode) {
    boolean wasConnected;
    synchronized (lock) {
      if (state == State.CLOSED || state == State.CONNECTING) {
        return;
      }
      wasConnected = state == State.CONNECTED;
      state = State.RECONNECTING;
      connectionEpoch++;
    }
    connected = false;
    if (wasConnected) {
      LOG.log(WARNING, MqttErrors.connectionLost(config, cause, reasonCode).getMessage());
      fireConnectionChange(false);
    }
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    long delay;
    synchronized (lock) {
      if (state == State.CLOSED || reconnectScheduled) {
        return;
      }
      reconnectScheduled = true;
      delay = backoff.nextMillis();
    }
    try {
      scheduler.schedule(this::reconnect, delay, MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      // closed meanwhile
    }
  }

  private void reconnect() {
    long epoch;
    synchronized (lock) {
      reconnectScheduled = false;
      if (state != State.RECONNECTING) {
        return;
      }
      epoch = connectionEpoch;
    }
    CompletableFuture<Void> attempt = new CompletableFuture<>();
    attemptConnect(attempt);
    attempt.whenComplete(
        (ok, error) -> {
          if (error == null) {
            reconnected(epoch);
          } else {
            LOG.log(DEBUG, "MQTT link {0}: reconnect failed: {1}", config.clientId(), error);
            scheduleReconnect();
          }
        });
  }

  private void reconnected(long epoch) {
    synchronized (lock) {
      if (state != State.RECONNECTING || connectionEpoch != epoch) {
        return;
      }
      backoff.reset();
    }
    resubscribe()
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                LOG.log(
                    WARNING,
                    "MQTT link {0}: re-subscribing after reconnect failed: {1}",
                    config.clientId(),
                    unwrap(error).getMessage());
              }
              synchronized (lock) {
                if (state != State.RECONNECTING || connectionEpoch != epoch) {
                  return; // lost again (or closed) while re-subscribing
                }
                state = State.CONNECTED;
              }
              connected = true;
              LOG.log(
                  INFO, "MQTT link {0} reconnected to {1}", config.clientId(), config.brokerUrl());
              fireConnectionChange(true);
            });
  }

  private CompletableFuture<Void> resubscribe() {
    Map<String, Integer> all;
    synchronized (subscriptions) {
      all = new LinkedHashMap<>(subscriptions);
    }
    if (all.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return sendSubscribe(all);
  }

  /** Sends one SUBSCRIBE; filters the broker refuses are forgotten, so reconnects skip them. */
  private CompletableFuture<Void> sendSubscribe(Map<String, Integer> filters) {
    List<String> names = new ArrayList<>(filters.keySet());
    MqttSubscription[] subscriptionArray = new MqttSubscription[names.size()];
    for (int i = 0; i < names.size(); i++) {
      subscriptionArray[i] = new MqttSubscription(names.get(i), filters.get(names.get(i)));
    }
    CompletableFuture<Void> result = new CompletableFuture<>();
    try {
      // The single-subscription overloads of Paho 1.2.5 fail with IndexOutOfBoundsException
      // when given no per-subscription listener; the array overload does not.
      client.subscribe(
          subscriptionArray,
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              int[] codes = token.getReasonCodes();
              LinkException refusal = null;
              for (int i = 0; codes != null && i < codes.length && i < names.size(); i++) {
                if (codes[i] >= 0x80) {
                  subscriptions.remove(names.get(i));
                  if (refusal == null) {
                    refusal = MqttErrors.refused("subscribe to " + names.get(i), codes[i]);
                  }
                }
              }
              if (refusal == null) {
                result.complete(null);
              } else {
                result.completeExceptionally(refusal);
              }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable error) {
              result.completeExceptionally(
                  MqttErrors.operationFailed("subscribe to " + String.join(", ", names), error));
            }
          },
          new MqttProperties());
    } catch (MqttException e) {
      result.completeExceptionally(
          MqttErrors.operationFailed("subscribe to " + String.join(", ", names), e));
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
    return result;
  }

  private void fireConnectionChange(boolean up) {
    for (Consumer<Boolean> handler : connectionHandlers) {
      try {
        handler.accept(up);
      } catch (RuntimeException e) {
        LOG.log(WARNING, "MQTT link " + config.clientId() + ": connection handler failed", e);
      }
    }
  }

  /** Frees Paho's threads and the scheduler; the client cannot be used afterwards. */
  private void release() {
    scheduler.shutdownNow();
    try {
      client.disconnectForcibly(0, 0, false);
    } catch (MqttException | RuntimeException e) {
      // already disconnected: nothing to drop
    }
    try {
      client.close(true);
    } catch (MqttException | RuntimeException e) {
      LOG.log(DEBUG, "MQTT link {0}: closing Paho client: {1}", config.clientId(), e);
    }
  }

  private boolean isClosed() {
    synchronized (lock) {
      return state == State.CLOSED;
    }
  }

  private boolean sessionOutlivesConnection() {
    return !config.cleanStart() || config.sessionExpirySeconds() > 0;
  }

  private LinkException closedException(String what) {
    return new LinkException(
        Reason.DISCONNECTED, what + " failed: the MQTT link " + config.clientId() + " is closed");
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  /** Completes a future from a Paho token, failing it on an error reason code in the ack. */
  private static final class Acknowledged implements MqttActionListener {
    private final String what;
    private final CompletableFuture<Void> result;

    Acknowledged(String what, CompletableFuture<Void> result) {
      this.what = what;
      this.result = result;
    }

    @Override
    public void onSuccess(IMqttToken token) {
      int[] codes = token.getReasonCodes();
      if (codes != null) {
        for (int code : codes) {
          if (code >= 0x80) {
            result.completeExceptionally(MqttErrors.refused(what, code));
            return;
          }
        }
      }
      result.complete(null);
    }

    @Override
    public void onFailure(IMqttToken token, Throwable error) {
      result.completeExceptionally(MqttErrors.operationFailed(what, error));
    }
  }

  /** Paho's callback: messages in, connection lost. */
  private final class Callback implements MqttCallback {
    @Override
    public void disconnected(MqttDisconnectResponse response) {
      connectionLost(response.getException(), response.getReturnCode());
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      LOG.log(WARNING, "MQTT link " + config.clientId() + ": " + exception.getMessage());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      byte[] payload = message.getPayload();
      boolean first = true;
      for (MessageHandler handler : messageHandlers) {
        try {
          handler.onMessage(topic, first ? payload : payload.clone(), message.isDuplicate());
        } catch (RuntimeException e) {
          LOG.log(
              WARNING,
              "MQTT link " + config.clientId() + ": message handler failed on " + topic,
              e);
        }
        first = false;
      }
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
      // publish futures complete through their own listeners
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      // the link tracks connects through its own listeners
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
      // no enhanced authentication
    }
  }
}
