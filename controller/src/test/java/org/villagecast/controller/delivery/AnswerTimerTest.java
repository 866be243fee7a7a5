package org.villagecast.controller.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The first-retry wait learnt from answer times. */
class AnswerTimerTest {
  private static final Duration FLOOR = Duration.ofSeconds(3);
  private static final Duration CEILING = Duration.ofSeconds(30);

  /** Verifies that before any answer, and while answers are quick, the configured wait holds. */
  @Test
  void firstRetry_quickAnswers_configuredWait() {
    AnswerTimer timer = new AnswerTimer();
    assertThat(timer.firstRetry(FLOOR, CEILING)).isEqualTo(FLOOR);
    for (int i = 0; i < 100; i++) {
      timer.answered(Duration.ofMillis(80 + i % 40));
    }
    assertThat(timer.firstRetry(FLOOR, CEILING)).isEqualTo(FLOOR);
  }

  /**
   * Verifies that after a slow fan-out (answers spread evenly over 12 s, in arrival order) the wait
   * covers the slowest answers, and that it never passes the ceiling.
   */
  @Test
  void firstRetry_slowFanOut_waitsForTheSlowEnd() {
    // GIVEN 10,000 answers arriving evenly from 0 to 12 s
    AnswerTimer timer = new AnswerTimer();
    for (int i = 0; i < 10_000; i++) {
      timer.answered(Duration.ofMillis(i * 12_000L / 10_000));
    }

    // THEN the next command waits at least as long as the last answers took, within the ceiling
    Duration wait = timer.firstRetry(FLOOR, CEILING);
    assertThat(wait).isGreaterThanOrEqualTo(Duration.ofSeconds(12)).isLessThanOrEqualTo(CEILING);
    for (int i = 0; i < 50; i++) {
      timer.answered(Duration.ofMinutes(5));
    }
    assertThat(timer.firstRetry(FLOOR, CEILING)).isEqualTo(CEILING);
  }

  /** Verifies that the estimate comes back down when the answers are quick again. */
  @Test
  void firstRetry_afterRecovery_configuredWaitAgain() {
    // GIVEN a slow period
    AnswerTimer timer = new AnswerTimer();
    for (int i = 0; i < 1000; i++) {
      timer.answered(Duration.ofSeconds(10));
    }
    assertThat(timer.firstRetry(FLOOR, CEILING)).isGreaterThan(FLOOR);

    // WHEN a few hundred answers are quick again
    for (int i = 0; i < 300; i++) {
      timer.answered(Duration.ofMillis(100));
    }

    // THEN the configured wait holds again
    assertThat(timer.firstRetry(FLOOR, CEILING)).isEqualTo(FLOOR);
  }
}
