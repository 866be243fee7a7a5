package org.villagecast.fieldtools;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.villagecast.fieldtools.sim.SerialTerminalBus;
import org.villagecast.fieldtools.sim.TerminalSpec;
import org.villagecast.protocol.bus.BusFrame;
import org.villagecast.protocol.link.LinkException;
import org.villagecast.protocol.link.serial.SerialLinkConfig;

/** {@code simulate --serial}: reference terminals as units of an RS-485 bus on a serial port. */
final class SerialSimulation {
  private SerialSimulation() {}

  static int run(
      Path port,
      List<TerminalSpec> specs,
      Map<Integer, PublicKey> hubKeys,
      long durationSeconds,
      PrintWriter out,
      PrintWriter err)
      throws InterruptedException {
    if (specs.size() > BusFrame.MAX_UNIT) {
      err.println("error: a bus has at most " + BusFrame.MAX_UNIT + " units, not " + specs.size());
      return 2;
    }
    List<SerialTerminalBus.Unit> units = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      units.add(new SerialTerminalBus.Unit(i + 1, specs.get(i)));
    }
    SerialTerminalBus bus;
    try {
      bus =
          SerialTerminalBus.open(SerialLinkConfig.builder(port.toString()).build(), hubKeys, units);
    } catch (LinkException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    out.printf(
        "simulating %d bus units (addresses 1..%d) on %s, 9600 8E1%n",
        units.size(), units.size(), port);
    Thread closer = new Thread(bus::close, "simulate-shutdown");
    Runtime.getRuntime().addShutdownHook(closer);
    long end =
        durationSeconds > 0 ? System.nanoTime() + Duration.ofSeconds(durationSeconds).toNanos() : 0;
    while ((end == 0 || System.nanoTime() < end) && bus.lostPort() == null) {
      Thread.sleep(
          end == 0 ? 10_000 : Math.min(10_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      out.printf(
          "%s commands %d  polls %d  replies %d%n",
          LocalTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_LOCAL_TIME),
          bus.commands(),
          bus.polls(),
          bus.replies());
      out.flush();
    }
    Runtime.getRuntime().removeShutdownHook(closer);
    LinkException lost = bus.lostPort();
    bus.close();
    if (lost != null) {
      err.println("error: " + lost.getMessage());
      return 1;
    }
    return 0;
  }
}
