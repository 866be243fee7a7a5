package org.villagecast.protocol.testing;

import java.util.Random;

/**
 * Runs a property many times, each iteration with its own {@link Random} derived from a fixed seed
 * and the iteration number. A failure names that iteration seed, so {@code new Random(seed)}
 * replays exactly the failing case.
 */
public final class SeededRuns {
  private SeededRuns() {}

  /** One trial of a property. */
  @FunctionalInterface
  public interface Trial {
    void run(Random random) throws Exception;
  }

  public static void repeat(long seed, int iterations, Trial trial) {
    for (int i = 0; i < iterations; i++) {
      long iterationSeed = iterationSeed(seed, i);
      try {
        trial.run(new Random(iterationSeed));
      } catch (Throwable failure) {
        throw new AssertionError(
            "property failed at iteration "
                + i
                + " of seed "
                + seed
                + "; replay with new Random("
                + iterationSeed
                + "L): "
                + failure,
            failure);
      }
    }
  }

  /** A well-mixed seed per iteration (the SplitMix64 finaliser), so neighbours differ. */
  static long iterationSeed(long seed, int iteration) {
    long z = seed + 0x9E37_79B9_7F4A_7C15L * (iteration + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }
}
