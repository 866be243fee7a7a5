package org.villagecast.controller.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class HubConfigTest {
  @TempDir Path dir;

  /** Verifies that with no settings every listener is on loopback and the broker is embedded. */
  @Test
  void defaults_loopbackEmbeddedH2() {
    HubConfig config = HubConfig.load(null, Map.of());
    assertThat(config.httpHost()).isEqualTo("127.0.0.1");
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.embeddedBroker()).isTrue();
    assertThat(config.brokerPersistent()).isTrue();
    assertThat(config.effectiveBrokerUrl()).isEqualTo("tcp://127.0.0.1:1883");
    assertThat(config.effectiveStoreUrl()).startsWith("jdbc:h2:file:").contains("data");
    assertThat(config.terminals().heartbeatSeconds()).isEqualTo(60);
    assertThat(config.terminals().quietStart()).isEqualTo(22 * 60);
    assertThat(config.delivery().deadline()).isEqualTo(Duration.ofMinutes(2));
  }

  /** Verifies that the environment wins over the file, and the file over the defaults. */
  @Test
  void environmentOverFileOverDefaults() throws Exception {
    Path file = dir.resolve("hub.properties");
    Files.writeString(
        file, "http.port=9000\nterminal.heartbeat=30s\nbroker.url=tcp://10.0.0.5:1883\n");
    HubConfig config =
        HubConfig.load(
            file, Map.of("VILLAGECAST_HTTP_PORT", "9100", "VILLAGECAST_DELIVERY_DEADLINE", "5m"));
    assertThat(config.httpPort()).isEqualTo(9100);
    assertThat(config.terminals().heartbeatSeconds()).isEqualTo(30);
    assertThat(config.embeddedBroker()).isFalse();
    assertThat(config.effectiveBrokerUrl()).isEqualTo("tcp://10.0.0.5:1883");
    assertThat(config.delivery().deadline()).isEqualTo(Duration.ofMinutes(5));
    assertThat(HubConfig.environmentName("delivery.first-retry"))
        .isEqualTo("VILLAGECAST_DELIVERY_FIRST_RETRY");
  }

  /** Verifies that wrong settings stop the start with a message naming the key. */
  @Test
  void wrongSettings_nameTheKey() throws Exception {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "http.prot=9000\n");
    assertThatThrownBy(() -> HubConfig.load(file, Map.of()))
        .hasMessageContaining("unknown key 'http.prot'");
    assertThatThrownBy(() -> HubConfig.load(null, Map.of("VILLAGECAST_HTTP_PORT", "80a")))
        .hasMessage("http.port must be a whole number, not '80a'");
    assertThatThrownBy(() -> HubConfig.load(null, Map.of("VILLAGECAST_TERMINAL_HEARTBEAT", "30")))
        .hasMessageContaining("terminal.heartbeat must be a number with a unit");
    assertThatThrownBy(
            () -> HubConfig.load(null, Map.of("VILLAGECAST_TERMINAL_QUIET_START", "25:00")))
        .hasMessageContaining("terminal.quiet-start must be a time of day");
    assertThatThrownBy(() -> HubConfig.load(null, Map.of("VILLAGECAST_BROKER_PORT", "0")))
        .hasMessageContaining("broker.port must be 1..65535");
    assertThatThrownBy(() -> HubConfig.load(null, Map.of("VILLAGECAST_BROKER_PERSISTENCE", "disk")))
        .hasMessage("broker.persistence must be file or memory, not 'disk'");
    assertThatThrownBy(() -> HubConfig.load(dir.resolve("missing.properties"), Map.of()))
        .hasMessageContaining("cannot read the configuration file");
  }
}
