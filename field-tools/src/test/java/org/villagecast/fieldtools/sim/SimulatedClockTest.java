package org.villagecast.fieldtools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A terminal's deliberately wrong clock. */
class SimulatedClockTest {

  /** Verifies offset and drift: +250 ppm gains 250 µs per second of base time. */
  @Test
  void micros_offsetAndDrift() {
    ManualTime base = new ManualTime(Instant.parse("2025-06-01T00:00:00Z"));
    SimulatedClock clock = new SimulatedClock(base, 1_500_000, 250);

    assertThat(clock.errorMicros()).isEqualTo(1_500_000);
    base.advance(Duration.ofSeconds(1000));
    assertThat(clock.errorMicros()).isEqualTo(1_500_000 + 250_000);
  }

  /** Verifies, for random offsets and drifts, that baseMicrosAt inverts the clock to ±1 µs. */
  @Test
  void baseMicrosAt_invertsReading() {
    Random random = new Random(42);
    for (int i = 0; i < 1000; i++) {
      ManualTime base =
          new ManualTime(Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1 << 30)));
      SimulatedClock clock =
          new SimulatedClock(
              base, random.nextLong() % 3_600_000_000L, (random.nextDouble() * 2 - 1) * 500);
      base.advance(Duration.ofMillis(random.nextInt(86_400_000)));
      long truth = SimulatedClock.micros(base.instant());
      assertThat(clock.baseMicrosAt(clock.micros())).isBetween(truth - 1, truth + 1);
    }
  }
}
