package org.villagecast.fieldtools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The terminal's clock estimate against a clock with a known error: offsets up to ±5 s, drifts up
 * to ±100 ppm, network delays asymmetric and sometimes far longer one way (a busy broker).
 */
class ClockSyncTest {
  private static final Instant START = Instant.parse("2026-11-30T08:00:00Z");

  /**
   * Verifies that after the rounds of the first minute (at 0, 4, 12, 28 and 60 s, as {@link
   * TimeSyncRounds} spaces them) the estimate of hub time stays within 2.5 ms for the next minute,
   * for 200 random clocks: a sample's own error is up to 0.9 ms here, and a drift known to 20 ppm
   * adds 1.2 ms a minute. Without a drift estimate a 100 ppm clock is 6 ms off a minute later.
   */
  @Test
  void rounds_learnDrift_estimateWithinTwoAndAHalfMillisecondsAMinuteLater() {
    Random random = new Random(20261130L);
    long worst = 0;
    for (int clockNumber = 0; clockNumber < 200; clockNumber++) {
      ManualTime time = new ManualTime(START);
      long offset = (long) ((random.nextDouble() * 2 - 1) * 5_000_000);
      double drift = (random.nextDouble() * 2 - 1) * 100;
      SimulatedClock own = new SimulatedClock(time, offset, drift);
      ClockSync sync = new ClockSync(own);

      long[] roundsAt = {0, 4, 12, 28, 60};
      long previous = 0;
      for (long at : roundsAt) {
        time.advance(Duration.ofSeconds(at - previous));
        previous = at;
        round(sync, own, time, random);
      }

      for (int seconds = 0; seconds <= 60; seconds += 5) {
        long error = sync.hubNow() - SimulatedClock.micros(time.instant());
        worst = Math.max(worst, Math.abs(error));
        assertThat(Math.abs(error))
            .as(
                "clock %d (offset %d µs, drift %.1f ppm) %d s after the last round",
                clockNumber, offset, drift, seconds)
            .isLessThanOrEqualTo(2_500);
        // toOwn is the inverse of the estimate
        long hub = sync.hubNow();
        assertThat(Math.abs(sync.toOwn(hub) - own.micros())).isLessThanOrEqualTo(1);
        time.advance(Duration.ofSeconds(5));
      }
    }
    System.out.printf("clock estimate, worst error a minute after the last round: %d µs%n", worst);
  }

  /**
   * Verifies the estimate when most rounds meet a crowd (as 50 terminals that came up together on
   * one loaded machine do: measured 5-35 ms delays in most rounds, 1-2 ms in the quiet ones, the
   * queueing on one side): over the minute after six rounds (0, 4, 12, 28, 60, 124 s), for 200
   * random clocks, the error's median is within 1 ms and its 95th percentile within 6.5 ms. A
   * sample queued 30 ms on one side is 15 ms off; such samples must neither set the offset nor bend
   * the drift.
   */
  @Test
  void crowdedRounds_quietSamplesCarryTheEstimate() {
    Random random = new Random(20261201L);
    List<Long> errors = new ArrayList<>();
    for (int clockNumber = 0; clockNumber < 200; clockNumber++) {
      ManualTime time = new ManualTime(START);
      long offset = (long) ((random.nextDouble() * 2 - 1) * 5_000_000);
      double drift = (random.nextDouble() * 2 - 1) * 100;
      SimulatedClock own = new SimulatedClock(time, offset, drift);
      ClockSync sync = new ClockSync(own);

      long[] roundsAt = {0, 4, 12, 28, 60, 124};
      long previous = 0;
      for (int round = 0; round < roundsAt.length; round++) {
        time.advance(Duration.ofSeconds(roundsAt[round] - previous));
        previous = roundsAt[round];
        // the first round always in the crowd of the fleet's start, later ones two times in three
        crowdedRound(sync, own, time, random, round == 0 || random.nextInt(3) > 0);
      }

      for (int seconds = 0; seconds <= 60; seconds += 5) {
        errors.add(Math.abs(sync.hubNow() - SimulatedClock.micros(time.instant())));
        time.advance(Duration.ofSeconds(5));
      }
    }
    Collections.sort(errors);
    long median = errors.get(errors.size() / 2);
    long p95 = errors.get(errors.size() * 95 / 100);
    System.out.printf(
        "crowded rounds, error over the minute after the last round: median %d µs, p95 %d µs,"
            + " largest %d µs%n",
        median, p95, errors.get(errors.size() - 1));
    // Where a clock had no quiet round, its error is that of crowded samples; hence the tail.
    // (An estimator that took each round's best sample as good, whatever its delay: median 2.7
    // ms, p95 11.8 ms.)
    assertThat(median).isLessThanOrEqualTo(1_000);
    assertThat(p95).isLessThanOrEqualTo(6_500);
  }

  /** Verifies that a lone first sample sets the offset at once (the terminal may act on it). */
  @Test
  void firstSample_usedAtOnce() {
    ManualTime time = new ManualTime(START);
    SimulatedClock own = new SimulatedClock(time, 2_000_000, 0);
    ClockSync sync = new ClockSync(own);
    long t1 = sync.requestSent(7);
    long hub = SimulatedClock.micros(time.instant());
    sync.responseReceived(t1, hub, hub, own.micros());
    assertThat(sync.synced()).isTrue();
    assertThat(sync.offsetMicros()).isEqualTo(-2_000_000);
  }

  /**
   * One round of four exchanges 0.1-0.6 s apart: 0.3-1 ms each way, and in a crowded round each
   * exchange also queued 4-35 ms on one side (the hub's or the terminal's).
   */
  private static void crowdedRound(
      ClockSync sync, SimulatedClock own, ManualTime time, Random random, boolean crowded) {
    sync.newRound();
    for (int i = 0; i < 4; i++) {
      long t1 = sync.requestSent(i);
      long out = 300 + random.nextInt(700);
      long back = 300 + random.nextInt(700);
      if (crowded) {
        long queued = 4_000 + random.nextInt(31_000);
        if (random.nextBoolean()) {
          out += queued;
        } else {
          back += queued;
        }
      }
      time.advance(Duration.ofNanos(out * 1000));
      long t2 = SimulatedClock.micros(time.instant());
      time.advance(Duration.ofNanos(200_000));
      long t3 = SimulatedClock.micros(time.instant());
      time.advance(Duration.ofNanos(back * 1000));
      sync.responseReceived(t1, t2, t3, own.micros());
      time.advance(Duration.ofMillis(100 + random.nextInt(500)));
    }
    sync.endRound();
  }

  /**
   * One round of four exchanges: outbound and return delays of 0.2-2 ms each (a LAN, a loaded
   * broker), and one exchange in five held up 300 ms on one side.
   */
  private static void round(ClockSync sync, SimulatedClock own, ManualTime time, Random random) {
    sync.newRound();
    for (int i = 0; i < 4; i++) {
      long t1 = sync.requestSent(i);
      long out = 200 + random.nextInt(1_800);
      long back = 200 + random.nextInt(1_800);
      if (random.nextInt(5) == 0) {
        if (random.nextBoolean()) {
          out += 300_000;
        } else {
          back += 300_000;
        }
      }
      time.advance(Duration.ofNanos(out * 1000));
      long t2 = SimulatedClock.micros(time.instant());
      time.advance(Duration.ofNanos(200_000)); // the hub's processing
      long t3 = SimulatedClock.micros(time.instant());
      time.advance(Duration.ofNanos(back * 1000));
      sync.responseReceived(t1, t2, t3, own.micros());
    }
    sync.endRound();
  }
}
