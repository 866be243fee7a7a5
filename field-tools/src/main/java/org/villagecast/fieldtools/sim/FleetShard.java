package org.villagecast.fieldtools.sim;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.security.PublicKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.villagecast.protocol.security.KeyRing;

/**
 * A share of a fleet's terminals on one event loop: it makes them, connects them at its share of
 * the fleet's connect rate, and sends their keep-alive pings. Everything of its terminals runs on
 * its context, one thread, no locks.
 */
final class FleetShard extends VerticleBase {
  /** Connect pacing tick. */
  private static final long TICK_MILLIS = 20;

  /**
   * Connects waiting for CONNACK at once, per shard. Kept well under a broker's listen backlog
   * (mosquitto: 100), since SYNs beyond it are dropped and retried by TCP only after seconds.
   */
  private static final int MAX_CONNECTING = 48;

  private final FleetConfig config;
  private final FleetStats stats;
  private final Map<Integer, PublicKey> hubKeys;
  private final SharedVerifications verifications;
  private final List<TerminalSpec> specs;
  private final Map<String, MqttTerminalConnection> registry;
  private final double connectsPerTick;
  private final List<MqttTerminalConnection> connections = new ArrayList<>();
  private final ArrayDeque<MqttTerminalConnection> queue = new ArrayDeque<>();
  private TerminalTimer timer;
  private double tokens;
  int connecting;

  FleetShard(
      FleetConfig config,
      FleetStats stats,
      Map<Integer, PublicKey> hubKeys,
      SharedVerifications verifications,
      List<TerminalSpec> specs,
      Map<String, MqttTerminalConnection> registry) {
    this.config = config;
    this.stats = stats;
    this.hubKeys = hubKeys;
    this.verifications = verifications;
    this.specs = specs;
    this.registry = registry;
    this.connectsPerTick =
        (double) config.connectRate() / config.eventLoops() * TICK_MILLIS / 1000.0;
  }

  @Override
  public Future<?> start() {
    timer = new VertxTimer(vertx);
    for (TerminalSpec spec : specs) {
      KeyRing keys = new KeyRing(verifications);
      hubKeys.forEach(keys::add);
      MqttTerminalConnection connection = new MqttTerminalConnection(this, spec, keys);
      connections.add(connection);
      registry.put(spec.resourceCode(), connection);
      queue.addLast(connection);
    }
    vertx.setPeriodic(TICK_MILLIS, t -> connectSome());
    vertx.setPeriodic(1000, t -> keepAlive());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    List<Future<Void>> stopped = new ArrayList<>();
    for (MqttTerminalConnection connection : connections) {
      stopped.add(connection.stop());
    }
    return Future.join(stopped).otherwiseEmpty();
  }

  private void connectSome() {
    tokens = Math.min(tokens + connectsPerTick, Math.max(1, connectsPerTick));
    while (tokens >= 1 && !queue.isEmpty() && connecting < MAX_CONNECTING) {
      tokens--;
      queue.pollFirst().connect();
    }
  }

  private void keepAlive() {
    long now = System.nanoTime();
    for (MqttTerminalConnection connection : connections) {
      connection.keepAlive(now);
    }
  }

  void enqueue(MqttTerminalConnection connection) {
    queue.addLast(connection);
  }

  FleetConfig fleetConfig() {
    return config;
  }

  FleetStats stats() {
    return stats;
  }

  TerminalTimer timer() {
    return timer;
  }

  io.vertx.core.Vertx vertx() {
    return vertx;
  }

  io.vertx.core.Context context() {
    return context;
  }
}
