package org.villagecast.controller.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.villagecast.controller.scheduling.SchedulingRig.COUNTY;
import static org.villagecast.controller.scheduling.SchedulingRig.await;
import static org.villagecast.controller.scheduling.SchedulingRig.eventually;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.protocol.testing.MutableClock;

/**
 * The scheduler's timing on the real clock, with real Vert.x timers and a real H2 store: when it
 * calls {@code Broadcasts.start} against when it should (the scheduled second minus the pre-roll).
 * Prints the figures for docs/performance.md. The bound checked is loose (the machine is shared);
 * the figures are the result.
 *
 * <p>Run alone: {@code mvn -o -pl controller test -Dtest=SchedulerTimingTest}; {@code
 * -Dvillagecast.timing.seconds=120} measures longer (default 8 s of starts).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SchedulerTimingTest {
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerTimingTest.class);
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  @TempDir Path dir;

  /**
   * Verifies that on the real clock every start is called at its due time or at most a little
   * after, never before, and reports the spread.
   */
  @Test
  void realClock_startsOnTime() throws Exception {
    int seconds = Integer.getInteger("villagecast.timing.seconds", 8);
    int perSecond = 3;
    Duration preRoll = Duration.ofSeconds(1);
    // GIVEN schedules with one start each second, three at a time, from 3 s from now
    Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3);
    ScheduleYaml yaml = new ScheduleYaml();
    for (int k = 0; k < perSecond; k++) {
      StringBuilder rdates = new StringBuilder("    rdate: [");
      for (int i = 1; i < seconds; i++) {
        rdates
            .append(i > 1 ? ", " : "")
            .append(LOCAL.format(first.plusSeconds(i).atZone(SHANGHAI)));
      }
      rdates.append("]\n");
      yaml.schedule(
          "tick-" + k,
          "prog-noon",
          "{areas: [\"" + COUNTY + "\"]}",
          k == 0 ? "notice" : "background",
          LOCAL.format(first.atZone(SHANGHAI)),
          "PT1S",
          "",
          seconds > 1 ? rdates.toString() : "");
    }
    MutableClockOnSystem clock = new MutableClockOnSystem();
    try (SchedulingRig rig =
        SchedulingRig.open(
            dir.resolve("hub"), clock, SchedulerConfig.defaults().withPreRoll(preRoll))) {
      rig.withTerminals();
      await(rig.schedules.importFile(yaml.text(), "operator"));
      rig.startScheduler();

      // WHEN the starts come due
      int expected = seconds * perSecond;
      eventually(
          () -> rig.broadcasts.starts.size() >= expected, expected + " starts", seconds + 30);

      // THEN each was called at its due time, not before and not much after
      List<Double> errors = new ArrayList<>();
      for (RecordingBroadcasts.Start s : rig.broadcasts.starts) {
        Instant due = s.request().startAt().minus(preRoll);
        errors.add(Duration.between(due, s.calledAt()).toNanos() / 1e6);
      }
      FiringJitter jitter = new FiringJitter(errors);
      LOG.info("Scheduler firing error (start() called - due): {}", jitter.describe());
      System.out.println("Scheduler firing error (start() called - due): " + jitter.describe());
      assertThat(rig.broadcasts.starts).hasSize(expected);
      assertThat(jitter.min()).as(jitter.toString()).isGreaterThanOrEqualTo(0);
      assertThat(jitter.percentile(0.99)).as(jitter.toString()).isLessThan(250);
    }
  }

  /** The system clock, as a {@link MutableClock} the rig takes (it is never moved here). */
  private static final class MutableClockOnSystem extends MutableClock {
    MutableClockOnSystem() {
      super(Instant.now());
    }

    @Override
    public Instant instant() {
      return Clock.systemUTC().instant();
    }
  }

  static String local(LocalDateTime t) {
    return LOCAL.format(t);
  }
}
