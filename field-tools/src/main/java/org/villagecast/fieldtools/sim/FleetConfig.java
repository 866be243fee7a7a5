package org.villagecast.fieldtools.sim;

import java.net.URI;
import java.time.Duration;
import org.villagecast.protocol.topic.Topics;

/**
 * How a fleet of simulated terminals reaches its broker.
 *
 * @param host broker host
 * @param port broker port
 * @param topics the topic scheme (prefix)
 * @param keepAlive MQTT keep alive; PROTOCOL.md §3.1 says 30 s
 * @param cleanSession false (the protocol's choice) keeps subscriptions and queued QoS 1 commands
 *     across a reconnect
 * @param connectRate new connections per second, fleet-wide, so thousands of terminals do not storm
 *     the broker at start or after it restarts
 * @param eventLoops event-loop threads, each running a share of the terminals
 */
public record FleetConfig(
    String host,
    int port,
    Topics topics,
    Duration keepAlive,
    boolean cleanSession,
    int connectRate,
    int eventLoops) {

  public static final int DEFAULT_CONNECT_RATE = 500;

  public FleetConfig {
    if (connectRate < 1) {
      throw new IllegalArgumentException("connect rate must be at least 1 per second");
    }
    if (eventLoops < 1) {
      throw new IllegalArgumentException("at least one event loop");
    }
    if (keepAlive.toSeconds() < 1 || keepAlive.toSeconds() > 65535) {
      throw new IllegalArgumentException("keep alive must be 1..65535 s");
    }
  }

  /**
   * A broker URL such as {@code tcp://127.0.0.1:1883} (also {@code mqtt://}); default port 1883.
   */
  public static FleetConfig broker(String url) {
    URI uri = URI.create(url.contains("://") ? url : "tcp://" + url);
    if (!"tcp".equals(uri.getScheme()) && !"mqtt".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "broker URL " + url + ": only tcp:// or mqtt:// (no TLS in the simulator)");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("broker URL " + url + " names no host");
    }
    return new FleetConfig(
        uri.getHost(),
        uri.getPort() < 0 ? 1883 : uri.getPort(),
        Topics.defaults(),
        Duration.ofSeconds(30),
        false,
        DEFAULT_CONNECT_RATE,
        Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  public FleetConfig withKeepAlive(Duration interval) {
    return new FleetConfig(host, port, topics, interval, cleanSession, connectRate, eventLoops);
  }

  public FleetConfig withCleanSession(boolean clean) {
    return new FleetConfig(host, port, topics, keepAlive, clean, connectRate, eventLoops);
  }

  public FleetConfig withConnectRate(int perSecond) {
    return new FleetConfig(host, port, topics, keepAlive, cleanSession, perSecond, eventLoops);
  }

  public FleetConfig withEventLoops(int count) {
    return new FleetConfig(host, port, topics, keepAlive, cleanSession, connectRate, count);
  }

  public FleetConfig withTopics(Topics scheme) {
    return new FleetConfig(host, port, scheme, keepAlive, cleanSession, connectRate, eventLoops);
  }

  public String url() {
    return "tcp://" + host + ":" + port;
  }
}
