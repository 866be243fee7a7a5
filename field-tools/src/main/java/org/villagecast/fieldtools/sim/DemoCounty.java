package org.villagecast.fieldtools.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.villagecast.protocol.codec.Address;

/**
 * Terminals for a demo county, town or village: resource codes laid out as the GD/J vocabulary does
 * (level 1 · area code 12 · type 4 · sequence 2 · subtype 2 · sequence 2), a seeded mix of faults
 * and clock errors. The digits other than the area code are demo values, copied from PROTOCOL.md's
 * example terminal (level 4, type 0314, subtype 02).
 */
public final class DemoCounty {
  private DemoCounty() {}

  /** Terminals per village in a county or town. */
  public static final int PER_VILLAGE = 4;

  /** Villages per town in a county. */
  public static final int VILLAGES_PER_TOWN = 20;

  private static final String LEVEL = "4";
  private static final String TYPE = "0314";
  private static final String SUBTYPE = "02";

  /** What the terminals of a demo area are like. */
  public record Mix(int faultPercent, long clockOffsetMicros, double driftPpm, long seed) {
    public static Mix healthy() {
      return new Mix(0, 0, 0, 1);
    }
  }

  /**
   * {@code count} terminals in an area: a 6-digit county gets towns 101, 102, … of 20 villages
   * (201, 202, …) with 4 terminals each; a 9-digit town gets its villages; a 12-digit village holds
   * them all. Each terminal has, with the mix's seed: with probability faultPercent one fault
   * (amplifier over-temperature, line open, line short, low signal, slow replies, dead), a clock
   * offset uniform in ±clockOffset and a drift uniform in ±drift.
   */
  public static List<TerminalSpec> terminals(String area, int count, Mix mix) {
    if (!(area.length() == 6 || area.length() == 9 || area.length() == 12)
        || !area.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          "area " + area + ": give a county (6 digits), town (9) or village (12) code");
    }
    if (count < 1 || count > 99 * 99 * 999) {
      throw new IllegalArgumentException("terminal count " + count + " out of range");
    }
    Random random = new Random(mix.seed());
    List<TerminalSpec> specs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      TerminalSpec spec = TerminalSpec.of(resourceCode(area, i));
      spec = spec.withFaults(fault(random, mix.faultPercent()));
      long offset =
          mix.clockOffsetMicros() == 0
              ? 0
              : (long) ((random.nextDouble() * 2 - 1) * mix.clockOffsetMicros());
      double drift = mix.driftPpm() == 0 ? 0 : (random.nextDouble() * 2 - 1) * mix.driftPpm();
      specs.add(spec.withClock(offset, drift));
    }
    return specs;
  }

  /** The resource code of the i-th terminal (from 0) of the area. */
  public static String resourceCode(String area, int index) {
    String village;
    int inVillage;
    switch (area.length()) {
      case 12 -> {
        village = area;
        inVillage = index;
      }
      case 9 -> {
        village = area + String.format("%03d", 201 + index / PER_VILLAGE);
        inVillage = index % PER_VILLAGE;
      }
      default -> {
        int villageIndex = index / PER_VILLAGE;
        int town = 101 + villageIndex / VILLAGES_PER_TOWN;
        village =
            area
                + String.format("%03d", town)
                + String.format("%03d", 201 + villageIndex % VILLAGES_PER_TOWN);
        inVillage = index % PER_VILLAGE;
      }
    }
    String code =
        LEVEL
            + village
            + TYPE
            + String.format("%02d", 1 + inVillage / 99)
            + SUBTYPE
            + String.format("%02d", 1 + inVillage % 99);
    if (code.length() != Address.RESOURCE_CODE_DIGITS) {
      throw new IllegalArgumentException("area " + area + " too large for " + (index + 1));
    }
    return code;
  }

  private static Faults fault(Random random, int percent) {
    if (random.nextInt(100) >= percent) {
      return Faults.none();
    }
    return switch (random.nextInt(6)) {
      case 0 -> Faults.of(Fault.AMPLIFIER_OVER_TEMPERATURE);
      case 1 -> Faults.of(Fault.LINE_OPEN);
      case 2 -> Faults.of(Fault.LINE_SHORT);
      case 3 -> Faults.of(Fault.LOW_SIGNAL);
      case 4 -> Faults.none().slowReplies(Duration.ofSeconds(2));
      default -> Faults.none().dead(true);
    };
  }
}
