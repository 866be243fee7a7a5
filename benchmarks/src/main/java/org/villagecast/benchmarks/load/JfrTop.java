package org.villagecast.benchmarks.load;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples ({@code jdk.ExecutionSample}) went: the top methods by self
 * samples (the frame on top of the stack), the top methods by inclusive samples (anywhere on the
 * stack, once per sample), and the samples per thread group. JDK 17 has no {@code jfr view}; this
 * needs nothing beyond the JDK.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.villagecast.benchmarks.load.JfrTop hub.jfr [30]
 * java -cp ... JfrTop hub.jfr 30 2026-11-30T17:10:33Z 2026-11-30T17:11:45Z   # one window only
 * </pre>
 */
public final class JfrTop {
  private JfrTop() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1 && args.length != 2 && args.length != 4) {
      System.err.println("usage: JfrTop RECORDING.jfr [TOP [FROM UNTIL]]  (FROM, UNTIL: instants)");
      System.exit(2);
    }
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Instant from = args.length == 4 ? Instant.parse(args[2]) : Instant.MIN;
    Instant until = args.length == 4 ? Instant.parse(args[3]) : Instant.MAX;
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")
          || event.getStartTime().isBefore(from)
          || event.getStartTime().isAfter(until)) {
        continue;
      }
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = stack.getFrames();
      self.merge(name(frames.get(0)), 1, Integer::sum);
      frames.stream()
          .map(JfrTop::name)
          .distinct()
          .forEach(m -> inclusive.merge(m, 1, Integer::sum));
      var thread = event.getThread("sampledThread");
      String threadName = thread == null ? "?" : String.valueOf(thread.getJavaName());
      threads.merge(ProcessCpu.group(threadName), 1, Integer::sum);
    }
    System.out.printf("%d execution samples in %s%n", samples, args[0]);
    print("threads (samples)", threads, samples, top);
    print("self (top of stack)", self, samples, top);
    print("inclusive (anywhere on the stack)", inclusive, samples, top);
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static void print(String title, Map<String, Integer> counts, int samples, int top) {
    System.out.printf("%n%s%n", title);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .forEach(
            e ->
                System.out.printf(
                    "%6.1f %%  %6d  %s%n",
                    100.0 * e.getValue() / samples, e.getValue(), e.getKey()));
  }
}
