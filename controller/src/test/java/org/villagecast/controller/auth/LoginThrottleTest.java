package org.villagecast.controller.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.villagecast.protocol.testing.MutableClock;

/** The sign-in throttle, on a clock the test moves. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LoginThrottleTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T08:00:00Z"));
  private final LoginThrottle throttle = new LoginThrottle(clock);

  private void fail(String name, String address) {
    assertThat(throttle.begin(name, address)).isEmpty();
    throttle.end(name, address, false);
  }

  /** Verifies that 4 failures let the next attempt through and the 5th locks the name for 30 s. */
  @Test
  void fiveFailures_lockNameFor30Seconds() {
    // GIVEN 4 failures for "admin" from 4 addresses
    for (int i = 0; i < 4; i++) {
      fail("admin", "10.0.0." + i);
    }

    // WHEN the 5th fails, from yet another address
    fail("admin", "10.0.0.9");

    // THEN "admin" waits 30 s from anywhere, another name does not
    assertThat(throttle.begin("admin", "192.168.1.1")).contains(Duration.ofSeconds(30));
    assertThat(throttle.begin("operator", "192.168.1.1")).isEmpty();
    throttle.end("operator", "192.168.1.1", true);

    // AND after 29 s still 1 s, after 30 s free again
    clock.advance(Duration.ofSeconds(29));
    assertThat(throttle.begin("admin", "192.168.1.1")).contains(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(throttle.begin("admin", "192.168.1.1")).isEmpty();
  }

  /** Verifies that names differing only in case share one counter. */
  @Test
  void nameCounter_caseInsensitive() {
    // GIVEN 5 failures spread over spellings of one name
    for (String spelling : new String[] {"Admin", "ADMIN", "admin", "aDmin", "admiN"}) {
      fail(spelling, "10.0.0." + spelling.hashCode());
    }

    // THEN the lower-case name is locked
    assertThat(throttle.begin("admin", "10.9.9.9")).isPresent();
  }

  /** Verifies that 5 failures from one address lock that address for every name. */
  @Test
  void fiveFailuresFromOneAddress_lockAddress() {
    // GIVEN 5 failures from one address, each for another name
    for (int i = 0; i < 5; i++) {
      fail("user" + i, "203.0.113.7");
    }

    // THEN that address waits, even for a fresh name; another address does not
    assertThat(throttle.begin("fresh", "203.0.113.7")).contains(Duration.ofSeconds(30));
    assertThat(throttle.begin("fresh", "203.0.113.8")).isEmpty();
  }

  /** Verifies that a success forgets the name's failures. */
  @Test
  void success_resetsNameCounter() {
    // GIVEN 4 failures, then a success
    for (int i = 0; i < 4; i++) {
      fail("admin", "10.0.0." + i);
    }
    assertThat(throttle.begin("admin", "10.0.0.50")).isEmpty();
    throttle.end("admin", "10.0.0.50", true);

    // WHEN 4 more failures come from fresh addresses
    for (int i = 0; i < 4; i++) {
      fail("admin", "10.0.1." + i);
    }

    // THEN the name is not locked (the count restarted)
    assertThat(throttle.begin("admin", "10.0.2.1")).isEmpty();
  }

  /** Verifies that failures older than the window are forgotten. */
  @Test
  void oldFailures_forgotten() {
    // GIVEN 4 failures, then a quiet 16 minutes
    for (int i = 0; i < 4; i++) {
      fail("admin", "10.0.0." + i);
    }
    clock.advance(Duration.ofMinutes(16));

    // WHEN one more fails
    fail("admin", "10.0.0.77");

    // THEN the name is not locked
    assertThat(throttle.begin("admin", "10.0.0.78")).isEmpty();
  }

  /**
   * Verifies that a second attempt for a name in progress waits, so parallel guesses are not free.
   */
  @Test
  void parallelAttemptForSameName_waits() {
    // GIVEN an attempt for "admin" under way
    assertThat(throttle.begin("admin", "10.0.0.1")).isEmpty();

    // WHEN a second one starts before the first ended
    Optional<Duration> second = throttle.begin("admin", "10.0.0.2");

    // THEN it waits; after the first ends, it may go
    assertThat(second).contains(LoginThrottle.IN_FLIGHT_WAIT);
    throttle.end("admin", "10.0.0.1", false);
    assertThat(throttle.begin("admin", "10.0.0.2")).isEmpty();
  }

  /** Verifies that locking again after a lockout takes another 5 failures. */
  @Test
  void afterLockout_countStartsAgain() {
    // GIVEN a lockout that has passed
    for (int i = 0; i < 5; i++) {
      fail("admin", "10.0.0." + i);
    }
    clock.advance(Duration.ofSeconds(30));

    // WHEN 4 more fail
    for (int i = 0; i < 4; i++) {
      fail("admin", "10.0.1." + i);
    }

    // THEN not locked yet; the 5th locks again
    assertThat(throttle.begin("admin", "10.0.2.1")).isEmpty();
    throttle.end("admin", "10.0.2.1", false);
    assertThat(throttle.begin("admin", "10.0.2.2")).contains(Duration.ofSeconds(30));
  }
}
