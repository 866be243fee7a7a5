package org.villagecast.controller.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's own MQTT 5 broker: HiveMQ Community Edition, embedded, with one TCP listener.
 *
 * <p>It writes its configuration ({@code config.xml}) at every start into {@code
 * {dataDir}/broker/conf}, keeps sessions under {@code {dataDir}/broker/data} and accepts anonymous
 * clients from this machine only (see {@link LoopbackOnlyAccess}). Retained messages, last wills,
 * shared subscriptions ({@code $share/group/filter}) and persistent QoS 1 sessions work as MQTT 5
 * says; {@code EmbeddedBrokerTest} checks them with Paho clients.
 *
 * <p>HiveMQ's logging bootstrap is switched off: it would replace the hub's logback configuration
 * with its own. HiveMQ logs through the hub's SLF4J, at WARN (the hub's {@code logback.xml}).
 */
public final class EmbeddedBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

  /** How long {@link #close()} waits for HiveMQ to stop. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Messages queued for one offline client. The hub's own session is the one that matters: while
   * the hub restarts, every terminal's acks and reports queue for it. Oldest go first when full:
   * the newest status of a terminal is worth more than an old one.
   */
  static final int MAX_QUEUED_MESSAGES = 100_000;

  /**
   * QoS 1 publishes a client may have unacknowledged (the MQTT 5 receive maximum it announces).
   * HiveMQ's default of 10 throttles the hub, which publishes commands, retries and time sync
   * answers in bursts: a hub link on this broker may use up to this as its in-flight window ({@code
   * HubLinkConfig.withMaxInFlight}).
   */
  public static final int SERVER_RECEIVE_MAXIMUM = 1_000;

  private final BrokerConfig config;
  private final EmbeddedHiveMQ hivemq;
  private final LoopbackOnlyAccess access;
  private volatile Duration startTime = Duration.ZERO;
  private CompletableFuture<Void> stopped; // guarded by this

  private EmbeddedBroker(BrokerConfig config, EmbeddedHiveMQ hivemq, LoopbackOnlyAccess access) {
    this.config = config;
    this.hivemq = hivemq;
    this.access = access;
  }

  /**
   * Starts the broker. Never throws: the future fails with a {@link BrokerException} when the port
   * is taken, the host is not an address of this machine, the data directory cannot be written or
   * HiveMQ does not start. It completes on a HiveMQ thread.
   */
  public static CompletableFuture<EmbeddedBroker> start(BrokerConfig config) {
    long begin = System.nanoTime();
    EmbeddedBroker broker;
    try {
      checkPortFree(config);
      Path dir = config.brokerDir();
      Path conf = Files.createDirectories(dir.resolve("conf"));
      Path data = Files.createDirectories(dir.resolve("data"));
      Path extensions = Files.createDirectories(dir.resolve("extensions"));
      writeConfig(conf, config);
      LoopbackOnlyAccess access = new LoopbackOnlyAccess();
      EmbeddedHiveMQ hivemq =
          EmbeddedHiveMQ.builder()
              .withConfigurationFolder(conf)
              .withDataFolder(data)
              .withExtensionsFolder(extensions)
              .withEmbeddedExtension(
                  EmbeddedExtension.builder()
                      .withId("villagecast-loopback-access")
                      .withName("villagecast: anonymous clients from loopback only")
                      .withVersion("1")
                      .withAuthor("villagecast")
                      .withPriority(1000)
                      .withStartPriority(1000)
                      .withExtensionMain(access)
                      .build())
              .withoutLoggingBootstrap()
              .build();
      broker = new EmbeddedBroker(config, hivemq, access);
    } catch (BrokerException e) {
      return CompletableFuture.failedFuture(e);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(
          new BrokerException(
              "the embedded MQTT broker cannot use "
                  + config.brokerDir()
                  + ": "
                  + e
                  + "; check that the hub's data directory is writable",
              e));
    }
    EmbeddedBroker started = broker;
    return broker
        .hivemq
        .start()
        .handle(
            (ok, error) -> {
              if (error != null) {
                return started.failStart(startFailed(config, unwrap(error)));
              }
              if (!listening(config)) {
                // HiveMQ logs a listener that failed to bind and starts anyway.
                return started.failStart(portInUse(config, null));
              }
              started.startTime = Duration.ofNanos(System.nanoTime() - begin);
              started.logStarted();
              return CompletableFuture.completedFuture(started);
            })
        .thenCompose(result -> result);
  }

  /** Frees what a failed start holds, then fails with the reason. */
  private CompletableFuture<EmbeddedBroker> failStart(BrokerException reason) {
    return closeAsync()
        .handle(
            (ok, ignored) -> {
              throw new CompletionException(reason);
            });
  }

  public BrokerConfig config() {
    return config;
  }

  /**
   * The URL clients on this machine connect to, e.g. {@code tcp://127.0.0.1:1883}; a wildcard bind
   * address (0.0.0.0, ::) gives the loopback address.
   */
  public String url() {
    String host = config.host();
    if (host.equals("0.0.0.0")) {
      host = "127.0.0.1";
    } else if (host.equals("::") || host.equals("[::]")) {
      host = "[::1]";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return "tcp://" + host + ":" + config.port();
  }

  /** From the call to {@link #start} until the listener accepted connections. */
  public Duration startTime() {
    return startTime;
  }

  /** Clients refused because they connected from another machine. */
  public long refusedClients() {
    return access.refused();
  }

  /**
   * Stops the broker: every client is disconnected (their wills are published to nobody) and
   * sessions are saved when persistence is {@code FILE}. Idempotent; completes on a HiveMQ thread
   * with the time the stop took.
   */
  public synchronized CompletableFuture<Void> stop() {
    if (stopped == null) {
      long begin = System.nanoTime();
      stopped =
          closeAsync()
              .whenComplete(
                  (ok, error) -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - begin);
                    if (error != null) {
                      LOG.warn(
                          "Embedded MQTT broker on {} did not stop cleanly after {} ms: {}",
                          url(),
                          took.toMillis(),
                          unwrap(error).toString());
                    } else {
                      LOG.info(
                          "Embedded MQTT broker on {} stopped in {} ms", url(), took.toMillis());
                    }
                  });
    }
    return stopped;
  }

  /** Stops the broker and waits for it (at most 30 s). */
  @Override
  public void close() {
    try {
      stop().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("Embedded MQTT broker on {} did not stop within {}: {}", url(), STOP_TIMEOUT, e);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedBroker[" + url() + ", " + config.persistence() + "]";
  }

  // ---- start helpers ----

  private void logStarted() {
    LOG.info(
        "Embedded MQTT broker (HiveMQ CE) listening on {} after {} ms; persistence {}{}",
        url(),
        startTime.toMillis(),
        config.persistence() == BrokerConfig.Persistence.FILE ? "on disk in " : "in memory",
        config.persistence() == BrokerConfig.Persistence.FILE
            ? config.brokerDir().resolve("data").toString()
            : "");
    LOG.info(
        "Embedded MQTT broker accepts anonymous clients from this machine (loopback) only and"
            + " refuses all others: no broker credentials exist yet");
    if (!isLoopback(config.host())) {
      LOG.warn(
          "Embedded MQTT broker binds to {}, so other machines can reach port {}, but it refuses"
              + " them (anonymous access is for loopback only); for remote terminals use an"
              + " external broker with per-terminal credentials",
          config.host(),
          config.port());
    }
  }

  /**
   * Fails early and clearly when the port is taken: HiveMQ itself only logs a listener that cannot
   * bind and then runs without it.
   */
  private static void checkPortFree(BrokerConfig config) {
    InetAddress address;
    try {
      address = InetAddress.getByName(stripBrackets(config.host()));
    } catch (UnknownHostException e) {
      throw new BrokerException(
          "broker.host '"
              + config.host()
              + "' is not a known host name or address; fix broker.host",
          e);
    }
    try (ServerSocket probe = new ServerSocket()) {
      // Netty binds with SO_REUSEADDR, so a port in TIME_WAIT is free for it too.
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(address, config.port()));
    } catch (BindException e) {
      throw String.valueOf(e.getMessage()).contains("assign")
          ? new BrokerException(
              "broker.host "
                  + config.host()
                  + " is not an address of this machine; use 127.0.0.1, 0.0.0.0 or one of its"
                  + " own addresses",
              e)
          : portInUse(config, e);
    } catch (IOException e) {
      throw new BrokerException(
          "cannot open port " + config.port() + " on " + config.host() + ": " + e.getMessage(), e);
    }
  }

  private static BrokerException portInUse(BrokerConfig config, Throwable cause) {
    return new BrokerException(
        "port "
            + config.port()
            + " is in use: stop the other broker or set broker.port"
            + " (the embedded MQTT broker cannot listen on "
            + config.host()
            + ":"
            + config.port()
            + ")",
        cause);
  }

  private static BrokerException startFailed(BrokerConfig config, Throwable error) {
    return new BrokerException(
        "the embedded MQTT broker (HiveMQ CE) did not start on "
            + config.host()
            + ":"
            + config.port()
            + ": "
            + error
            + "; see the log above, or set an external broker",
        error);
  }

  private static boolean listening(BrokerConfig config) {
    String host = stripBrackets(config.host());
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, config.port()), 2_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(stripBrackets(host)).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /**
   * The whole HiveMQ configuration, rewritten at every start so that the hub's settings are the
   * only source. Written to a temporary file and moved, so a crash never leaves half a file.
   */
  static void writeConfig(Path confDir, BrokerConfig config) throws IOException {
    String persistence =
        config.persistence() == BrokerConfig.Persistence.FILE ? "file" : "in-memory";
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<!-- Written by the villagecast hub at every start from its broker settings;"
            + " edits here are lost. -->\n"
            + "<hivemq>\n"
            + "  <listeners>\n"
            + "    <tcp-listener>\n"
            + "      <port>"
            + config.port()
            + "</port>\n"
            + "      <bind-address>"
            + stripBrackets(config.host())
            + "</bind-address>\n"
            + "      <name>villagecast</name>\n"
            + "    </tcp-listener>\n"
            + "  </listeners>\n"
            + "  <mqtt>\n"
            + "    <queued-messages>\n"
            + "      <max-queue-size>"
            + MAX_QUEUED_MESSAGES
            + "</max-queue-size>\n"
            + "      <strategy>discard-oldest</strategy>\n"
            + "    </queued-messages>\n"
            + "    <receive-maximum>\n"
            + "      <server-receive-maximum>"
            + SERVER_RECEIVE_MAXIMUM
            + "</server-receive-maximum>\n"
            + "    </receive-maximum>\n"
            // Paho 1.2.5 gives its publishes topic aliases when the broker allows them, and after a
            // reconnect resends unacknowledged ones with an alias of the dead connection, which is
            // a protocol error: aliases only save a few bytes of topic.
            + "    <topic-alias>\n"
            + "      <enabled>false</enabled>\n"
            + "    </topic-alias>\n"
            + "  </mqtt>\n"
            + "  <persistence>\n"
            + "    <mode>"
            + persistence
            + "</mode>\n"
            + "  </persistence>\n"
            + "  <anonymous-usage-statistics>\n"
            + "    <enabled>false</enabled>\n"
            + "  </anonymous-usage-statistics>\n"
            + "</hivemq>\n";
    Path target = confDir.resolve("config.xml");
    Path temporary = confDir.resolve("config.xml.tmp");
    Files.writeString(temporary, xml, StandardCharsets.UTF_8);
    Files.move(
        temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Stops HiveMQ and frees its threads, on a thread of its own: {@code EmbeddedHiveMQ.close()}
   * waits for HiveMQ's state-change thread, on which HiveMQ completes its futures, so calling it
   * from a completion handler would wait for itself.
   */
  private CompletableFuture<Void> closeAsync() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread closer =
        new Thread(
            () -> {
              try {
                hivemq.close();
                done.complete(null);
              } catch (Exception e) {
                done.completeExceptionally(e);
              }
            },
            "embedded-broker-stop");
    closer.setDaemon(true);
    closer.start();
    return done;
  }

  private static Throwable unwrap(Throwable error) {
    while ((error instanceof CompletionException || error instanceof ExecutionException)
        && error.getCause() != null) {
      error = error.getCause();
    }
    return error;
  }
}
