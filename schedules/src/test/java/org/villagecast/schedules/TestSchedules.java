package org.villagecast.schedules;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** A small builder of schedules for tests. */
public final class TestSchedules {
  private String id;
  private Priority priority;
  private LocalDateTime start;
  private Duration duration;
  private String rule;
  private Targets targets = Targets.terminal("t1");
  private ZoneId zone = Schedule.DEFAULT_ZONE;
  private OverrunPolicy overrun = OverrunPolicy.CUT;
  private ProgrammeRef fallback;
  private Validity validity = Validity.ALWAYS;
  private final List<String> include = new ArrayList<>();
  private final List<String> exclude = new ArrayList<>();

  private TestSchedules() {}

  /** A schedule {@code id} at a local start ("2027-01-04T07:00") for {@code minutes}. */
  public static TestSchedules at(String id, Priority priority, String start, long minutes) {
    TestSchedules b = new TestSchedules();
    b.id = id;
    b.priority = priority;
    b.start = LocalDateTime.parse(start);
    b.duration = Duration.ofMinutes(minutes);
    return b;
  }

  public TestSchedules duration(Duration d) {
    this.duration = d;
    return this;
  }

  public TestSchedules rule(String rule) {
    this.rule = rule;
    return this;
  }

  public TestSchedules targets(Targets targets) {
    this.targets = targets;
    return this;
  }

  public TestSchedules zone(ZoneId zone) {
    this.zone = zone;
    return this;
  }

  public TestSchedules overrun(OverrunPolicy overrun) {
    this.overrun = overrun;
    return this;
  }

  public TestSchedules fallback(String programmeId) {
    this.fallback = new ProgrammeRef(programmeId, "");
    return this;
  }

  public TestSchedules validity(Validity validity) {
    this.validity = validity;
    return this;
  }

  public TestSchedules exclude(String calendarId) {
    exclude.add(calendarId);
    return this;
  }

  public TestSchedules include(String calendarId) {
    include.add(calendarId);
    return this;
  }

  public Schedule build() {
    return new Schedule(
        id,
        id,
        new ProgrammeRef("prog-" + id, ""),
        targets,
        Recurrence.of(start, rule),
        duration,
        zone,
        validity,
        priority,
        overrun,
        fallback,
        include,
        exclude);
  }
}
