package org.villagecast.controller.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.villagecast.protocol.testing.FreePort;

/**
 * The embedded HiveMQ CE broker with Paho MQTT v5 clients: what the hub and the terminals rely on
 * (retained state, last will, shared subscriptions, QoS 1 sessions across a restart), a taken port,
 * and the hub's logging left alone. HiveMQ CE was built for Netty 4.1 and runs here on the Netty
 * 4.2 that Vert.x 5 brings, so these tests are also that compatibility check.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedBrokerTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir static Path sharedDir;
  static EmbeddedBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker =
        EmbeddedBroker.start(new BrokerConfig("127.0.0.1", FreePort.find(), sharedDir))
            .get(60, TimeUnit.SECONDS);
    System.out.printf("embedded broker started in %d ms%n", broker.startTime().toMillis());
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      long begin = System.nanoTime();
      broker.close();
      System.out.printf(
          "embedded broker stopped in %d ms%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    }
  }

  /**
   * Verifies that the broker listens on the configured loopback port and writes its configuration
   * under the hub's data directory: one listener, file persistence, no usage statistics.
   */
  @Test
  void start_listensOnLoopbackWithItsOwnConfig() throws Exception {
    // GIVEN the broker of this class
    Path config = sharedDir.resolve("broker/conf/config.xml");

    // WHEN looking at its URL and its configuration
    String xml = Files.readString(config);

    // THEN
    assertThat(broker.url()).isEqualTo("tcp://127.0.0.1:" + broker.config().port());
    assertThat(xml)
        .contains("<bind-address>127.0.0.1</bind-address>")
        .contains("<port>" + broker.config().port() + "</port>")
        .contains("<mode>file</mode>")
        .contains("<enabled>false</enabled>");
    assertThat(xml.split("<tcp-listener>", -1)).hasSize(2);
    assertThat(broker.startTime()).isPositive();
  }

  /**
   * Verifies that a Paho v5 client subscribing after a retained publish gets it with the retained
   * flag, and that a live publish reaches a subscriber as a normal message.
   */
  @Test
  void retained_deliveredToLateSubscriber() throws Exception {
    // GIVEN a retained "online" on a state topic
    try (PahoClient terminal = PahoClient.connect(broker.url(), "retained-terminal");
        PahoClient hub = PahoClient.connect(broker.url(), "retained-hub")) {
      terminal.publish("vc/v1/t/42000000000000000000001/state", "online", 1, true);

      // WHEN the hub subscribes afterwards, and the terminal publishes again live
      hub.subscribe("vc/v1/t/+/state", 1);
      PahoClient.Received retained = hub.next(WAIT);
      terminal.publish("vc/v1/t/42000000000000000000001/state", "offline", 1, true);
      PahoClient.Received live = hub.next(WAIT);

      // THEN
      assertThat(retained)
          .isEqualTo(
              new PahoClient.Received("vc/v1/t/42000000000000000000001/state", "online", true, 1));
      assertThat(live)
          .isEqualTo(
              new PahoClient.Received(
                  "vc/v1/t/42000000000000000000001/state", "offline", false, 1));
    }
  }

  /**
   * Verifies that the broker publishes a client's last will, retained, when the connection drops
   * without DISCONNECT, and does not when the client disconnects cleanly.
   */
  @Test
  void lastWill_publishedOnDropOnly() throws Exception {
    // GIVEN a hub listening and two terminals with wills
    String dropped = "vc/v1/t/42000000000000000000002/state";
    String clean = "vc/v1/t/42000000000000000000003/state";
    try (PahoClient hub = PahoClient.connect(broker.url(), "will-hub")) {
      hub.subscribe(dropped, 1);
      hub.subscribe(clean, 1);
      PahoClient first = PahoClient.connect(broker.url(), "will-1", withWill(dropped));
      PahoClient second = PahoClient.connect(broker.url(), "will-2", withWill(clean));

      // WHEN one loses its connection and the other disconnects cleanly
      first.dropConnection();
      second.close();
      List<PahoClient.Received> seen = hub.collect(Duration.ofSeconds(3));

      // THEN only the dropped one's will arrives, and it stays retained for later subscribers
      assertThat(seen).containsExactly(new PahoClient.Received(dropped, "offline", false, 1));
      try (PahoClient late = PahoClient.connect(broker.url(), "will-late")) {
        late.subscribe(dropped, 1);
        assertThat(late.next(WAIT)).isEqualTo(new PahoClient.Received(dropped, "offline", true, 1));
      }
    }
  }

  /**
   * Verifies that two members of an MQTT 5 shared subscription ($share/hubs/...) share the
   * messages: each message reaches exactly one of them, and when one member leaves, the other gets
   * everything. (HiveMQ hands a shared message to the first member with room in its window, so with
   * a light load one member may get them all: the split is not asserted.)
   */
  @Test
  void sharedSubscription_eachMessageToOneMember() throws Exception {
    // GIVEN two hubs in one share group and a terminal
    String topic = "vc/v1/t/42000000000000000000004/up";
    try (PahoClient a = PahoClient.connect(broker.url(), "share-a");
        PahoClient b = PahoClient.connect(broker.url(), "share-b");
        PahoClient terminal = PahoClient.connect(broker.url(), "share-terminal")) {
      a.subscribe("$share/hubs/vc/v1/t/+/up", 1);
      b.subscribe("$share/hubs/vc/v1/t/+/up", 1);

      // WHEN the terminal publishes 40 messages, then hub a leaves and it publishes 10 more
      for (int i = 0; i < 40; i++) {
        terminal.publish(topic, "m" + i, 1, false);
      }
      List<PahoClient.Received> toA = a.collect(Duration.ofSeconds(1));
      List<PahoClient.Received> toB = b.collect(Duration.ofMillis(200));
      a.close();
      for (int i = 40; i < 50; i++) {
        terminal.publish(topic, "m" + i, 1, false);
      }
      List<PahoClient.Received> afterwards = b.collect(Duration.ofSeconds(1));
      System.out.printf(
          "shared subscription: %d to a, %d to b; after a left, %d to b%n",
          toA.size(), toB.size(), afterwards.size());

      // THEN every message arrived exactly once, the last ten all at b
      assertThat(
              java.util.stream.Stream.of(toA, toB, afterwards)
                  .flatMap(List::stream)
                  .map(PahoClient.Received::payload))
          .hasSize(50)
          .doesNotHaveDuplicates();
      assertThat(afterwards)
          .extracting(PahoClient.Received::payload)
          .containsExactly("m40", "m41", "m42", "m43", "m44", "m45", "m46", "m47", "m48", "m49");
    }
  }

  /**
   * Verifies that the broker's logging stays the hub's: HiveMQ's own logback.xml does not take over
   * (pattern, root appender), and HiveMQ logs at WARN.
   */
  @Test
  void logging_remainsTheHubs() {
    // GIVEN a started broker (this class's)
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    // WHEN looking at the logback configuration
    ConsoleAppender<?> console =
        (ConsoleAppender<?>)
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");

    // THEN it is the hub's logback.xml, not HiveMQ's
    assertThat(console).isNotNull();
    assertThat(((PatternLayoutEncoder) console.getEncoder()).getPattern())
        .isEqualTo("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{0} - %msg%n");
    assertThat(context.getLogger("com.hivemq").getEffectiveLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("migrations").getEffectiveLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("io.netty").getEffectiveLevel()).isEqualTo(Level.WARN);
  }

  /**
   * Verifies that a QoS 1 persistent session survives a broker restart with file persistence: the
   * messages published while the subscriber was away arrive after the restart, in order.
   */
  @Test
  void persistentSession_queuedQos1SurvivesRestart(@TempDir Path dataDir) throws Exception {
    // GIVEN a broker with file persistence and a hub with a persistent session, now offline
    BrokerConfig config = new BrokerConfig("127.0.0.1", FreePort.find(), dataDir);
    EmbeddedBroker first = EmbeddedBroker.start(config).get(60, TimeUnit.SECONDS);
    MqttConnectionOptions persistent = PahoClient.options(false, 3600);
    try (PahoClient hub = PahoClient.connect(first.url(), "restart-hub", persistent)) {
      hub.subscribe("vc/v1/t/+/up", 1);
    }
    try (PahoClient terminal = PahoClient.connect(first.url(), "restart-terminal")) {
      for (int i = 0; i < 5; i++) {
        terminal.publish("vc/v1/t/42000000000000000000005/up", "queued-" + i, 1, false);
      }
    }

    // WHEN the broker restarts on the same data directory and the hub comes back
    long stopBegin = System.nanoTime();
    first.close();
    long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopBegin);
    EmbeddedBroker second = EmbeddedBroker.start(config).get(60, TimeUnit.SECONDS);
    System.out.printf(
        "file persistence: stop %d ms, restart %d ms%n", stopMillis, second.startTime().toMillis());
    try (PahoClient hub = PahoClient.connect(second.url(), "restart-hub", persistent)) {
      List<PahoClient.Received> queued = hub.collect(Duration.ofSeconds(2));

      // THEN the five queued messages arrive, in order
      assertThat(queued)
          .extracting(PahoClient.Received::payload)
          .containsExactly("queued-0", "queued-1", "queued-2", "queued-3", "queued-4");
    } finally {
      second.close();
    }
  }

  /** Verifies that in-memory persistence forgets sessions across a restart, as configured. */
  @Test
  void inMemory_forgetsSessionsOnRestart(@TempDir Path dataDir) throws Exception {
    // GIVEN an in-memory broker and an offline persistent session with one queued message
    BrokerConfig config =
        new BrokerConfig("127.0.0.1", FreePort.find(), dataDir)
            .withPersistence(BrokerConfig.Persistence.IN_MEMORY);
    EmbeddedBroker first = EmbeddedBroker.start(config).get(60, TimeUnit.SECONDS);
    MqttConnectionOptions persistent = PahoClient.options(false, 3600);
    try (PahoClient hub = PahoClient.connect(first.url(), "memory-hub", persistent)) {
      hub.subscribe("vc/v1/t/+/up", 1);
    }
    try (PahoClient terminal = PahoClient.connect(first.url(), "memory-terminal")) {
      terminal.publish("vc/v1/t/42000000000000000000006/up", "lost", 1, false);
    }

    // WHEN it restarts
    first.close();
    EmbeddedBroker second = EmbeddedBroker.start(config).get(60, TimeUnit.SECONDS);
    try (PahoClient hub = PahoClient.connect(second.url(), "memory-hub", persistent)) {
      // THEN nothing was kept
      assertThat(hub.collect(Duration.ofSeconds(1))).isEmpty();
      assertThat(Files.readString(dataDir.resolve("broker/conf/config.xml")))
          .contains("<mode>in-memory</mode>");
    } finally {
      second.close();
    }
  }

  /** Verifies that a taken port fails the start with the message that says what to do. */
  @Test
  void portInUse_failsClearly(@TempDir Path dataDir) throws Exception {
    // GIVEN something listening on the port
    try (ServerSocket other = new ServerSocket()) {
      other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = other.getLocalPort();

      // WHEN the broker starts on it
      long begin = System.nanoTime();
      var start = EmbeddedBroker.start(new BrokerConfig("127.0.0.1", port, dataDir));

      // THEN it fails at once, saying what to do
      assertThatThrownBy(() -> start.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(BrokerException.class)
          .hasMessageStartingWith(
              "port " + port + " is in use: stop the other broker or set broker.port");
      assertThat(System.nanoTime() - begin).isLessThan(TimeUnit.SECONDS.toNanos(2));
    }
  }

  /** Verifies that a second broker on the port of a running one fails the same clear way. */
  @Test
  void portOfRunningBroker_failsClearly(@TempDir Path dataDir) {
    // GIVEN the broker of this class
    int port = broker.config().port();

    // WHEN another starts on its port
    var start = EmbeddedBroker.start(new BrokerConfig("127.0.0.1", port, dataDir));

    // THEN
    assertThatThrownBy(() -> start.get(10, TimeUnit.SECONDS))
        .cause()
        .isInstanceOf(BrokerException.class)
        .hasMessageStartingWith("port " + port + " is in use");
  }

  /**
   * Verifies that a client connecting from another address of this machine (not loopback) is
   * refused: anonymous access is for loopback only. Skipped on a machine with no such address.
   */
  @Test
  void nonLoopbackClient_refused(@TempDir Path dataDir) throws Exception {
    // GIVEN a broker bound to every address, and an address of this machine that is not loopback
    InetAddress outside = nonLoopbackAddress();
    Assumptions.assumeTrue(outside != null, "this machine has no non-loopback IPv4 address");
    EmbeddedBroker wide =
        EmbeddedBroker.start(new BrokerConfig("0.0.0.0", FreePort.find(), dataDir))
            .get(60, TimeUnit.SECONDS);
    try {
      String remoteUrl = "tcp://" + outside.getHostAddress() + ":" + wide.config().port();

      // WHEN a client connects through that address, and another through loopback
      assertThatThrownBy(() -> PahoClient.connect(remoteUrl, "remote-terminal").close())
          // THEN the first is refused (CONNACK 0x87, not authorized), the second accepted
          .isInstanceOf(MqttException.class)
          .extracting(e -> ((MqttException) e).getReasonCode())
          .isEqualTo(0x87);
      try (PahoClient local = PahoClient.connect(wide.url(), "local-terminal")) {
        local.publish("vc/v1/t/42000000000000000000007/up", "ok", 1, false);
      }
      assertThat(wide.url()).isEqualTo("tcp://127.0.0.1:" + wide.config().port());
      assertThat(wide.refusedClients()).isEqualTo(1);
    } finally {
      wide.close();
    }
  }

  private static MqttConnectionOptions withWill(String stateTopic) {
    MqttConnectionOptions options = PahoClient.options(true, 0);
    MqttMessage will = new MqttMessage("offline".getBytes(), 1, true, null);
    options.setWill(stateTopic, will);
    return options;
  }

  private static InetAddress nonLoopbackAddress() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof java.net.Inet4Address && !address.isLoopbackAddress()) {
          return address;
        }
      }
    }
    return null;
  }
}
