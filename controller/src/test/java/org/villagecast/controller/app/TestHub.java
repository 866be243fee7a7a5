package org.villagecast.controller.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.villagecast.controller.registry.TerminalView;
import org.villagecast.fieldtools.sim.FleetConfig;
import org.villagecast.fieldtools.sim.MqttTerminalFleet;
import org.villagecast.fieldtools.sim.TerminalSpec;
import org.villagecast.protocol.testing.FreePort;
import org.villagecast.protocol.testing.Mosquitto;

/**
 * The whole hub for integration tests: started as {@code ./run.sh} starts it (HubApplication, a
 * real broker, an H2 file database and keys in a temporary directory), with quick heartbeats and
 * retries, and reference terminals from field-tools. The broker is either a real mosquitto process
 * the test owns (and may kill) or the hub's embedded HiveMQ.
 */
public final class TestHub implements AutoCloseable {
  /** Which broker the terminals and the hub meet on. */
  public enum BrokerKind {
    MOSQUITTO,
    EMBEDDED
  }

  public static final String ADMIN_SECRET = "integration-test-secret";

  private final BrokerKind kind;
  private final Path dir;
  private final Map<String, String> env;
  private final Mosquitto mosquitto;
  private HubApplication app;
  private MqttTerminalFleet fleet;

  private TestHub(BrokerKind kind, Path dir, Map<String, String> env, Mosquitto mosquitto) {
    this.kind = kind;
    this.dir = dir;
    this.env = env;
    this.mosquitto = mosquitto;
  }

  /**
   * Starts a hub with 2 s heartbeats, retries after 1 s (at most every 2 s), no quiet hours, and
   * {@code overrides} (environment variable names, e.g. VILLAGECAST_TERMINAL_HEARTBEAT).
   */
  public static TestHub start(BrokerKind kind, Path dir, Map<String, String> overrides) {
    Mosquitto mosquitto = kind == BrokerKind.MOSQUITTO ? Mosquitto.startPersistent() : null;
    Map<String, String> env = new HashMap<>();
    env.put("VILLAGECAST_DATA_DIR", dir.resolve("data").toString());
    env.put("VILLAGECAST_HTTP_PORT", "0");
    if (mosquitto != null) {
      env.put("VILLAGECAST_BROKER_URL", mosquitto.url());
    } else {
      env.put("VILLAGECAST_BROKER_PORT", Integer.toString(FreePort.find()));
    }
    env.put("VILLAGECAST_TERMINAL_HEARTBEAT", "2s");
    env.put("VILLAGECAST_TERMINAL_QUIET_START", "00:00");
    env.put("VILLAGECAST_TERMINAL_QUIET_END", "00:00");
    env.put("VILLAGECAST_DELIVERY_FIRST_RETRY", "1s");
    env.put("VILLAGECAST_DELIVERY_MAX_RETRY_DELAY", "2s");
    env.put("VILLAGECAST_DELIVERY_DEADLINE", "30s");
    env.put("VILLAGECAST_ADMIN_SECRET", ADMIN_SECRET);
    env.putAll(overrides);
    TestHub hub = new TestHub(kind, dir, env, mosquitto);
    try {
      hub.app = HubApplication.start(HubConfig.load(null, env), false, env);
    } catch (RuntimeException | Error e) {
      hub.close(); // the broker process too: never leave it running
      throw e;
    }
    return hub;
  }

  public HubApplication app() {
    return app;
  }

  public BrokerKind kind() {
    return kind;
  }

  public Mosquitto mosquitto() {
    return mosquitto;
  }

  public String brokerUrl() {
    return app.brokerUrl();
  }

  /** Reference terminals on this hub's broker, trusting its key. */
  public MqttTerminalFleet terminals(List<TerminalSpec> specs, Duration keepAlive) {
    if (fleet != null) {
      throw new IllegalStateException("one fleet per test hub");
    }
    fleet =
        MqttTerminalFleet.start(
            FleetConfig.broker(brokerUrl()).withKeepAlive(keepAlive).withEventLoops(1),
            Map.of(app.keys().keyId(), app.keys().publicKey()),
            specs);
    return fleet;
  }

  public MqttTerminalFleet terminals(List<TerminalSpec> specs) {
    return terminals(specs, Duration.ofSeconds(30));
  }

  /** Stops the hub (not the broker, not the terminals) and starts it again on the same data. */
  public void restartHub() {
    app.close();
    app = HubApplication.start(HubConfig.load(null, env), false, env);
  }

  /**
   * The specs with clocks off by up to ±5 s and drifting up to ±100 ppm (seeded), each keeping
   * {@code frames} played frames in its play-out log.
   */
  public static List<TerminalSpec> wrongClocks(List<TerminalSpec> specs, long seed, int frames) {
    java.util.Random random = new java.util.Random(seed);
    return specs.stream()
        .map(
            spec ->
                spec.withClock(
                        (long) ((random.nextDouble() * 2 - 1) * 5_000_000),
                        (random.nextDouble() * 2 - 1) * 100)
                    .withProfile(spec.profile().withFrameLogCapacity(frames)))
        .toList();
  }

  /**
   * Accepts the terminals; waits until every one is online, has acknowledged its CONFIG and has
   * synced its clock.
   */
  public void acceptAll(MqttTerminalFleet fleet, List<String> codes) {
    Duration wait = Duration.ofSeconds(60);
    for (String code : codes) {
      await("terminal " + code + " known", wait, () -> known(code));
      get(app.registry().accept(code, "test"));
    }
    await(
        "every CONFIG acknowledged",
        wait,
        () -> get(app.commands().recent(1000)).stream().allMatch(c -> c.closed()));
    for (String code : codes) {
      await(
          "terminal " + code + " online and synced",
          wait,
          () ->
              view(code).status().online()
                  && get(
                      fleet.inspect(
                          code, org.villagecast.fieldtools.sim.ReferenceTerminal::synced)));
    }
  }

  private boolean known(String code) {
    try {
      app.registry().terminal(code).toCompletionStage().toCompletableFuture().get();
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** The terminal as the hub sees it now. */
  public TerminalView view(String code) {
    return get(app.registry().terminal(code));
  }

  public static <T> T get(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future failed: " + e.getMessage(), e);
    }
  }

  public static <T> T get(java.util.concurrent.CompletableFuture<T> future) {
    try {
      return future.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future failed: " + e.getMessage(), e);
    }
  }

  /** Polls until the condition holds, failing with {@code what} after the timeout. */
  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        assertThat(condition.getAsBoolean()).as("timed out waiting until " + what).isTrue();
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what);
      }
    }
  }

  @Override
  public void close() {
    if (fleet != null) {
      fleet.close();
    }
    if (app != null) {
      app.close();
    }
    if (mosquitto != null) {
      mosquitto.close();
    }
  }
}
