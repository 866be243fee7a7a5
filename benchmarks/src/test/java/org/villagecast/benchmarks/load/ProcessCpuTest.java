package org.villagecast.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reading CPU ticks from /proc stat lines. */
@Timeout(10)
class ProcessCpuTest {
  private static volatile long sink;

  /** Verifies that utime and stime are fields 14 and 15, after a name holding spaces and ')'. */
  @Test
  void ticks_afterNameWithSpacesAndParenthesis() {
    // GIVEN a thread named "MQTT Call: a) b" (fields 3..17 after the name)
    String stat = "4242 (MQTT Call: a) b) S 1 2 3 4 5 6 7 8 9 10 1234 56 11 12 13";

    // WHEN / THEN
    assertThat(ProcessCpu.ticks(stat)).isEqualTo(1234 + 56);
  }

  /** Verifies that thread names are grouped without their numbers. */
  @Test
  void group_withoutDigits() {
    assertThat(ProcessCpu.group("vert.x-eventloop-thread-12"))
        .isEqualTo("vert.x-eventloop-thread-#");
    assertThat(ProcessCpu.group("C2 CompilerThre")).isEqualTo("C# CompilerThre");
  }

  /** Verifies that the CPU of this JVM is readable and grows, by thread group, largest first. */
  @Test
  void sample_ownProcess() {
    // GIVEN
    long pid = ProcessHandle.current().pid();
    ProcessCpu.Sample before = ProcessCpu.sample(pid);

    // WHEN this thread burns CPU until the kernel counted some (10 ms ticks), at most 5 s
    long until = System.nanoTime() + 5_000_000_000L;
    long spins = 0;
    ProcessCpu.Sample after = ProcessCpu.sample(pid);
    while (after.ticks() == before.ticks() && System.nanoTime() < until) {
      for (int i = 0; i < 1_000_000; i++) {
        spins += i % 7;
      }
      sink = spins; // keeps the loop from being optimised away
      after = ProcessCpu.sample(pid);
    }

    // THEN
    assertThat(after.secondsSince(before)).isGreaterThan(0.0);
    Map<String, Double> groups = after.groupSecondsSince(before);
    assertThat(new java.util.ArrayList<>(groups.values()))
        .isSortedAccordingTo((a, b) -> Double.compare(b, a));
    assertThat(ProcessCpu.sample(0)).isNull();
  }
}
