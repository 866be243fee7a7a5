package org.villagecast.controller.delivery;

import java.time.Duration;

/**
 * How hard the hub tries to reach silent terminals.
 *
 * @param deadline default time a command is retried before silent terminals count as FAILED
 * @param firstRetry the first retry goes to terminals still silent after at least this long (longer
 *     when answers have recently taken longer: {@link AnswerTimer})
 * @param maxRetryDelay retries back off (doubling) up to this delay
 */
public record DeliveryConfig(Duration deadline, Duration firstRetry, Duration maxRetryDelay) {
  public DeliveryConfig {
    if (firstRetry.isNegative() || firstRetry.isZero() || maxRetryDelay.compareTo(firstRetry) < 0) {
      throw new IllegalArgumentException("retry delays must be positive, first ≤ max");
    }
  }

  /** 2 minutes to answer, first retry after 3 s, then at most every 30 s. */
  public static DeliveryConfig standard() {
    return new DeliveryConfig(Duration.ofMinutes(2), Duration.ofSeconds(3), Duration.ofSeconds(30));
  }
}
