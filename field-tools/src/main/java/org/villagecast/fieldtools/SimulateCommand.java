package org.villagecast.fieldtools;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.villagecast.fieldtools.sim.DemoCounty;
import org.villagecast.fieldtools.sim.FleetConfig;
import org.villagecast.fieldtools.sim.FleetStats;
import org.villagecast.fieldtools.sim.MqttTerminalFleet;
import org.villagecast.fieldtools.sim.TerminalSpec;
import org.villagecast.protocol.topic.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code simulate}: runs reference terminals against a broker (or on a serial bus). */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Runs simulated loudspeaker terminals (reference terminals) of a demo county against an MQTT"
          + " broker, or as units of an RS-485 bus on a serial port.",
      "Prints a summary line every 10 s. Ctrl-C stops them: each publishes its retained"
          + " \"offline\" first."
    })
final class SimulateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--broker",
      defaultValue = "tcp://127.0.0.1:1883",
      description = "MQTT broker URL (default: ${DEFAULT-VALUE})")
  String broker;

  @Option(
      names = "--terminals",
      defaultValue = "100",
      description = "number of terminals (default: ${DEFAULT-VALUE})")
  int terminals;

  @Option(
      names = "--area",
      defaultValue = "320583",
      description = "county (6 digits), town (9) or village (12) code (default: ${DEFAULT-VALUE})")
  String area;

  @Option(
      names = "--heartbeat",
      defaultValue = "60",
      description = "heartbeat period in seconds until a CONFIG says otherwise (default: 60)")
  int heartbeat;

  @Option(
      names = "--faults",
      defaultValue = "0",
      description =
          "percent of terminals with one fault (over-temperature, line open, line"
              + " short, low signal, slow replies, dead)")
  int faultPercent;

  @Option(
      names = "--hub-key",
      description = "the hub's Ed25519 public key: 32 raw bytes or 64 hex digits in a file")
  Path hubKey;

  @Option(
      names = "--hub-key-id",
      defaultValue = "1",
      description = "key id of --hub-key (default: ${DEFAULT-VALUE})")
  int hubKeyId;

  @Option(
      names = "--serial",
      description = "a serial port path: simulate a bus of units (addresses 1..N) instead of MQTT")
  Path serial;

  @Option(
      names = "--clock-offset",
      defaultValue = "0",
      description = "clock errors in ms: each terminal's offset is uniform in ±this")
  long clockOffsetMillis;

  @Option(
      names = "--drift",
      defaultValue = "0",
      description = "clock drift in ppm: each terminal's drift is uniform in ±this")
  double driftPpm;

  @Option(
      names = "--connect-rate",
      defaultValue = "" + FleetConfig.DEFAULT_CONNECT_RATE,
      description = "new connections per second (default: ${DEFAULT-VALUE})")
  int connectRate;

  @Option(
      names = "--keep-alive",
      defaultValue = "30",
      description = "MQTT keep alive in seconds (default: ${DEFAULT-VALUE})")
  int keepAlive;

  @Option(
      names = "--event-loops",
      description = "event-loop threads (default: the number of cores)")
  Integer eventLoops;

  @Option(
      names = "--topic-prefix",
      defaultValue = Topics.DEFAULT_PREFIX,
      description = "MQTT topic prefix (default: ${DEFAULT-VALUE})")
  String topicPrefix;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the fault and clock mix")
  long seed;

  @Option(
      names = "--duration",
      defaultValue = "0",
      description = "stop after this many seconds (default: run until Ctrl-C)")
  long durationSeconds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<Integer, PublicKey> hubKeys;
    try {
      hubKeys = hubKey == null ? Map.of() : Map.of(hubKeyId, HubKeyFile.read(hubKey));
    } catch (java.io.IOException | IllegalArgumentException e) {
      err.println("error: cannot read the hub key: " + e.getMessage());
      return 2;
    }
    List<TerminalSpec> specs;
    try {
      specs =
          DemoCounty.terminals(
                  area,
                  terminals,
                  new DemoCounty.Mix(faultPercent, clockOffsetMillis * 1000, driftPpm, seed))
              .stream()
              .map(s -> s.withSettings(s.settings().withHeartbeatPeriod(heartbeat)))
              .toList();
    } catch (RuntimeException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    if (hubKeys.isEmpty()) {
      err.println("warning: no --hub-key: the terminals trust no hub and refuse every command");
    }
    if (serial != null) {
      return SerialSimulation.run(serial, specs, hubKeys, durationSeconds, out, err);
    }
    return runMqtt(specs, hubKeys, out, err);
  }

  private int runMqtt(
      List<TerminalSpec> specs, Map<Integer, PublicKey> hubKeys, PrintWriter out, PrintWriter err)
      throws InterruptedException {
    FleetConfig config;
    try {
      config =
          FleetConfig.broker(broker)
              .withConnectRate(connectRate)
              .withKeepAlive(Duration.ofSeconds(keepAlive))
              .withTopics(new Topics(topicPrefix));
      if (eventLoops != null) {
        config = config.withEventLoops(eventLoops);
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    out.printf(
        "simulating %d terminals in area %s against %s (heartbeat %d s, %d%% with faults)%n",
        specs.size(), area, config.url(), heartbeat, faultPercent);
    out.flush();
    MqttTerminalFleet fleet = MqttTerminalFleet.start(config, hubKeys, specs);
    Thread closer = new Thread(fleet::close, "simulate-shutdown");
    Runtime.getRuntime().addShutdownHook(closer);
    long started = System.nanoTime();
    Summary summary = new Summary(fleet, started);
    boolean reportedUnreachable = false;
    long end = durationSeconds > 0 ? started + Duration.ofSeconds(durationSeconds).toNanos() : 0;
    while (end == 0 || System.nanoTime() < end) {
      Thread.sleep(
          Math.min(10_000, end == 0 ? 10_000 : Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      FleetStats stats = fleet.stats();
      if (stats.connected() == 0 && stats.lastConnectError() != null && !reportedUnreachable) {
        out.println(
            "cannot reach the broker at "
                + config.url()
                + ": "
                + stats.lastConnectError()
                + " (still retrying)");
        reportedUnreachable = true;
      }
      if (summary.secondsSinceLast() >= 1) {
        out.println(summary.line());
        out.flush();
      }
    }
    Runtime.getRuntime().removeShutdownHook(closer);
    fleet.close();
    return 0;
  }

  /** One line of figures: connected, rates since the last line, heap, threads. */
  static final class Summary {
    private final MqttTerminalFleet fleet;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private long lastNanos;
    private long lastHeartbeats;
    private long lastIn;
    private long lastOut;
    private long fullyConnectedAfterMillis = -1;
    private final long startNanos;

    Summary(MqttTerminalFleet fleet, long startNanos) {
      this.fleet = fleet;
      this.startNanos = startNanos;
      this.lastNanos = startNanos;
    }

    double secondsSinceLast() {
      return (System.nanoTime() - lastNanos) / 1e9;
    }

    String line() {
      FleetStats stats = fleet.stats();
      long now = System.nanoTime();
      double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
      long heartbeats = stats.heartbeats();
      long in = stats.framesIn();
      long out = stats.framesOut();
      if (fullyConnectedAfterMillis < 0 && stats.connected() == fleet.size()) {
        fullyConnectedAfterMillis = (now - startNanos) / 1_000_000;
      }
      String line =
          String.format(
              "%s connected %d/%d (failed connects %d)  heartbeats %.1f/s  frames in %.1f/s"
                  + " out %.1f/s  heap %d MB  threads %d%s",
              LocalTime.now()
                  .truncatedTo(ChronoUnit.SECONDS)
                  .format(DateTimeFormatter.ISO_LOCAL_TIME),
              stats.connected(),
              fleet.size(),
              stats.connectFailures(),
              (heartbeats - lastHeartbeats) / seconds,
              (in - lastIn) / seconds,
              (out - lastOut) / seconds,
              memory.getHeapMemoryUsage().getUsed() >> 20,
              ManagementFactory.getThreadMXBean().getThreadCount(),
              fullyConnectedAfterMillis >= 0
                  ? String.format("  (all connected after %.1f s)", fullyConnectedAfterMillis / 1e3)
                  : "");
      lastNanos = now;
      lastHeartbeats = heartbeats;
      lastIn = in;
      lastOut = out;
      return line;
    }
  }
}
