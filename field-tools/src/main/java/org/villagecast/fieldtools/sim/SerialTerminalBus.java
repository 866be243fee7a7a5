package org.villagecast.fieldtools.sim;

import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.villagecast.protocol.bus.BusFrame;
import org.villagecast.protocol.link.LinkException;
import org.villagecast.protocol.link.serial.SerialLink;
import org.villagecast.protocol.link.serial.SerialLinkConfig;
import org.villagecast.protocol.security.KeyRing;

/**
 * Reference terminals as units of one RS-485 bus behind a serial port: the bus side a gateway or
 * the hub polls as master (PROTOCOL.md §8.3). A COMMAND to a unit's address is executed and
 * answered at once with REPLY (its ACK, NACK or report) or NOTHING; a COMMAND to address 0 is
 * executed by every unit it reaches and never answered, its ACKs queued; a POLL takes the unit's
 * oldest queued frame (TASK_*, HEARTBEAT, TIME_SYNC_REQUEST, queued ACKs) or NOTHING. A dead unit
 * stays silent. The serial link waits the silence gap before each reply, which is the turnaround.
 *
 * <p>All units run on one thread of their own, timers included; the link's thread only hands frames
 * over to it.
 */
public final class SerialTerminalBus implements AutoCloseable {

  /** A unit: its bus address (1–247) and the terminal it is. */
  public record Unit(int busAddress, TerminalSpec spec) {
    public Unit {
      if (busAddress < 1 || busAddress > BusFrame.MAX_UNIT) {
        throw new IllegalArgumentException("bus address " + busAddress + " is outside 1..247");
      }
    }
  }

  private static final System.Logger LOG = System.getLogger(SerialTerminalBus.class.getName());

  private final SerialLink link;
  private final ScheduledExecutorService thread;
  private final Map<Integer, BusUnit> units = new TreeMap<>();
  private final LongAdder commands = new LongAdder();
  private final LongAdder polls = new LongAdder();
  private final LongAdder replies = new LongAdder();
  private volatile LinkException lostPort;

  private SerialTerminalBus(SerialLink link) {
    this.link = link;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread t = new Thread(runnable, "bus-units-" + link.config().port());
              t.setDaemon(true);
              return t;
            });
  }

  /** Opens the port and powers the units on: they start queueing time sync and heartbeats. */
  public static SerialTerminalBus open(
      SerialLinkConfig config, Map<Integer, PublicKey> hubKeys, List<Unit> units)
      throws LinkException {
    SerialLink link = SerialLink.open(config);
    SerialTerminalBus bus = new SerialTerminalBus(link);
    TerminalTimer timer = new ExecutorTimer(bus.thread);
    for (Unit unit : units) {
      if (bus.units.containsKey(unit.busAddress())) {
        bus.close();
        throw new IllegalArgumentException("two units with bus address " + unit.busAddress());
      }
      KeyRing keys = new KeyRing();
      hubKeys.forEach(keys::add);
      BusUnit busUnit = new BusUnit(unit.busAddress());
      TerminalSpec spec = unit.spec();
      SimulatedClock clock =
          new SimulatedClock(Clock.systemUTC(), spec.clockOffsetMicros(), spec.clockDriftPpm());
      busUnit.attach(
          new ReferenceTerminal(
              spec.settings(), spec.profile().asWired(), keys, clock, timer, busUnit));
      bus.units.put(unit.busAddress(), busUnit);
    }
    bus.thread.execute(
        () -> {
          for (Unit unit : units) {
            ReferenceTerminal terminal = bus.units.get(unit.busAddress()).terminal();
            terminal.setFaults(unit.spec().faults());
            terminal.linkUp(); // on a bus, powered on is linked: its frames queue for POLL
          }
        });
    link.onFrame(frame -> bus.thread.execute(() -> bus.onBusFrame(frame)));
    link.onClosed(
        cause -> {
          bus.lostPort = cause;
          LOG.log(System.Logger.Level.WARNING, cause.getMessage());
        });
    return bus;
  }

  private void onBusFrame(BusFrame frame) {
    if ((frame.control().code & 0x80) != 0) {
      return; // a unit speaking (our own replies echoed on a real bus)
    }
    if (frame.address() == BusFrame.BROADCAST) {
      if (frame.control() == BusFrame.Control.COMMAND) {
        commands.increment();
        byte[] message = frame.message();
        for (BusUnit unit : units.values()) {
          unit.broadcast(message);
        }
      }
      return; // a broadcast is never answered; a POLL to 0 is not allowed
    }
    BusUnit unit = units.get(frame.address());
    if (unit == null || unit.dead()) {
      return; // nobody there, or a unit that does not answer any more
    }
    byte[] answer;
    if (frame.control() == BusFrame.Control.COMMAND) {
      commands.increment();
      answer = unit.command(frame.message());
    } else {
      polls.increment();
      answer = unit.poll();
    }
    try {
      link.send(
          answer == null
              ? BusFrame.nothing(unit.address())
              : BusFrame.reply(unit.address(), answer));
      replies.increment();
    } catch (LinkException e) {
      lostPort = e;
    }
  }

  /** Runs {@code query} on the units' thread with the unit at this bus address. */
  public <T> CompletableFuture<T> inspect(int busAddress, Function<ReferenceTerminal, T> query) {
    BusUnit unit = units.get(busAddress);
    if (unit == null) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("no unit at bus address " + busAddress));
    }
    return CompletableFuture.supplyAsync(() -> query.apply(unit.terminal()), thread);
  }

  /** Frames waiting in a unit's queue for POLL. */
  public CompletableFuture<Integer> queued(int busAddress) {
    return CompletableFuture.supplyAsync(() -> units.get(busAddress).queued(), thread);
  }

  public long commands() {
    return commands.sum();
  }

  public long polls() {
    return polls.sum();
  }

  /** REPLY and NOTHING frames sent. */
  public long replies() {
    return replies.sum();
  }

  public int size() {
    return units.size();
  }

  /** Why the port went away, or null while it is fine. */
  public LinkException lostPort() {
    return lostPort;
  }

  @Override
  public void close() {
    try {
      thread
          .submit(() -> units.values().forEach(u -> u.terminal().shutdown()))
          .get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the units are going away anyway
    }
    thread.shutdownNow();
    link.close();
  }
}
