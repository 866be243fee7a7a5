package org.villagecast.fieldtools.sim;

/**
 * Everything needed to make one simulated terminal: its settings, how it behaves, its faults and
 * how wrong its clock is (offset in µs, drift in ppm).
 */
public record TerminalSpec(
    TerminalSettings settings,
    TerminalProfile profile,
    Faults faults,
    long clockOffsetMicros,
    double clockDriftPpm) {

  /** A healthy terminal with an exact clock and default behaviour. */
  public static TerminalSpec of(String resourceCode) {
    return new TerminalSpec(
        TerminalSettings.of(resourceCode), TerminalProfile.defaults(), Faults.none(), 0, 0);
  }

  public String resourceCode() {
    return settings.resourceCode();
  }

  public TerminalSpec withFaults(Faults newFaults) {
    return new TerminalSpec(settings, profile, newFaults, clockOffsetMicros, clockDriftPpm);
  }

  public TerminalSpec withSettings(TerminalSettings newSettings) {
    return new TerminalSpec(newSettings, profile, faults, clockOffsetMicros, clockDriftPpm);
  }

  public TerminalSpec withProfile(TerminalProfile newProfile) {
    return new TerminalSpec(settings, newProfile, faults, clockOffsetMicros, clockDriftPpm);
  }

  public TerminalSpec withClock(long offsetMicros, double driftPpm) {
    return new TerminalSpec(settings, profile, faults, offsetMicros, driftPpm);
  }
}
