package org.villagecast.controller.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which fault alarms a change of fault flags raises and clears. */
final class Alarms {
  private Alarms() {}

  /** Kinds whose fault flag is set now and that have no open alarm. */
  static List<AlarmKind> toRaise(int faultFlags, Map<AlarmKind, ?> open) {
    List<AlarmKind> raise = new ArrayList<>();
    for (AlarmKind kind : AlarmKind.values()) {
      if (kind.faultFlag != 0 && (faultFlags & kind.faultFlag) != 0 && !open.containsKey(kind)) {
        raise.add(kind);
      }
    }
    return raise;
  }

  /** Open fault alarms whose flag is clear now. */
  static List<AlarmKind> toClear(int faultFlags, Map<AlarmKind, ?> open) {
    List<AlarmKind> clear = new ArrayList<>();
    for (AlarmKind kind : open.keySet()) {
      if (kind.faultFlag != 0 && (faultFlags & kind.faultFlag) == 0) {
        clear.add(kind);
      }
    }
    return clear;
  }
}
