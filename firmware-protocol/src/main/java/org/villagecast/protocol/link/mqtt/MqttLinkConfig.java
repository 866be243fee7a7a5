package org.villagecast.protocol.link.mqtt;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * How an {@link MqttLink} reaches its broker. Immutable; build it with {@link #builder(String,
 * String)}, whose defaults are: connect timeout 10 s, keep-alive 30 s, clean start, session expiry
 * 0 (the broker forgets the session when the connection ends), no last will, no credentials.
 *
 * @param brokerUrl {@code tcp://host:port} (also {@code ssl://}, {@code ws://}, {@code wss://})
 * @param clientId the MQTT client identifier; unique per broker, or the broker drops the older
 *     connection (session take-over)
 * @param username null for anonymous access
 * @param password null for none; never printed by {@link #toString()}
 * @param connectTimeout how long one connection attempt may take, TCP and CONNACK together
 * @param keepAliveSeconds PINGREQ period; the broker declares the link dead (and sends the will)
 *     after 1.5 times this without traffic; 0 turns keep-alive off
 * @param cleanStart true to start a new session on every connect
 * @param sessionExpirySeconds how long the broker keeps the session after a disconnect
 * @param will published by the broker when the link dies without a clean close; null for none
 */
public record MqttLinkConfig(
    String brokerUrl,
    String clientId,
    String username,
    String password,
    Duration connectTimeout,
    int keepAliveSeconds,
    boolean cleanStart,
    long sessionExpirySeconds,
    Will will) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_KEEP_ALIVE_SECONDS = 30;
  public static final boolean DEFAULT_CLEAN_START = true;
  public static final long DEFAULT_SESSION_EXPIRY_SECONDS = 0;

  /** The largest session expiry MQTT 5 can carry (a four-byte integer: "never expires"). */
  public static final long MAX_SESSION_EXPIRY_SECONDS = 0xFFFF_FFFFL;

  private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

  /**
   * The last will: what the broker publishes for this link when the connection drops without a
   * DISCONNECT (a crash, a cut cable, a keep-alive timeout).
   */
  public record Will(String topic, byte[] payload, int qos, boolean retained) {
    public Will {
      checkTopicName(topic, "will topic");
      Objects.requireNonNull(payload, "will payload");
      checkQos(qos);
      payload = payload.clone();
    }

    @Override
    public byte[] payload() {
      return payload.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Will w
          && w.topic.equals(topic)
          && Arrays.equals(w.payload, payload)
          && w.qos == qos
          && w.retained == retained;
    }

    @Override
    public int hashCode() {
      return Objects.hash(topic, Arrays.hashCode(payload), qos, retained);
    }

    @Override
    public String toString() {
      return "Will["
          + topic
          + ", "
          + payload.length
          + " bytes, qos "
          + qos
          + ", retained "
          + retained
          + "]";
    }
  }

  public MqttLinkConfig {
    checkBrokerUrl(brokerUrl);
    Objects.requireNonNull(clientId, "clientId");
    if (clientId.isBlank()) {
      throw new IllegalArgumentException("MQTT client id must not be blank");
    }
    if (clientId.getBytes(StandardCharsets.UTF_8).length > 65_535) {
      throw new IllegalArgumentException("MQTT client id is longer than 65535 bytes");
    }
    if (username != null && username.isEmpty()) {
      throw new IllegalArgumentException("MQTT user name must be null (anonymous) or non-empty");
    }
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout);
    }
    if (keepAliveSeconds < 0 || keepAliveSeconds > 65_535) {
      throw new IllegalArgumentException(
          "keep-alive " + keepAliveSeconds + " is outside 0..65535 s");
    }
    if (sessionExpirySeconds < 0 || sessionExpirySeconds > MAX_SESSION_EXPIRY_SECONDS) {
      throw new IllegalArgumentException(
          "session expiry "
              + sessionExpirySeconds
              + " is outside 0.."
              + MAX_SESSION_EXPIRY_SECONDS);
    }
  }

  /** A builder with the documented defaults; broker URL and client id have none. */
  public static Builder builder(String brokerUrl, String clientId) {
    return new Builder(brokerUrl, clientId);
  }

  /** Hides the password: configs end up in logs. */
  @Override
  public String toString() {
    return "MqttLinkConfig[brokerUrl="
        + brokerUrl
        + ", clientId="
        + clientId
        + ", username="
        + username
        + ", password="
        + (password == null ? "none" : "***")
        + ", connectTimeout="
        + connectTimeout
        + ", keepAliveSeconds="
        + keepAliveSeconds
        + ", cleanStart="
        + cleanStart
        + ", sessionExpirySeconds="
        + sessionExpirySeconds
        + ", will="
        + will
        + "]";
  }

  static void checkQos(int qos) {
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("QoS " + qos + " is outside 0..2");
    }
  }

  /** A topic name to publish to: non-empty, no wildcards (MQTT 5 section 4.7). */
  static void checkTopicName(String topic, String what) {
    Objects.requireNonNull(topic, what);
    if (topic.isEmpty() || topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
      throw new IllegalArgumentException(
          what + " must be non-empty and without wildcards: " + topic);
    }
  }

  private static void checkBrokerUrl(String brokerUrl) {
    Objects.requireNonNull(brokerUrl, "brokerUrl");
    String expected =
        "MQTT broker URL must look like tcp://host:1883 (or ssl://, ws://, wss://): " + brokerUrl;
    URI uri;
    try {
      uri = new URI(brokerUrl);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(expected, e);
    }
    if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(expected);
    }
  }

  /** Collects settings; every field starts at the documented default. */
  public static final class Builder {
    private final String brokerUrl;
    private final String clientId;
    private String username;
    private String password;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private int keepAliveSeconds = DEFAULT_KEEP_ALIVE_SECONDS;
    private boolean cleanStart = DEFAULT_CLEAN_START;
    private long sessionExpirySeconds = DEFAULT_SESSION_EXPIRY_SECONDS;
    private Will will;

    private Builder(String brokerUrl, String clientId) {
      this.brokerUrl = brokerUrl;
      this.clientId = clientId;
    }

    /** User name and password; both null for anonymous access (the default). */
    public Builder credentials(String username, String password) {
      this.username = username;
      this.password = password;
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    public Builder keepAliveSeconds(int keepAliveSeconds) {
      this.keepAliveSeconds = keepAliveSeconds;
      return this;
    }

    public Builder cleanStart(boolean cleanStart) {
      this.cleanStart = cleanStart;
      return this;
    }

    public Builder sessionExpirySeconds(long sessionExpirySeconds) {
      this.sessionExpirySeconds = sessionExpirySeconds;
      return this;
    }

    /** The last will; null (the default) for none. */
    public Builder will(Will will) {
      this.will = will;
      return this;
    }

    public MqttLinkConfig build() {
      return new MqttLinkConfig(
          brokerUrl,
          clientId,
          username,
          password,
          connectTimeout,
          keepAliveSeconds,
          cleanStart,
          sessionExpirySeconds,
          will);
    }
  }
}
