package org.villagecast.controller.audio.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {
  /** Verifies 0.5, 1, 2, 4, 8, 10, 10 s, and 0.5 s again after a reset. */
  @Test
  void next_doublesToMax_resetStartsOver() {
    ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(500), Duration.ofSeconds(10));
    long[] expected = {500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000};
    for (long millis : expected) {
      assertThat(backoff.next()).isEqualTo(Duration.ofMillis(millis));
    }
    backoff.reset();
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(500));
  }
}
