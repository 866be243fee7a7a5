package org.villagecast.fieldtools;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import org.villagecast.fieldtools.sim.TerminalSpec;

/** {@code simulate --serial}: reference terminals as units of an RS-485 bus on a serial port. */
final class SerialSimulation {
  private SerialSimulation() {}

  static int run(
      Path port,
      List<TerminalSpec> specs,
      Map<Integer, PublicKey> hubKeys,
      long durationSeconds,
      PrintWriter out,
      PrintWriter err) {
    err.println("error: the serial bus simulation is not available yet");
    return 2;
  }
}
