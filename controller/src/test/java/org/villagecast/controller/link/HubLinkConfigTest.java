package org.villagecast.controller.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.villagecast.protocol.link.mqtt.MqttLinkConfig;

/** The hub link's settings: defaults, checks, and no password in logs. */
class HubLinkConfigTest {

  /**
   * Verifies the defaults: client id villagecast-hub, prefix vc, no hub group, and a persistent
   * MQTT session of one hour.
   */
  @Test
  void defaults_persistentSessionOfOneHour() {
    // GIVEN / WHEN
    HubLinkConfig config = HubLinkConfig.defaults("tcp://127.0.0.1:1883");
    MqttLinkConfig mqtt = config.mqtt();

    // THEN
    assertThat(config.clientId()).isEqualTo("villagecast-hub");
    assertThat(config.topics().allUpTopics()).isEqualTo("vc/v1/t/+/up");
    assertThat(config.hubGroup()).isNull();
    assertThat(config.maxInFlight()).isEqualTo(10);
    assertThat(mqtt.cleanStart()).isFalse();
    assertThat(mqtt.sessionExpirySeconds()).isEqualTo(3600);
    assertThat(mqtt.clientId()).isEqualTo("villagecast-hub");
  }

  /** Verifies that the password never shows in toString, which ends up in logs. */
  @Test
  void toString_hidesPassword() {
    HubLinkConfig config =
        new HubLinkConfig("tcp://broker:1883", "hub-1", "hub", "s3cret-Pass", "vc", "county");
    assertThat(config.toString()).doesNotContain("s3cret-Pass").contains("password=***");
    assertThat(config.mqtt().toString()).doesNotContain("s3cret-Pass");
  }

  /** Verifies that bad URLs, hub groups, prefixes and windows are refused with the reason. */
  @Test
  void badSettings_refused() {
    assertThatThrownBy(() -> HubLinkConfig.defaults("localhost:1883"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tcp://host:1883");
    assertThatThrownBy(() -> HubLinkConfig.defaults("tcp://h:1883").withHubGroup("a/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hub group");
    assertThatThrownBy(() -> new HubLinkConfig("tcp://h:1883", "hub", null, null, "v+c", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefix");
    assertThatThrownBy(() -> HubLinkConfig.defaults("tcp://h:1883").withMaxInFlight(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxInFlight");
    assertThatThrownBy(
            () -> HubLinkConfig.defaults("tcp://h:1883").withSessionExpiry(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("session expiry");
  }

  /** Verifies that a hub group turns the up subscription into an MQTT 5 shared one. */
  @Test
  void hubGroup_sharedUpSubscription() {
    HubLinkConfig config = HubLinkConfig.defaults("tcp://h:1883").withHubGroup("county");
    assertThat(config.topics().sharedUpTopics(config.hubGroup()))
        .isEqualTo("$share/county/vc/v1/t/+/up");
  }
}
