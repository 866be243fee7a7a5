package org.villagecast.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof org.villagecast.benchmarks.CpuTimeProfiler}) that divides each
 * iteration's operations by the CPU time the benchmark JVM consumed meanwhile.
 *
 * <p>Why: on a machine shared with other work, wall-clock throughput measures how much CPU the
 * neighbours left us as much as our code. Operations per CPU-second is what one core does when it
 * is ours; it still counts garbage collection and JIT threads, so it does not flatter. The second
 * figure, the share of a core the JVM got, shows how contended the iteration was. Hardware counters
 * ({@code -prof perfnorm}) would be better, but virtual machines often do not expose them.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long cpuAtStart;
  private long wallAtStart;

  @Override
  public String getDescription() {
    return "operations per CPU-second of the benchmark JVM, and the share of a core it got";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    cpuAtStart = os.getProcessCpuTime();
    wallAtStart = System.nanoTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmark, IterationParams iteration, IterationResult result) {
    long cpu = os.getProcessCpuTime() - cpuAtStart;
    long wall = System.nanoTime() - wallAtStart;
    long ops = result.getMetadata().getAllOps();
    if (cpu <= 0 || wall <= 0) {
      return List.of();
    }
    return List.of(
        new ScalarResult("cpu.ops", ops * 1e9 / cpu, "ops/cpu-s", AggregationPolicy.AVG),
        new ScalarResult("cpu.share", (double) cpu / wall, "cores", AggregationPolicy.AVG));
  }
}
