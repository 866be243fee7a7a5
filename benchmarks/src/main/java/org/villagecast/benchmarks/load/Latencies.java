package org.villagecast.benchmarks.load;

import java.util.Arrays;
import java.util.List;

/**
 * The latencies of one round, one per target terminal, in microseconds. A target that never
 * answered counts as infinitely late, so it pushes the percentiles up instead of vanishing from
 * them: p99 over 10,000 targets is "99 % answered within".
 */
record Latencies(long[] sortedMicros, int targets) {
  /** A latency for a target that did not answer. */
  static final long MISSING = Long.MAX_VALUE;

  Latencies {
    if (sortedMicros.length > targets) {
      throw new IllegalArgumentException(
          sortedMicros.length + " latencies for " + targets + " targets");
    }
  }

  /** From the answers that arrived, out of {@code targets} expected. */
  static Latencies of(long[] micros, int targets) {
    long[] sorted = micros.clone();
    Arrays.sort(sorted);
    return new Latencies(sorted, targets);
  }

  int answered() {
    return sortedMicros.length;
  }

  int missing() {
    return targets - sortedMicros.length;
  }

  /**
   * Nearest-rank percentile (the smallest latency within which {@code percent} of the targets
   * answered), or {@link #MISSING} when fewer than that many answered.
   */
  long percentile(double percent) {
    if (percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("percentile " + percent + " outside (0, 100]");
    }
    int rank = (int) Math.ceil(percent / 100.0 * targets);
    return rank <= sortedMicros.length ? sortedMicros[rank - 1] : MISSING;
  }

  long p50() {
    return percentile(50);
  }

  long p99() {
    return percentile(99);
  }

  long max() {
    return missing() > 0 || sortedMicros.length == 0 ? MISSING : sortedMicros[targets - 1];
  }

  /**
   * The median of per-round figures: the middle one, or the mean of the two middle ones for an even
   * count. MISSING sorts last and makes a median it takes part in MISSING.
   */
  static long median(List<Long> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    long low = sorted[(sorted.length - 1) / 2];
    long high = sorted[sorted.length / 2];
    return low == MISSING || high == MISSING ? MISSING : low + (high - low) / 2;
  }

  /** Milliseconds with one decimal, or "—" for MISSING. */
  static String millis(long micros) {
    return micros == MISSING ? "—" : String.format("%.1f", micros / 1000.0);
  }
}
