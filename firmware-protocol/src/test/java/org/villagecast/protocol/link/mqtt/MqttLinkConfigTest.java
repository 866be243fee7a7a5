package org.villagecast.protocol.link.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The MQTT settings: defaults, validation, and a password that never reaches a log. */
class MqttLinkConfigTest {

  /**
   * Verifies the documented defaults: 10 s, 30 s, clean start, expiry 0, no will or credentials.
   */
  @Test
  void builder_defaults() {
    MqttLinkConfig config = MqttLinkConfig.builder("tcp://127.0.0.1:1883", "hub-1").build();

    assertThat(config)
        .isEqualTo(
            new MqttLinkConfig(
                "tcp://127.0.0.1:1883",
                "hub-1",
                null,
                null,
                Duration.ofSeconds(10),
                30,
                true,
                0,
                null));
  }

  /** Verifies that toString() hides the password and shows everything else. */
  @Test
  void toString_hidesThePassword() {
    MqttLinkConfig config =
        MqttLinkConfig.builder("tcp://broker:1883", "hub-1").credentials("hub", "hunter2").build();

    assertThat(config.toString())
        .doesNotContain("hunter2")
        .contains("password=***")
        .contains("username=hub");
  }

  /** Verifies that the will's payload is copied in and out, so nobody can change it afterwards. */
  @Test
  void will_payloadIsCopied() {
    byte[] payload = {1, 2, 3};
    MqttLinkConfig.Will will = new MqttLinkConfig.Will("vc/v1/t/x/state", payload, 1, true);

    payload[0] = 9;
    will.payload()[1] = 9;

    assertThat(will.payload()).containsExactly(1, 2, 3);
    assertThat(will)
        .isEqualTo(new MqttLinkConfig.Will("vc/v1/t/x/state", new byte[] {1, 2, 3}, 1, true));
  }

  /** Verifies that bad settings are refused, each with a message naming the setting. */
  @Test
  void constructor_rejectsBadSettings() {
    assertThatThrownBy(() -> MqttLinkConfig.builder("127.0.0.1:1883", "c").build())
        .hasMessageContaining("tcp://host:1883");
    assertThatThrownBy(() -> MqttLinkConfig.builder("http://broker", "c").build())
        .hasMessageContaining("tcp://host:1883");
    assertThatThrownBy(() -> MqttLinkConfig.builder("tcp://broker:1883", " ").build())
        .hasMessageContaining("client id");
    assertThatThrownBy(
            () -> MqttLinkConfig.builder("tcp://b:1", "c").connectTimeout(Duration.ZERO).build())
        .hasMessageContaining("connect timeout");
    assertThatThrownBy(
            () -> MqttLinkConfig.builder("tcp://b:1", "c").keepAliveSeconds(70_000).build())
        .hasMessageContaining("keep-alive");
    assertThatThrownBy(
            () -> MqttLinkConfig.builder("tcp://b:1", "c").sessionExpirySeconds(-1).build())
        .hasMessageContaining("session expiry");
    assertThatThrownBy(() -> MqttLinkConfig.builder("tcp://b:1", "c").credentials("", "x").build())
        .hasMessageContaining("user name");
    assertThatThrownBy(() -> new MqttLinkConfig.Will("a/#", new byte[0], 0, false))
        .hasMessageContaining("wildcards");
    assertThatThrownBy(() -> new MqttLinkConfig.Will("a", new byte[0], 3, false))
        .hasMessageContaining("QoS");
  }

  /** Verifies that every scheme Paho speaks is accepted. */
  @Test
  void constructor_acceptsEveryPahoScheme() {
    for (String url :
        new String[] {"tcp://h:1883", "ssl://h:8883", "ws://h:80/mqtt", "wss://h/mqtt"}) {
      assertThat(MqttLinkConfig.builder(url, "c").build().brokerUrl()).isEqualTo(url);
    }
  }
}
