package org.villagecast.protocol.link;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition in tests, polling, instead of sleeping a fixed time. */
public final class Await {
  private Await() {}

  /** Waits until the condition holds, or fails with the message after the timeout. */
  public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> message) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + ": " + message.get());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }
}
