package org.villagecast.protocol.link.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.villagecast.protocol.link.Await;
import org.villagecast.protocol.link.LinkException;
import org.villagecast.protocol.link.LinkException.Reason;
import org.villagecast.protocol.testing.FreePort;
import org.villagecast.protocol.testing.Mosquitto;
import org.villagecast.protocol.testing.TcpProxy;

/** {@link MqttLink} against a real mosquitto that the tests start, cut off, kill and restart. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MqttLinkTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final AtomicInteger IDS = new AtomicInteger();

  private static Mosquitto broker;
  private final List<AutoCloseable> resources = new ArrayList<>();

  @BeforeAll
  static void startBroker() {
    broker = Mosquitto.start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @AfterEach
  void closeResources() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  /** A message as a handler saw it. */
  private record Received(String topic, String payload, boolean duplicate) {}

  private static String newClientId() {
    return "link-test-" + ProcessHandle.current().pid() + "-" + IDS.incrementAndGet();
  }

  private static MqttLinkConfig.Builder config(String url) {
    return MqttLinkConfig.builder(url, newClientId()).connectTimeout(Duration.ofSeconds(5));
  }

  private MqttLink connect(MqttLinkConfig config) throws Exception {
    MqttLink link = MqttLink.connect(config).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    resources.add(link);
    return link;
  }

  private MqttLink connect(String url) throws Exception {
    return connect(config(url).build());
  }

  private static BlockingQueue<Received> inbox(MqttLink link) {
    BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    link.onMessage(
        (topic, payload, dup) -> inbox.add(new Received(topic, new String(payload, UTF_8), dup)));
    return inbox;
  }

  private static Received next(BlockingQueue<Received> inbox) throws InterruptedException {
    Received message = inbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(message).as("a message within " + WAIT).isNotNull();
    return message;
  }

  private static LinkException failure(CompletableFuture<?> future) throws Exception {
    try {
      future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(LinkException.class);
      return (LinkException) e.getCause();
    }
    throw new AssertionError("expected the future to fail");
  }

  private static void get(CompletableFuture<?> future) throws Exception {
    future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Verifies that a message published on one link arrives on another, at every QoS. */
  @Test
  void publishSubscribe_roundTripAtEveryQos() throws Exception {
    // GIVEN a subscriber on a wildcard filter and a publisher
    MqttLink subscriber = connect(broker.url());
    MqttLink publisher = connect(broker.url());
    BlockingQueue<Received> inbox = inbox(subscriber);
    get(subscriber.subscribe("vc/v1/t/+/up", 2));

    for (int qos = 0; qos <= 2; qos++) {
      // WHEN a message goes out at this QoS
      get(
          publisher.publish(
              "vc/v1/t/T" + qos + "/up", ("hello " + qos).getBytes(UTF_8), qos, false));

      // THEN it arrives with its topic and bytes
      assertThat(next(inbox))
          .isEqualTo(new Received("vc/v1/t/T" + qos + "/up", "hello " + qos, false));
    }
    assertThat(subscriber.connected()).isTrue();
  }

  /** Verifies that a binary payload with every byte value survives the trip unchanged. */
  @Test
  void publish_binaryPayloadIsUnchanged() throws Exception {
    MqttLink subscriber = connect(broker.url());
    MqttLink publisher = connect(broker.url());
    BlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
    subscriber.onMessage((topic, payload, dup) -> inbox.add(payload));
    get(subscriber.subscribe("bin/x", 1));
    byte[] payload = new byte[1124];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) i;
    }

    get(publisher.publish("bin/x", payload, 1, false));

    assertThat(inbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(payload);
  }

  /** Verifies that a retained message reaches a subscriber that arrives after it was sent. */
  @Test
  void retained_seenByLateSubscriber() throws Exception {
    // GIVEN a retained state published before anyone listens
    MqttLink publisher = connect(broker.url());
    String topic = "vc/v1/t/" + newClientId() + "/state";
    get(publisher.publish(topic, "online".getBytes(UTF_8), 1, true));

    // WHEN a subscriber arrives later
    MqttLink late = connect(broker.url());
    BlockingQueue<Received> inbox = inbox(late);
    get(late.subscribe(topic, 1));

    // THEN it gets the retained state
    assertThat(next(inbox))
        .extracting(Received::topic, Received::payload)
        .containsExactly(topic, "online");
  }

  /**
   * Verifies that the broker publishes the last will when the link's connection is cut without a
   * DISCONNECT (a TCP reset between link and broker, as when a 4G modem drops).
   */
  @Test
  void will_publishedWhenConnectionIsCut() throws Exception {
    // GIVEN a watcher of the will topic, and a link with a will reaching the broker via a relay
    String willTopic = "vc/v1/t/" + newClientId() + "/state";
    MqttLink watcher = connect(broker.url());
    BlockingQueue<Received> inbox = inbox(watcher);
    get(watcher.subscribe(willTopic, 1));
    TcpProxy relay = TcpProxy.start(broker.port());
    resources.add(relay);
    connect(
        config(relay.url())
            .will(new MqttLinkConfig.Will(willTopic, "offline".getBytes(UTF_8), 1, false))
            .build());

    // WHEN the connection is reset
    relay.cutConnections();

    // THEN the broker publishes the will
    assertThat(next(inbox))
        .extracting(Received::topic, Received::payload)
        .containsExactly(willTopic, "offline");
  }

  /**
   * Verifies that close() disconnects cleanly, so the broker drops the will instead of sending it.
   */
  @Test
  void close_sendsNoWill() throws Exception {
    // GIVEN a watcher of the will topic and a link with a will
    String willTopic = "vc/v1/t/" + newClientId() + "/state";
    MqttLink watcher = connect(broker.url());
    BlockingQueue<Received> inbox = inbox(watcher);
    get(watcher.subscribe(willTopic, 1));
    MqttLinkConfig withWill =
        config(broker.url())
            .will(new MqttLinkConfig.Will(willTopic, "offline".getBytes(UTF_8), 1, false))
            .build();
    MqttLink link = MqttLink.connect(withWill).get(WAIT.toSeconds(), TimeUnit.SECONDS);

    // WHEN it is closed, and the broker has handled the goodbye
    link.close();
    String goodbye = "Client " + withWill.clientId() + " disconnected.";
    Await.until(
        () -> broker.log().contains(goodbye),
        WAIT,
        () -> "no clean DISCONNECT in\n" + broker.log());

    // THEN the next message on the will topic is a marker sent afterwards, not the will
    get(watcher.publish(willTopic, "marker".getBytes(UTF_8), 1, false));
    assertThat(next(inbox).payload()).isEqualTo("marker");
    assertThat(link.connected()).isFalse();
  }

  /** Verifies that a shared subscription splits messages between two links, each exactly once. */
  @Test
  void sharedSubscription_splitsMessagesBetweenLinks() throws Exception {
    // GIVEN two hubs in one shared-subscription group
    String topic = "vc/v1/t/" + newClientId() + "/up";
    MqttLink hubA = connect(broker.url());
    MqttLink hubB = connect(broker.url());
    List<String> gotA = new CopyOnWriteArrayList<>();
    List<String> gotB = new CopyOnWriteArrayList<>();
    hubA.onMessage((t, payload, dup) -> gotA.add(new String(payload, UTF_8)));
    hubB.onMessage((t, payload, dup) -> gotB.add(new String(payload, UTF_8)));
    get(hubA.subscribe("$share/hubs/" + topic, 1));
    get(hubB.subscribe("$share/hubs/" + topic, 1));

    // WHEN a terminal publishes 100 status messages
    MqttLink terminal = connect(broker.url());
    int count = 100;
    for (int i = 0; i < count; i++) {
      get(terminal.publish(topic, ("m" + i).getBytes(UTF_8), 1, false));
    }

    // THEN every message reaches exactly one hub, and both hubs get some
    Await.until(
        () -> gotA.size() + gotB.size() >= count,
        WAIT,
        () -> gotA.size() + gotB.size() + " of " + count);
    Set<String> all = new HashSet<>(gotA);
    all.addAll(gotB);
    assertThat(gotA.size() + gotB.size()).isEqualTo(count);
    assertThat(all).hasSize(count);
    assertThat(gotA).isNotEmpty();
    assertThat(gotB).isNotEmpty();
  }

  /**
   * Verifies that after the broker is killed (SIGKILL) and restarted, the link reports down then
   * up, re-subscribes by itself and receives again; and that publishing while down fails fast.
   */
  @Test
  void brokerKilledAndRestarted_linkReconnectsAndResubscribes() throws Exception {
    try (Mosquitto own = Mosquitto.start()) {
      // GIVEN a subscribed link that records its connection changes
      MqttLink link = connect(own.url());
      BlockingQueue<Boolean> changes = new LinkedBlockingQueue<>();
      link.onConnectionChange(changes::add);
      BlockingQueue<Received> inbox = inbox(link);
      get(link.subscribe("vc/v1/a/+/cmd", 1));

      // WHEN the broker dies
      own.kill();

      // THEN the link reports down, and publishing fails fast with DISCONNECTED
      assertThat(changes.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isFalse();
      assertThat(link.connected()).isFalse();
      assertThat(failure(link.publish("vc/x", new byte[] {1}, 1, false)).reason())
          .isEqualTo(Reason.DISCONNECTED);

      // WHEN the broker comes back on the same port
      own.restart();

      // THEN the link reports up, with its subscription back in place
      assertThat(changes.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(link.connected()).isTrue();
      MqttLink publisher = connect(own.url());
      get(publisher.publish("vc/v1/a/3301/cmd", "play".getBytes(UTF_8), 1, false));
      assertThat(next(inbox))
          .extracting(Received::topic, Received::payload)
          .containsExactly("vc/v1/a/3301/cmd", "play");
      assertThat(changes).isEmpty();
      link.close();
      publisher.close();
    }
  }

  /**
   * Verifies the reconnect back-off against the real clock: with the broker gone and its port
   * hanging up on every attempt, the attempts come 1 s after the loss, then 2 s and 4 s apart.
   * Lower bounds only: a slow machine makes the gaps longer, never shorter. (The whole schedule up
   * to the 30 s cap is in {@link BackoffTest}.)
   */
  @Test
  void brokerGone_reconnectAttemptsBackOff() throws Exception {
    Mosquitto own = Mosquitto.start();
    resources.add(own);
    MqttLink link = connect(own.url());
    BlockingQueue<Boolean> changes = new LinkedBlockingQueue<>();
    link.onConnectionChange(changes::add);
    long killed = System.nanoTime();
    own.kill();
    assertThat(changes.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isFalse();
    try (ServerSocket hangUp = new ServerSocket(own.port(), 50, InetAddress.getLoopbackAddress())) {
      BlockingQueue<Long> attempts = new LinkedBlockingQueue<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    Socket socket = hangUp.accept();
                    attempts.add(System.nanoTime());
                    socket.close();
                  }
                } catch (IOException closed) {
                  // test over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();

      long[] at = new long[3];
      for (int i = 0; i < at.length; i++) {
        Long time = attempts.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(time).as("reconnect attempt %d", i + 1).isNotNull();
        at[i] = time;
      }

      assertThat(Duration.ofNanos(at[0] - killed)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
      assertThat(Duration.ofNanos(at[1] - at[0])).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
      assertThat(Duration.ofNanos(at[2] - at[1])).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
      assertThat(link.connected()).isFalse();
      assertThat(changes).isEmpty();
    }
  }

  /** Verifies that a broker nobody listens for fails the connect with BROKER_UNREACHABLE, fast. */
  @Test
  void connect_unreachableBroker() throws Exception {
    String url = "tcp://127.0.0.1:" + FreePort.find();
    MqttLinkConfig config = config(url).connectTimeout(Duration.ofSeconds(5)).build();

    LinkException e = failure(MqttLink.connect(config));

    assertThat(e.reason()).isEqualTo(Reason.BROKER_UNREACHABLE);
    assertThat(e.getMessage())
        .contains("MQTT broker " + url + " unreachable: connection refused")
        .contains("is the broker running and the URL right?")
        .contains("32103");
    awaitNoThreadsOf(config.clientId());
  }

  /**
   * Verifies that a peer that accepts TCP but never answers CONNECT fails the connect with TIMEOUT
   * within the connect timeout (Paho alone would wait forever), leaving no threads.
   */
  @Test
  void connect_silentPeerTimesOut() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new CopyOnWriteArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept());
                  }
                } catch (IOException closed) {
                  // test over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      MqttLinkConfig config =
          config("tcp://127.0.0.1:" + silent.getLocalPort())
              .connectTimeout(Duration.ofSeconds(1))
              .build();

      LinkException e = failure(MqttLink.connect(config));

      assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
      assertThat(e.getMessage()).contains("no CONNACK").contains("1000 ms");
      awaitNoThreadsOf(config.clientId());
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  /**
   * Verifies that a wrong password and an anonymous client are refused with BAD_CREDENTIALS by a
   * broker with a password file, and that the right password connects.
   */
  @Test
  void connect_badCredentials() throws Exception {
    try (Mosquitto secured = Mosquitto.startSecured("alice", "s3cret", null)) {
      MqttLinkConfig wrongPassword = config(secured.url()).credentials("alice", "wrong").build();
      LinkException wrong = failure(MqttLink.connect(wrongPassword));
      assertThat(wrong.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
      assertThat(wrong.getMessage())
          .contains("MQTT broker " + secured.url() + " refused the credentials for user 'alice'")
          .contains("bad user name or password")
          .contains("reason code 0x8");
      awaitNoThreadsOf(wrongPassword.clientId());

      LinkException anonymous = failure(MqttLink.connect(config(secured.url()).build()));
      assertThat(anonymous.reason()).isEqualTo(Reason.BAD_CREDENTIALS);
      assertThat(anonymous.getMessage()).contains("anonymous").contains("user name and password");

      MqttLink right = connect(config(secured.url()).credentials("alice", "s3cret").build());
      assertThat(right.connected()).isTrue();
      right.close();
    }
  }

  /** Verifies that a publish the broker's access control list forbids fails with NOT_AUTHORIZED. */
  @Test
  void publish_forbiddenTopicIsNotAuthorized() throws Exception {
    try (Mosquitto secured =
        Mosquitto.startSecured("alice", "s3cret", "user alice\ntopic readwrite allowed/#")) {
      MqttLink link = connect(config(secured.url()).credentials("alice", "s3cret").build());

      LinkException e = failure(link.publish("forbidden/x", new byte[] {1}, 1, false));

      assertThat(e.reason()).isEqualTo(Reason.NOT_AUTHORIZED);
      assertThat(e.getMessage()).contains("publish to forbidden/x").contains("0x87");
      get(link.publish("allowed/x", new byte[] {1}, 1, false));
      link.close();
    }
  }

  /**
   * Verifies that a handler that throws neither drops the connection nor starves later messages.
   */
  @Test
  void handlerException_doesNotDropTheLink() throws Exception {
    MqttLink link = connect(broker.url());
    AtomicInteger calls = new AtomicInteger();
    link.onMessage(
        (topic, payload, dup) -> {
          if (calls.incrementAndGet() == 1) {
            throw new IllegalStateException("handler bug");
          }
        });
    BlockingQueue<Received> inbox = inbox(link);
    String topic = "h/" + newClientId();
    get(link.subscribe(topic, 1));

    get(link.publish(topic, "one".getBytes(UTF_8), 1, false));
    get(link.publish(topic, "two".getBytes(UTF_8), 1, false));

    assertThat(next(inbox).payload()).isEqualTo("one");
    assertThat(next(inbox).payload()).isEqualTo("two");
    assertThat(link.connected()).isTrue();
  }

  /** Verifies that an unsubscribed filter delivers nothing more. */
  @Test
  void unsubscribe_stopsDelivery() throws Exception {
    MqttLink link = connect(broker.url());
    BlockingQueue<Received> inbox = inbox(link);
    String topic = "u/" + newClientId();
    get(link.subscribe(topic, 1));
    get(link.subscribe(topic + "/marker", 1));

    get(link.unsubscribe(topic));
    get(link.publish(topic, "after".getBytes(UTF_8), 1, false));
    get(link.publish(topic + "/marker", "marker".getBytes(UTF_8), 1, false));

    // the marker was published after, on the same connection: had "after" been delivered, it
    // would have come first
    assertThat(next(inbox).payload()).isEqualTo("marker");
  }

  /** Verifies that bad arguments fail the future instead of throwing. */
  @Test
  void badArguments_failTheFuture() throws Exception {
    MqttLink link = connect(broker.url());

    assertThatThrownBy(() -> get(link.publish("a/+", new byte[0], 0, false)))
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> get(link.publish("a", new byte[0], 3, false)))
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> get(link.subscribe("", 0)))
        .hasCauseInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Verifies that a handler may close its own link from Paho's callback thread without stalling
   * (Paho completes the DISCONNECT on that very thread) and that the link still frees its threads.
   */
  @Test
  void close_fromAMessageHandlerDoesNotStall() throws Exception {
    MqttLinkConfig config = config(broker.url()).build();
    MqttLink link = MqttLink.connect(config).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    CompletableFuture<Long> closedAfterNanos = new CompletableFuture<>();
    link.onMessage(
        (topic, payload, dup) -> {
          long start = System.nanoTime();
          link.close();
          closedAfterNanos.complete(System.nanoTime() - start);
        });
    get(link.subscribe("stop/" + config.clientId(), 0));

    get(link.publish("stop/" + config.clientId(), new byte[0], 0, false));

    long nanos = closedAfterNanos.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(nanos)).isLessThan(Duration.ofSeconds(4));
    awaitNoThreadsOf(config.clientId());
  }

  /** Verifies that close() fires a last "down", frees Paho's threads and fails later calls. */
  @Test
  void close_freesThreadsAndFailsLaterCalls() throws Exception {
    MqttLinkConfig config = config(broker.url()).build();
    MqttLink link = MqttLink.connect(config).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    List<Boolean> changes = new CopyOnWriteArrayList<>();
    link.onConnectionChange(changes::add);
    assertThat(threadsOf(config.clientId())).isNotEmpty();

    link.close();
    link.close();

    assertThat(changes).containsExactly(false);
    awaitNoThreadsOf(config.clientId());
    assertThat(failure(link.publish("x", new byte[0], 0, false)).reason())
        .isEqualTo(Reason.DISCONNECTED);
  }

  private static List<String> threadsOf(String clientId) {
    List<String> names = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.isAlive() && thread.getName().endsWith(clientId)) {
        names.add(thread.getName());
      }
    }
    return names;
  }

  private static void awaitNoThreadsOf(String clientId) {
    Await.until(
        () -> threadsOf(clientId).isEmpty(), WAIT, () -> "threads left: " + threadsOf(clientId));
  }
}
