package org.villagecast.controller.broker;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the embedded MQTT broker.
 *
 * @param host the address its one TCP listener binds to; default {@value #DEFAULT_HOST}, so that
 *     nothing outside this machine reaches it until configured otherwise
 * @param port the listener's port, 1..65535; default {@value #DEFAULT_PORT}
 * @param dataDir the hub's data directory; the broker keeps its configuration, sessions and queued
 *     messages under {@code {dataDir}/broker}
 * @param persistence where sessions, subscriptions, queued QoS 1 messages and retained messages
 *     live; default {@link Persistence#FILE}, so that they survive a hub restart
 */
public record BrokerConfig(String host, int port, Path dataDir, Persistence persistence) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 1883;

  /** Where the broker keeps its state (HiveMQ CE knows these two modes). */
  public enum Persistence {
    /** On disk under {@code {dataDir}/broker/data}: sessions survive a restart. */
    FILE,
    /** In memory: a restart forgets every session and queued message (tests, demos). */
    IN_MEMORY
  }

  public BrokerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(persistence, "persistence");
    if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || "<>&\"'/".indexOf(c) >= 0)) {
      throw new IllegalArgumentException(
          "broker.host must be a host name or an IP address, not '" + host + "'");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("broker.port " + port + " is outside 1..65535");
    }
  }

  /** File persistence, the default. */
  public BrokerConfig(String host, int port, Path dataDir) {
    this(host, port, dataDir, Persistence.FILE);
  }

  /** 127.0.0.1:1883 with file persistence under {@code dataDir}. */
  public static BrokerConfig defaults(Path dataDir) {
    return new BrokerConfig(DEFAULT_HOST, DEFAULT_PORT, dataDir);
  }

  public BrokerConfig withPersistence(Persistence mode) {
    return new BrokerConfig(host, port, dataDir, mode);
  }

  /** The broker's own directory under the hub's data directory. */
  public Path brokerDir() {
    return dataDir.resolve("broker");
  }
}
