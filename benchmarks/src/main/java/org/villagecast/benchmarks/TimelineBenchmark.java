package org.villagecast.benchmarks;

import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.villagecast.schedules.Targets;
import org.villagecast.schedules.timeline.Timeline;
import org.villagecast.schedules.timeline.TimelineService;

/**
 * The dry run of tomorrow for a whole county: the timeline of 10,000 terminals over 24 hours with
 * about 50,000 scheduled starts ({@link CountySchedules}), one call per operation. Schedules and
 * terminals are built in {@code @Setup}; the call expands every recurrence, groups terminals into
 * lanes and arbitrates each lane, as the hub would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TimelineBenchmark {
  private TimelineService service;

  @Setup
  public void setUp() {
    service =
        new TimelineService(
            CountySchedules.schedules(), CountySchedules.directory(), Clock.systemUTC());
  }

  @Benchmark
  public void countyNext24Hours(Blackhole sink) {
    Timeline timeline =
        service.timeline(
            Targets.area(CountySchedules.COUNTY), CountySchedules.FROM, CountySchedules.TO);
    sink.consume(timeline);
  }
}
