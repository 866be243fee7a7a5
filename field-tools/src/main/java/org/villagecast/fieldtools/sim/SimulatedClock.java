package org.villagecast.fieldtools.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A terminal's own clock, wrong in a controlled way: a fixed offset from the base clock plus a
 * drift in parts per million since the clock was made. Time sync has to find the error; the
 * play-out log shows how well it did.
 */
public final class SimulatedClock extends Clock {
  private final Clock base;
  private final long offsetMicros;
  private final double driftPpm;
  private final long anchorMicros;

  public SimulatedClock(Clock base, long offsetMicros, double driftPpm) {
    this.base = base;
    this.offsetMicros = offsetMicros;
    this.driftPpm = driftPpm;
    this.anchorMicros = micros(base.instant());
  }

  /** A clock that keeps the base clock's time exactly. */
  public static SimulatedClock exact(Clock base) {
    return new SimulatedClock(base, 0, 0);
  }

  public Clock base() {
    return base;
  }

  public long offsetMicros() {
    return offsetMicros;
  }

  public double driftPpm() {
    return driftPpm;
  }

  /** This clock's reading in microseconds since the Unix epoch. */
  public long micros() {
    long real = micros(base.instant());
    return real + offsetMicros + Math.round((real - anchorMicros) * driftPpm / 1e6);
  }

  /** How far this clock is ahead of the base clock now, in microseconds. */
  public long errorMicros() {
    return micros() - micros(base.instant());
  }

  /**
   * When, on the base clock, this clock read {@code ownMicros}: how a test turns a terminal's
   * play-out log into true time.
   */
  public long baseMicrosAt(long ownMicros) {
    // own = t + offset + (t − anchor)·drift, solved for t
    double drift = driftPpm / 1e6;
    return Math.round((ownMicros - offsetMicros + anchorMicros * drift) / (1 + drift));
  }

  @Override
  public Instant instant() {
    return ofMicros(micros());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (zone.equals(ZoneOffset.UTC)) {
      return this;
    }
    throw new UnsupportedOperationException("a simulated terminal clock runs in UTC");
  }

  static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
  }

  static Instant ofMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }
}
