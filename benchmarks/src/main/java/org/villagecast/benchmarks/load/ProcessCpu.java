package org.villagecast.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time of another process, whole and per thread group, from Linux's {@code /proc}: {@code
 * /proc/PID/stat} and {@code /proc/PID/task/TID/stat} (user + system clock ticks). Thread groups
 * are thread names with their digits removed ("vert.x-eventloop-thread-#"), so a sample shows which
 * part of a JVM (event loops, Paho, HiveMQ, GC, JIT) took the time.
 */
final class ProcessCpu {
  /** Clock ticks per second; 100 on every Linux this runs on (getconf CLK_TCK). */
  static final double TICKS_PER_SECOND = 100.0;

  private ProcessCpu() {}

  /** One reading: the process total and per-thread-group ticks, at a {@code nanoTime}. */
  record Sample(long nanos, long ticks, Map<String, Long> groups) {
    /** CPU seconds used between {@code earlier} and this sample. */
    double secondsSince(Sample earlier) {
      return (ticks - earlier.ticks) / TICKS_PER_SECOND;
    }

    /** Cores busy on average between {@code earlier} and this sample (1.0 = one whole core). */
    double coresSince(Sample earlier) {
      return secondsSince(earlier) / ((nanos - earlier.nanos) / 1e9);
    }

    /** CPU seconds per thread group between the samples, largest first. */
    Map<String, Double> groupSecondsSince(Sample earlier) {
      Map<String, Double> used = new HashMap<>();
      groups.forEach(
          (name, t) -> {
            long before = earlier.groups.getOrDefault(name, 0L);
            // Threads that ended between the samples make a group shrink; that is not negative
            // work.
            used.put(name, Math.max(0, t - before) / TICKS_PER_SECOND);
          });
      Map<String, Double> sorted = new TreeMap<>((a, b) -> compare(used, a, b));
      sorted.putAll(used);
      return sorted;
    }

    private static int compare(Map<String, Double> used, String a, String b) {
      int byValue = Double.compare(used.get(b), used.get(a));
      return byValue != 0 ? byValue : a.compareTo(b);
    }
  }

  /** Reads the process now; null when the pid is 0 (not watched) or the process is gone. */
  static Sample sample(long pid) {
    if (pid <= 0) {
      return null;
    }
    long now = System.nanoTime();
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      long total = ticks(Files.readString(proc.resolve("stat")));
      Map<String, Long> groups = new HashMap<>();
      try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
        for (Path task : tasks.toList()) {
          try {
            String name = Files.readString(task.resolve("comm")).strip();
            groups.merge(group(name), ticks(Files.readString(task.resolve("stat"))), Long::sum);
          } catch (IOException ended) {
            // the thread ended while we listed them
          }
        }
      }
      return new Sample(now, total, groups);
    } catch (IOException gone) {
      return null;
    }
  }

  /** utime + stime of a stat line; the name in parentheses may itself hold spaces. */
  static long ticks(String statLine) {
    String afterName = statLine.substring(statLine.lastIndexOf(')') + 2);
    List<String> fields = List.of(afterName.trim().split(" "));
    // Fields after the name start at field 3 (state); utime is field 14, stime field 15.
    return Long.parseLong(fields.get(14 - 3)) + Long.parseLong(fields.get(15 - 3));
  }

  /** "vert.x-eventloop-thread-1" → "vert.x-eventloop-thread-#". */
  static String group(String threadName) {
    return threadName.replaceAll("[0-9]+", "#");
  }

  /** The largest groups as "name 1.23 s, …". */
  static String top(Map<String, Double> groups, int count) {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (Map.Entry<String, Double> e : groups.entrySet()) {
      if (shown++ == count || e.getValue() < 0.005) {
        break;
      }
      out.append(out.length() == 0 ? "" : ", ")
          .append(e.getKey())
          .append(String.format(" %.2f s", e.getValue()));
    }
    return out.toString();
  }
}
