package org.villagecast.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks with JMH's own command-line options, then prints the Markdown table of
 * docs/performance.md: operations per CPU-second (see {@link CpuTimeProfiler}), wall-clock
 * operations per second, bytes allocated per operation, and the cost relative to the baselines
 * measured in the same run.
 *
 * <p>On a shared machine the wall-clock figure moves with the neighbours' load; CPU time moves much
 * less, and the median shrugs off the iteration a neighbour's burst disturbed.
 */
public final class PerformanceReport {
  private PerformanceReport() {}

  /** Each measured operation and the baselines it is compared with, by method name. */
  static final Map<String, List<String>> BASELINES =
      Map.of(
          "encode", List.of("baselineCopy"),
          "decode", List.of("baselineCopy"),
          "hubSignerEncodeSigned", List.of("baselineJdkSign"),
          "keyRingVerify", List.of("baselineJdkVerify", "jdkVerifyNewEngine"),
          "jdkVerifyNewEngine", List.of("baselineJdkVerify"),
          "jdkVerifyReinitEngine", List.of("baselineJdkVerify"),
          "commandGuardCheck", List.of("baselineJdkVerify"),
          "busFrameEncode", List.of("baselineCopyFrame"),
          "parseStream", List.of("baselineCopyStream", "baselineCrcStream"));

  /**
   * One benchmark's figures; {@code kind} is empty when it has no parameter. Rates are in
   * operations per second: per CPU-second of the benchmark JVM ({@code cpu*}) and per wall-clock
   * second ({@code wall*}); {@code coreShare} is the share of a core the JVM got.
   */
  record Row(
      String benchmark,
      String method,
      String kind,
      double cpuMedian,
      double cpuMean,
      double cpuError,
      double wallMean,
      double wallError,
      double coreShare,
      double bytesPerOp) {
    String baselineKey(String baselineMethod) {
      return benchmark + "." + baselineMethod + "/" + kind;
    }

    String key() {
      return baselineKey(method);
    }
  }

  /**
   * Takes JMH's command-line options (the same as {@code java -jar benchmarks.jar}) and always adds
   * the CPU-time and allocation profilers the table needs.
   */
  public static void main(String[] args) throws Exception {
    Options options =
        new OptionsBuilder()
            .parent(new CommandLineOptions(args))
            .addProfiler(CpuTimeProfiler.class)
            .addProfiler(GCProfiler.class)
            .build();
    List<Row> rows = new ArrayList<>();
    for (RunResult result : new Runner(options).run()) {
      rows.add(row(result));
    }
    System.out.println();
    System.out.println(table(rows));
  }

  static Row row(RunResult result) {
    String[] parts = result.getParams().getBenchmark().split("\\.");
    String kind = result.getParams().getParam("kind");
    Result<?> wall = result.getPrimaryResult();
    Map<String, Result> secondary = result.getSecondaryResults();
    Result<?> cpu = secondary.get("cpu.ops");
    Result<?> share = secondary.get("cpu.share");
    Result<?> allocation = secondary.get("gc.alloc.rate.norm");
    return new Row(
        parts[parts.length - 2],
        parts[parts.length - 1],
        kind == null ? "" : kind,
        cpu == null ? Double.NaN : cpu.getStatistics().getPercentile(50),
        cpu == null ? Double.NaN : cpu.getScore(),
        cpu == null ? Double.NaN : cpu.getScoreError(),
        wall.getScore(),
        wall.getScoreError(),
        share == null ? Double.NaN : share.getScore(),
        allocation == null ? Double.NaN : allocation.getScore());
  }

  /**
   * The table, one row per benchmark. "Cost" is how many times the CPU time of the baseline one
   * operation takes, from the medians: baseline ops per CPU-second ÷ ops per CPU-second.
   */
  static String table(List<Row> rows) {
    Map<String, Row> byKey = new HashMap<>();
    for (Row row : rows) {
      byKey.put(row.key(), row);
    }
    StringBuilder out = new StringBuilder();
    out.append(
        "| benchmark | kind | ops/CPU-s median | ops/CPU-s mean ± error"
            + " | wall ops/s mean ± error | core share | B/op | cost vs baseline |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|---|\n");
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(
        Comparator.comparing(Row::benchmark).thenComparing(Row::method).thenComparing(Row::kind));
    for (Row row : sorted) {
      List<String> costs = new ArrayList<>();
      for (String baselineMethod : BASELINES.getOrDefault(row.method(), List.of())) {
        Row baseline = byKey.get(row.baselineKey(baselineMethod));
        if (baseline != null) {
          costs.add(
              String.format(
                  Locale.ROOT, "%.3g× %s", baseline.cpuMedian() / row.cpuMedian(), baselineMethod));
        }
      }
      out.append(
          String.format(
              Locale.ROOT,
              "| %s.%s | %s | %s | %s ± %s | %s ± %s | %s | %s | %s |%n",
              row.benchmark(),
              row.method(),
              row.kind().isEmpty() ? "—" : row.kind(),
              count(row.cpuMedian()),
              count(row.cpuMean()),
              count(row.cpuError()),
              count(row.wallMean()),
              count(row.wallError()),
              Double.isNaN(row.coreShare())
                  ? "—"
                  : String.format(Locale.ROOT, "%.2f", row.coreShare()),
              Double.isNaN(row.bytesPerOp())
                  ? "—"
                  : String.format(Locale.ROOT, "%.0f", row.bytesPerOp()),
              costs.isEmpty() ? "—" : String.join(", ", costs)));
    }
    return out.toString();
  }

  /** Three significant figures with thousands separators: 1,234,567 prints as 1,230,000. */
  static String count(double value) {
    if (Double.isNaN(value)) {
      return "—";
    }
    if (value == 0 || Math.abs(value) < 100) {
      return String.format(Locale.ROOT, "%.3g", value);
    }
    int digits = (int) Math.floor(Math.log10(Math.abs(value))) + 1;
    double scale = Math.pow(10, digits - 3);
    return String.format(Locale.ROOT, "%,.0f", Math.round(value / scale) * scale);
  }
}
