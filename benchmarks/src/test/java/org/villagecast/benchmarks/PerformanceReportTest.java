package org.villagecast.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's arithmetic; it runs no benchmark. */
class PerformanceReportTest {

  private static PerformanceReport.Row row(
      String benchmark, String method, String kind, double cpuMedian) {
    return new PerformanceReport.Row(
        benchmark, method, kind, cpuMedian, cpuMedian * 0.9, 5_000, 400_000, 1_500, 0.4, 312);
  }

  /** Verifies that the cost is the baseline's CPU median over the operation's, per kind. */
  @Test
  void table_costFromCpuMediansOfSameKind() {
    List<PerformanceReport.Row> rows =
        List.of(
            row("CodecBenchmark", "encode", "PLAY", 1_000_000),
            row("CodecBenchmark", "baselineCopy", "PLAY", 40_000_000),
            row("CodecBenchmark", "baselineCopy", "AUDIO", 5_000_000));

    String table = PerformanceReport.table(rows);

    assertThat(table)
        .contains(
            "| CodecBenchmark.encode | PLAY | 1,000,000 | 900,000 ± 5,000 | 400,000 ± 1,500"
                + " | 0.40 | 312 | 40.0× baselineCopy |")
        .contains("| CodecBenchmark.baselineCopy | AUDIO | 5,000,000 |")
        .doesNotContain("8.00×");
  }

  /** Verifies that an operation with two baselines gets both costs. */
  @Test
  void table_twoBaselines() {
    List<PerformanceReport.Row> rows =
        List.of(
            row("BusBenchmark", "parseStream", "", 1_000_000),
            row("BusBenchmark", "baselineCopyStream", "", 250_000_000),
            row("BusBenchmark", "baselineCrcStream", "", 4_000_000));

    assertThat(PerformanceReport.table(rows))
        .contains("| 250× baselineCopyStream, 4.00× baselineCrcStream |");
  }

  /** Verifies that a baseline missing from a filtered run, or a missing figure, prints a dash. */
  @Test
  void table_missingBaselineAndFigures() {
    List<PerformanceReport.Row> rows =
        List.of(
            new PerformanceReport.Row(
                "BusBenchmark",
                "parseStream",
                "",
                1e6,
                1e6,
                1e4,
                9e5,
                Double.NaN,
                Double.NaN,
                Double.NaN));

    assertThat(PerformanceReport.table(rows))
        .contains(
            "| BusBenchmark.parseStream | — | 1,000,000 | 1,000,000 ± 10,000 | 900,000 ± —"
                + " | — | — | — |");
  }

  /** Verifies that counts keep three significant figures. */
  @Test
  void count_threeSignificantFigures() {
    assertThat(PerformanceReport.count(1_234_567)).isEqualTo("1,230,000");
    assertThat(PerformanceReport.count(1_409.777)).isEqualTo("1,410");
    assertThat(PerformanceReport.count(442.046)).isEqualTo("442");
    assertThat(PerformanceReport.count(56.78)).isEqualTo("56.8");
  }
}
