package org.villagecast.protocol.link.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reconnect delays of an {@link MqttLink}. */
class BackoffTest {

  /** Verifies the link's schedule: 1 s doubling to 30 s, then 30 s for ever. */
  @Test
  void nextMillis_doublesUpToTheCap() {
    Backoff backoff = new Backoff(MqttLink.FIRST_RECONNECT_DELAY, MqttLink.MAX_RECONNECT_DELAY);
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      delays.add(backoff.nextMillis());
    }

    assertThat(delays)
        .containsExactly(
            1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L, 30_000L, 30_000L);
  }

  /** Verifies that a success starts the schedule over. */
  @Test
  void reset_startsOver() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    backoff.nextMillis();
    backoff.nextMillis();

    backoff.reset();

    assertThat(backoff.nextMillis()).isEqualTo(1_000);
  }

  /** Verifies that a cap below the first delay is refused. */
  @Test
  void constructor_rejectsACapBelowTheFirstDelay() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
