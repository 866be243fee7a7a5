package org.villagecast.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The percentile and median arithmetic of the load driver; nothing is started. */
@Timeout(10)
class LatenciesTest {

  /** Verifies that p50 and p99 are nearest-rank percentiles over every target. */
  @Test
  void percentiles_nearestRank() {
    // GIVEN 1 µs .. 10,000 µs, shuffled by the reversal
    long[] micros = LongStream.rangeClosed(1, 10_000).map(i -> 10_001 - i).toArray();

    // WHEN
    Latencies latencies = Latencies.of(micros, 10_000);

    // THEN
    assertThat(latencies.p50()).isEqualTo(5_000);
    assertThat(latencies.p99()).isEqualTo(9_900);
    assertThat(latencies.max()).isEqualTo(10_000);
    assertThat(latencies.missing()).isZero();
  }

  /** Verifies that silent targets count as infinitely late instead of vanishing. */
  @Test
  void percentiles_silentTargetsPushThemUp() {
    // GIVEN 9,950 of 10,000 answered: the slowest 0.5 % never did
    long[] micros = LongStream.rangeClosed(1, 9_950).toArray();

    // WHEN
    Latencies latencies = Latencies.of(micros, 10_000);

    // THEN p99 is still an answer, but only 99.5 % answered at all
    assertThat(latencies.p99()).isEqualTo(9_900);
    assertThat(latencies.percentile(99.6)).isEqualTo(Latencies.MISSING);
    assertThat(latencies.max()).isEqualTo(Latencies.MISSING);
    assertThat(latencies.missing()).isEqualTo(50);
  }

  /** Verifies the median of an odd and an even count, and that MISSING spoils a median it is in. */
  @Test
  void median_oddEvenAndMissing() {
    assertThat(Latencies.median(List.of(30L, 10L, 20L))).isEqualTo(20);
    assertThat(Latencies.median(List.of(40L, 10L, 30L, 20L))).isEqualTo(25);
    assertThat(Latencies.median(List.of(10L, Latencies.MISSING, 30L))).isEqualTo(30);
    assertThat(Latencies.median(List.of(10L, Latencies.MISSING))).isEqualTo(Latencies.MISSING);
    assertThat(Latencies.millis(Latencies.MISSING)).isEqualTo("—");
    assertThat(Latencies.millis(1_234_567)).isEqualTo("1234.6");
  }

  /** Verifies that more latencies than targets is refused: a terminal was counted twice. */
  @Test
  void of_moreAnswersThanTargets_refused() {
    assertThatThrownBy(() -> Latencies.of(new long[] {1, 2, 3}, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("3 latencies for 2 targets");
  }
}
