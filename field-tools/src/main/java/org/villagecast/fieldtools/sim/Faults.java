package org.villagecast.fieldtools.sim;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The faults a reference terminal is given: hardware faults it reports (and that may stop it
 * playing), replies slowed by a delay, or dead (it answers nothing and sends no heartbeats while
 * its link stays up, like hung firmware).
 */
public record Faults(Set<Fault> hardware, Duration replyDelay, boolean dead) {

  private static final Faults NONE = new Faults(Set.of(), Duration.ZERO, false);

  public Faults {
    hardware = hardware.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(hardware));
    if (replyDelay.isNegative()) {
      throw new IllegalArgumentException("reply delay must not be negative");
    }
  }

  public static Faults none() {
    return NONE;
  }

  public static Faults of(Fault... faults) {
    return new Faults(Set.of(faults), Duration.ZERO, false);
  }

  public Faults with(Fault fault) {
    EnumSet<Fault> more =
        hardware.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(hardware);
    more.add(fault);
    return new Faults(more, replyDelay, dead);
  }

  public Faults without(Fault fault) {
    EnumSet<Fault> fewer =
        hardware.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(hardware);
    fewer.remove(fault);
    return new Faults(fewer, replyDelay, dead);
  }

  public Faults slowReplies(Duration delay) {
    return new Faults(hardware, delay, dead);
  }

  public Faults dead(boolean isDead) {
    return new Faults(hardware, replyDelay, isDead);
  }

  public boolean has(Fault fault) {
    return hardware.contains(fault);
  }

  /** The FaultFlags bits of the hardware faults. */
  public int flags() {
    int flags = 0;
    for (Fault fault : hardware) {
      flags |= fault.flag;
    }
    return flags;
  }

  /** The first fault that stops the terminal playing, or null. */
  public Fault blockingPlay() {
    for (Fault fault : Fault.values()) {
      if (fault.blocksPlay && hardware.contains(fault)) {
        return fault;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    if (this.equals(NONE)) {
      return "no faults";
    }
    StringBuilder out = new StringBuilder(hardware.toString());
    if (!replyDelay.isZero()) {
      out.append(" slow replies ").append(replyDelay.toMillis()).append(" ms");
    }
    if (dead) {
      out.append(" dead");
    }
    return out.toString();
  }
}
