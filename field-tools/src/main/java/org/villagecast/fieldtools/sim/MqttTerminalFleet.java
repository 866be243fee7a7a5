package org.villagecast.fieldtools.sim;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Thousands of reference terminals on MQTT in one JVM: Vert.x MQTT clients on a few event loops, no
 * thread per terminal. Each terminal lives on one event loop with its connection and timers; look
 * at or change it through {@link #inspect} and {@link #update}, which run on that loop.
 *
 * <p>Start it, let the terminals connect at the configured rate ({@link #awaitConnected}), drive
 * them from a hub, then {@link #close()}: every terminal publishes its retained "offline" and
 * disconnects.
 */
public final class MqttTerminalFleet implements AutoCloseable {
  private final Vertx vertx;
  private final boolean ownsVertx;
  private final FleetConfig config;
  private final FleetStats stats = new FleetStats();
  private final SharedVerifications verifications = new SharedVerifications(4096);
  private final Map<String, MqttTerminalConnection> connections = new ConcurrentHashMap<>();
  private final List<String> deployments = new ArrayList<>();
  private final int size;

  private MqttTerminalFleet(Vertx vertx, boolean ownsVertx, FleetConfig config, int size) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.config = config;
    this.size = size;
  }

  /** Starts a fleet on its own Vert.x instance with {@code config.eventLoops()} event loops. */
  public static MqttTerminalFleet start(
      FleetConfig config, Map<Integer, PublicKey> hubKeys, List<TerminalSpec> terminals) {
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(config.eventLoops())
                .setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(2));
    return start(vertx, true, config, hubKeys, terminals);
  }

  /** Starts a fleet on a Vert.x instance the caller owns (e.g. the hub's, for a demo county). */
  public static MqttTerminalFleet start(
      Vertx vertx,
      FleetConfig config,
      Map<Integer, PublicKey> hubKeys,
      List<TerminalSpec> terminals) {
    return start(vertx, false, config, hubKeys, terminals);
  }

  private static MqttTerminalFleet start(
      Vertx vertx,
      boolean ownsVertx,
      FleetConfig config,
      Map<Integer, PublicKey> hubKeys,
      List<TerminalSpec> terminals) {
    MqttTerminalFleet fleet = new MqttTerminalFleet(vertx, ownsVertx, config, terminals.size());
    int shards = config.eventLoops();
    List<Future<String>> deployed = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      List<TerminalSpec> share = new ArrayList<>();
      for (int t = i; t < terminals.size(); t += shards) {
        share.add(terminals.get(t));
      }
      FleetShard shard =
          new FleetShard(
              config,
              fleet.stats,
              Map.copyOf(hubKeys),
              fleet.verifications,
              share,
              fleet.connections);
      deployed.add(vertx.deployVerticle(shard));
    }
    try {
      for (Future<String> deployment : deployed) {
        fleet.deployments.add(
            deployment.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));
      }
    } catch (Exception e) {
      fleet.close();
      throw new IllegalStateException("the fleet did not start: " + e.getMessage(), e);
    }
    return fleet;
  }

  public FleetConfig config() {
    return config;
  }

  public int size() {
    return size;
  }

  public FleetStats stats() {
    return stats;
  }

  public SharedVerifications verifications() {
    return verifications;
  }

  /** The resource codes the terminals started with. */
  public List<String> resourceCodes() {
    return List.copyOf(connections.keySet());
  }

  /** Waits until at least {@code count} terminals are connected; false on timeout. */
  public boolean awaitConnected(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (stats.connected() < count) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /** Runs {@code query} on the terminal's own event loop and returns its result. */
  public <T> CompletableFuture<T> inspect(
      String resourceCode, Function<ReferenceTerminal, T> query) {
    MqttTerminalConnection connection = connection(resourceCode);
    CompletableFuture<T> result = new CompletableFuture<>();
    contextOf(connection)
        .runOnContext(
            v -> {
              try {
                result.complete(query.apply(connection.terminal()));
              } catch (RuntimeException e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }

  /** Changes a terminal on its own event loop (e.g. gives it faults). */
  public CompletableFuture<Void> update(String resourceCode, Consumer<ReferenceTerminal> change) {
    return inspect(
        resourceCode,
        terminal -> {
          change.accept(terminal);
          return null;
        });
  }

  /** Whether the terminal is connected to the broker now. */
  public CompletableFuture<Boolean> isConnected(String resourceCode) {
    MqttTerminalConnection connection = connection(resourceCode);
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    contextOf(connection).runOnContext(v -> result.complete(connection.connected()));
    return result;
  }

  /** Cuts a terminal's power: it falls silent and the broker publishes its will. */
  public CompletableFuture<Void> kill(String resourceCode) {
    MqttTerminalConnection connection = connection(resourceCode);
    CompletableFuture<Void> result = new CompletableFuture<>();
    contextOf(connection)
        .runOnContext(
            v -> {
              connection.kill();
              result.complete(null);
            });
    return result;
  }

  private MqttTerminalConnection connection(String resourceCode) {
    MqttTerminalConnection connection = connections.get(resourceCode);
    if (connection == null) {
      throw new IllegalArgumentException("no terminal " + resourceCode + " in this fleet");
    }
    return connection;
  }

  private static Context contextOf(MqttTerminalConnection connection) {
    return connection.shard().context();
  }

  /** Stops every terminal (retained "offline", DISCONNECT), then Vert.x if the fleet made it. */
  @Override
  public void close() {
    List<Future<Void>> undeployed = new ArrayList<>();
    for (String id : deployments) {
      undeployed.add(vertx.undeploy(id));
    }
    Future<?> done = Future.join(undeployed).otherwiseEmpty();
    if (ownsVertx) {
      done = done.eventually(() -> vertx.close());
    }
    try {
      done.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway: a broker that is gone cannot take the goodbyes
    }
  }
}
