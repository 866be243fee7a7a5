package org.villagecast.controller.scheduling;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The scheduler's own timing error: for each start, when {@code Broadcasts.start} was called minus
 * when it was due (the scheduled second minus the pre-roll), in milliseconds. It covers the Vert.x
 * timer's lateness, the claim in the store and the hop back to the hub context; what the broadcast
 * service and the terminals add comes on top (the end-to-end test measures that).
 */
final class FiringJitter {
  private final double[] sorted;

  FiringJitter(List<Double> errorsMillis) {
    sorted = errorsMillis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no starts measured");
    }
  }

  /** The value below which {@code p} (0 to 1) of the errors lie (nearest rank). */
  double percentile(double p) {
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  double min() {
    return sorted[0];
  }

  double max() {
    return sorted[sorted.length - 1];
  }

  int count() {
    return sorted.length;
  }

  /** One line for logs and docs/performance.md. */
  String describe() {
    return String.format(
        Locale.ROOT,
        "n=%d min=%.2f p50=%.2f p99=%.2f max=%.2f ms",
        count(),
        min(),
        percentile(0.5),
        percentile(0.99),
        max());
  }

  @Override
  public String toString() {
    return describe() + " " + Arrays.toString(sorted);
  }
}
