package org.villagecast.controller.link;

import java.time.Duration;
import java.util.Objects;
import org.villagecast.protocol.link.mqtt.MqttLinkConfig;
import org.villagecast.protocol.topic.Topics;

/**
 * How the hub reaches its MQTT broker.
 *
 * @param brokerUrl e.g. {@code tcp://127.0.0.1:1883} (also ssl://, ws://, wss://)
 * @param clientId the hub's MQTT client id, default {@value #DEFAULT_CLIENT_ID}; several hubs on
 *     one broker need one each, or the broker drops the older connection
 * @param username null for anonymous access (the embedded broker, from loopback)
 * @param password null for none; never printed by {@link #toString()}
 * @param topicsPrefix the first topic level, default {@value Topics#DEFAULT_PREFIX}
 * @param hubGroup null for one hub; with several hubs, the name of their MQTT 5 shared subscription
 *     ({@code $share/{hubGroup}/...}) so that each up frame reaches one hub of the group
 * @param sessionExpiry how long the broker keeps the hub's session (subscriptions and queued QoS 1
 *     up frames) while the hub is away, default 1 h: acks and reports sent during a hub restart are
 *     delivered when it is back
 * @param maxInFlight QoS 1 publishes awaiting the broker's acknowledgement at once; more wait in
 *     the link's queue. At most the broker's receive maximum (embedded broker: 1000, mosquitto: 20,
 *     HiveMQ's own default: 10), or Paho refuses publishes; default {@value #DEFAULT_MAX_IN_FLIGHT}
 * @param maxWaiting publishes that may wait for a free slot; beyond that a send fails at once
 */
public record HubLinkConfig(
    String brokerUrl,
    String clientId,
    String username,
    String password,
    String topicsPrefix,
    String hubGroup,
    Duration sessionExpiry,
    int maxInFlight,
    int maxWaiting) {

  public static final String DEFAULT_CLIENT_ID = "villagecast-hub";
  public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofHours(1);
  public static final int DEFAULT_MAX_IN_FLIGHT = 10;
  public static final int DEFAULT_MAX_WAITING = 100_000;

  public HubLinkConfig {
    Objects.requireNonNull(brokerUrl, "brokerUrl");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(topicsPrefix, "topicsPrefix");
    Objects.requireNonNull(sessionExpiry, "sessionExpiry");
    new Topics(topicsPrefix); // checks the prefix
    if (hubGroup != null
        && (hubGroup.isEmpty()
            || hubGroup.contains("/")
            || hubGroup.contains("+")
            || hubGroup.contains("#"))) {
      throw new IllegalArgumentException(
          "hub group must be null or a name without '/', '+' and '#', not '" + hubGroup + "'");
    }
    if (sessionExpiry.isNegative()
        || sessionExpiry.getSeconds() > MqttLinkConfig.MAX_SESSION_EXPIRY_SECONDS) {
      throw new IllegalArgumentException("session expiry out of range: " + sessionExpiry);
    }
    if (maxInFlight < 1 || maxInFlight > 65_535) {
      throw new IllegalArgumentException("maxInFlight " + maxInFlight + " is outside 1..65535");
    }
    if (maxWaiting < 0) {
      throw new IllegalArgumentException("maxWaiting must not be negative: " + maxWaiting);
    }
    // Fails now, with the URL in the message, rather than at connect time.
    MqttLinkConfig.builder(brokerUrl, clientId).credentials(username, password).build();
  }

  /** The documented defaults for session expiry, in-flight window and queue. */
  public HubLinkConfig(
      String brokerUrl,
      String clientId,
      String username,
      String password,
      String topicsPrefix,
      String hubGroup) {
    this(
        brokerUrl,
        clientId,
        username,
        password,
        topicsPrefix,
        hubGroup,
        DEFAULT_SESSION_EXPIRY,
        DEFAULT_MAX_IN_FLIGHT,
        DEFAULT_MAX_WAITING);
  }

  /** Anonymous, client id {@value #DEFAULT_CLIENT_ID}, prefix "vc", no hub group. */
  public static HubLinkConfig defaults(String brokerUrl) {
    return new HubLinkConfig(brokerUrl, DEFAULT_CLIENT_ID, null, null, Topics.DEFAULT_PREFIX, null);
  }

  public HubLinkConfig withClientId(String id) {
    return new HubLinkConfig(
        brokerUrl,
        id,
        username,
        password,
        topicsPrefix,
        hubGroup,
        sessionExpiry,
        maxInFlight,
        maxWaiting);
  }

  public HubLinkConfig withHubGroup(String group) {
    return new HubLinkConfig(
        brokerUrl,
        clientId,
        username,
        password,
        topicsPrefix,
        group,
        sessionExpiry,
        maxInFlight,
        maxWaiting);
  }

  public HubLinkConfig withSessionExpiry(Duration expiry) {
    return new HubLinkConfig(
        brokerUrl,
        clientId,
        username,
        password,
        topicsPrefix,
        hubGroup,
        expiry,
        maxInFlight,
        maxWaiting);
  }

  public HubLinkConfig withMaxInFlight(int window) {
    return new HubLinkConfig(
        brokerUrl,
        clientId,
        username,
        password,
        topicsPrefix,
        hubGroup,
        sessionExpiry,
        window,
        maxWaiting);
  }

  public Topics topics() {
    return new Topics(topicsPrefix);
  }

  /** The MQTT connection: persistent session (clean start false), keep-alive 30 s, no will. */
  MqttLinkConfig mqtt() {
    return MqttLinkConfig.builder(brokerUrl, clientId)
        .credentials(username, password)
        .cleanStart(false)
        .sessionExpirySeconds(sessionExpiry.getSeconds())
        .build();
  }

  /** Hides the password: configs end up in logs. */
  @Override
  public String toString() {
    return "HubLinkConfig[brokerUrl="
        + brokerUrl
        + ", clientId="
        + clientId
        + ", username="
        + username
        + ", password="
        + (password == null ? "none" : "***")
        + ", topicsPrefix="
        + topicsPrefix
        + ", hubGroup="
        + hubGroup
        + ", sessionExpiry="
        + sessionExpiry
        + ", maxInFlight="
        + maxInFlight
        + ", maxWaiting="
        + maxWaiting
        + "]";
  }
}
