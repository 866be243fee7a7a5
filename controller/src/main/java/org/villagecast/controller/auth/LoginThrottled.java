package org.villagecast.controller.auth;

import java.time.Duration;

/** A sign-in refused without checking the secret, because of too many recent failures. */
public final class LoginThrottled extends RuntimeException {
  private final Duration retryAfter;

  public LoginThrottled(Duration retryAfter) {
    super(
        "too many failed sign-ins for this name or address; try again in "
            + seconds(retryAfter)
            + " s",
        null,
        false,
        false);
    this.retryAfter = retryAfter;
  }

  /** How long to wait, rounded up to whole seconds (at least 1). */
  public long retryAfterSeconds() {
    return seconds(retryAfter);
  }

  private static long seconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }
}
