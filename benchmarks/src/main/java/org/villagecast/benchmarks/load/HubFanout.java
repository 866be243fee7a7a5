package org.villagecast.benchmarks.load;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.NackReason;
import org.villagecast.protocol.security.CommandGuard;

/**
 * The hub fan-out load scenario of docs/performance.md, against a running hub and a running fleet
 * of reference terminals ({@code benchmarks/scripts/hub-fanout.sh} starts both):
 *
 * <ol>
 *   <li>{@code setup}: sign in, wait until the hub knows every terminal, accept them all through
 *       the API, wait until each has acknowledged its CONFIG and is online;
 *   <li>{@code fanout}: alternate rounds of (a) HUB, a SET_VOLUME to the whole area through {@code
 *       POST /api/commands}, latency per terminal = its {@code acknowledgedAt} in the command
 *       report − the moment just before the call, and (b) RAW, one unsigned SET_VOLUME frame
 *       published by a plain MQTT client on {@code vc/v1/all/cmd}, which every terminal answers
 *       with NACK UNSIGNED (PROTOCOL.md §9.3 step 6), latency = arrival of that NACK at the client
 *       − the moment just before the publish; same broker, same subscribers, same reply path, no
 *       hub;
 *   <li>{@code rate}: frames the hub handled per second ({@code villagecast_frames_heard_total}),
 *       with the hub's CPU, over a window with no command running: the heartbeat load.
 * </ol>
 *
 * <pre>
 * VILLAGECAST_ADMIN_SECRET=... java -cp benchmarks/target/benchmarks.jar \
 *     org.villagecast.benchmarks.load.HubFanout --api http://127.0.0.1:18080 \
 *     --broker tcp://127.0.0.1:18830 --terminals 10000 --area 320583 --rounds 5 \
 *     --hub-pid PID --sim-pid PID --phases setup,fanout,rate
 * </pre>
 *
 * Lines starting with {@code RESULT} carry the figures for the script.
 */
public final class HubFanout {
  private final Map<String, String> options;
  private final int terminals;
  private final String area;
  private final long hubPid;
  private final long simPid;
  private final long brokerPid;
  private final HubApi api;
  private UpListener listener;

  private HubFanout(Map<String, String> options) {
    this.options = options;
    this.terminals = Integer.parseInt(option("terminals", "10000"));
    this.area = option("area", "320583");
    this.hubPid = Long.parseLong(option("hub-pid", "0"));
    this.simPid = Long.parseLong(option("sim-pid", "0"));
    this.brokerPid = Long.parseLong(option("broker-pid", "0"));
    this.api = new HubApi(URI.create(option("api", "http://127.0.0.1:18080")));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        System.err.println("usage: HubFanout --option value ... (see the class Javadoc)");
        System.exit(2);
      }
      options.put(args[i].substring(2), args[++i]);
    }
    String secret = System.getenv("VILLAGECAST_ADMIN_SECRET");
    if (secret == null || secret.isBlank()) {
      System.err.println("set VILLAGECAST_ADMIN_SECRET to the hub's admin secret");
      System.exit(2);
    }
    HubFanout run = new HubFanout(options);
    int status = 0;
    try {
      run.api.signIn("admin", secret);
      for (String phase : run.option("phases", "setup,fanout,rate").split(",")) {
        run.reconnect(phase.equals("setup"));
        switch (phase) {
          case "setup" -> run.setup();
          case "fanout" -> run.fanout();
          case "rate" -> run.rate();
          default -> throw new IllegalArgumentException("unknown phase " + phase);
        }
      }
    } catch (Exception e) {
      System.err.println("hub-fanout failed: " + e);
      e.printStackTrace();
      status = 1;
    } finally {
      if (run.listener != null) {
        run.listener.close();
      }
    }
    System.exit(status); // java.net.http keeps non-daemon threads: exit, also after a failure
  }

  /**
   * A new listener with a new session. Once HiveMQ CE stopped delivering to a client that had been
   * sent a flood of retries (its session stayed connected, nothing came); each round therefore
   * starts with a fresh one.
   */
  private void reconnect(boolean timeSync) throws Exception {
    if (listener != null) {
      listener.close();
    }
    listener = UpListener.connect(option("broker", "tcp://127.0.0.1:18830"), timeSync);
  }

  private String option(String name, String otherwise) {
    return options.getOrDefault(name, otherwise);
  }

  private static void log(String format, Object... args) {
    System.out.printf(
        "%s  %s%n", Instant.now().toString().substring(11, 19), String.format(format, args));
    System.out.flush();
  }

  // ---------------------------------------------------------------- setup

  private void setup() throws Exception {
    long begin = System.nanoTime();
    Duration timeout = Duration.ofSeconds(Long.parseLong(option("setup-timeout", "1200")));
    long deadline = begin + timeout.toNanos();
    int known;
    while ((known = api.terminals("").size()) < terminals) {
      check(deadline, "the hub knows " + known + " of " + terminals + " terminals");
      log("hub knows %d of %d terminals", known, terminals);
      Thread.sleep(5_000);
    }
    log("hub knows all %d terminals after %.0f s", known, seconds(begin));
    // Accepting before the clocks are synchronised gets every CONFIG refused as STALE for a while:
    // wait until the start-up time sync (four exchanges per terminal) is over, i.e. the hub answers
    // no more than twice the steady rate of one round per terminal every 10 minutes.
    double steady = 2 * terminals * 4 / 600.0;
    double answered = api.metric("villagecast_link_time_syncs_total");
    while (true) {
      check(deadline, "time sync still busy");
      Thread.sleep(10_000);
      double now = api.metric("villagecast_link_time_syncs_total");
      long[] delays = listener.takeSyncDelays();
      Latencies answers = Latencies.of(delays, delays.length);
      log(
          "time sync: hub answered %.0f/s; answers seen after p50 %s ms, p90 %s ms, max %s ms",
          (now - answered) / 10,
          delays.length == 0 ? "—" : Latencies.millis(answers.p50()),
          delays.length == 0 ? "—" : Latencies.millis(answers.percentile(90)),
          delays.length == 0 ? "—" : Latencies.millis(answers.max()));
      if ((now - answered) / 10 <= steady) {
        break;
      }
      answered = now;
    }
    log("start-up time sync over after %.0f s", seconds(begin));
    result("synced.seconds", "%.0f", seconds(begin));
    List<String> pending =
        api.terminals("approval=PENDING").stream().map(HubApi.TerminalRow::resourceCode).toList();
    int concurrency = Integer.parseInt(option("accept-concurrency", "16"));
    long acceptBegin = System.nanoTime();
    List<String> refused = acceptAll(pending, concurrency);
    if (!refused.isEmpty()) {
      log("%d accepts failed; trying them once more", refused.size());
      refused = acceptAll(refused, 1);
      if (!refused.isEmpty()) {
        throw new IllegalStateException(refused.size() + " terminals could not be accepted");
      }
    }
    double acceptSeconds = seconds(acceptBegin);
    log(
        "accepted %d terminals in %.1f s (%.0f/s, %d concurrent requests)",
        pending.size(), acceptSeconds, pending.size() / acceptSeconds, concurrency);
    result("accept.seconds", "%.1f", acceptSeconds);
    result("accept.per_second", "%.0f", pending.size() / acceptSeconds);
    // A CONFIG the terminal refuses until its clock is synchronised (NACK STALE) is retried until
    // the delivery deadline, then given up; such a terminal would never acknowledge it. So the wait
    // ends when every terminal acknowledged, or when none did for longer than the deadline.
    long stall = Long.parseLong(option("stall", "180")) * 1_000_000_000L;
    int online = 0;
    int lastAcks = -1;
    long lastProgress = System.nanoTime();
    while (listener.ackSenders() < terminals || online < terminals) {
      check(deadline, "configured " + listener.ackSenders() + ", online " + online);
      Thread.sleep(5_000);
      online = api.terminals("online=true").size();
      int acks = listener.ackSenders();
      log("CONFIG acknowledged by %d, online %d of %d", acks, online, terminals);
      if (acks != lastAcks) {
        lastAcks = acks;
        lastProgress = System.nanoTime();
      } else if (online == terminals && System.nanoTime() - lastProgress > stall) {
        log(
            "%d terminals never acknowledged their CONFIG (see the CONFIG commands in GET"
                + " /api/commands); going on without waiting for them",
            terminals - acks);
        break;
      }
    }
    double configured = seconds(acceptBegin);
    log(
        "%d of %d configured, %d online, %.1f s after the first accept",
        listener.ackSenders(), terminals, online, configured);
    result("configured.seconds", "%.1f", configured);
    result("configured.count", "%d", listener.ackSenders());
    int heartbeat = api.terminals("").get(0).heartbeatSeconds();
    result("terminal.heartbeat_seconds", "%d", heartbeat);
    Thread.sleep(Long.parseLong(option("settle", "15")) * 1000);
  }

  /** Accepts with at most {@code concurrency} requests in flight; returns the codes refused. */
  private List<String> acceptAll(List<String> codes, int concurrency) throws InterruptedException {
    Semaphore slots = new Semaphore(concurrency);
    List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger done = new AtomicInteger();
    List<CompletableFuture<?>> all = new ArrayList<>(codes.size());
    for (String code : codes) {
      slots.acquire();
      all.add(
          api.acceptAsync(code)
              .handle(
                  (status, error) -> {
                    slots.release();
                    if (error != null || status != 200) {
                      refused.add(code);
                    }
                    int n = done.incrementAndGet();
                    if (n % 2000 == 0) {
                      log("accepted %d of %d", n, codes.size());
                    }
                    return null;
                  }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    return refused;
  }

  // ---------------------------------------------------------------- fan-out rounds

  /** One round's figures, microseconds. */
  private record Round(
      String kind,
      int number,
      Latencies latencies,
      Latencies seenByClient,
      long apiMicros,
      long hubStartMicros,
      long broadcastMicros,
      int retried,
      double cpuSeconds,
      String cpuTop,
      double brokerCpuSeconds) {}

  private void fanout() throws Exception {
    int rounds = Integer.parseInt(option("rounds", "5"));
    int minWarmup = Integer.parseInt(option("warmup", "1"));
    int maxWarmup = Integer.parseInt(option("max-warmup", "4"));
    long pause = Long.parseLong(option("pause", "5")) * 1000;
    // Warm up (JIT, connection pools, terminals whose clocks synchronised late) until a pair of
    // rounds where every terminal answered the first publish, so the measured rounds measure the
    // fan-out, not the set-up.
    for (int w = 1; ; w++) {
      Round h = hubRound(-w);
      log("warm-up %d %s", w, describe(h));
      quiet(pause);
      Round r = rawRound(-w);
      log("warm-up %d %s", w, describe(r));
      quiet(pause);
      boolean clean = h.latencies.missing() == 0 && h.retried == 0 && r.latencies.missing() == 0;
      if ((clean && w >= minWarmup) || w >= maxWarmup) {
        result("warmup.rounds", "%d%s", w, clean ? "" : " (still not clean)");
        break;
      }
    }
    List<Round> hub = new ArrayList<>();
    List<Round> raw = new ArrayList<>();
    for (int i = 1; i <= rounds; i++) {
      Round h = hubRound(i);
      log("round %d %s", i, describe(h));
      quiet(pause);
      Round r = rawRound(i);
      log("round %d %s", i, describe(r));
      quiet(pause);
      hub.add(h);
      raw.add(r);
    }
    summarise(hub, raw);
  }

  /**
   * Waits {@code pauseMillis}, then until no frame but heartbeats came up for 3 s (at most 2
   * minutes): the next round starts on a drained broker, not on the tail of the last one.
   */
  private void quiet(long pauseMillis) throws InterruptedException {
    Thread.sleep(pauseMillis);
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    long last = listener.framesUp() - listener.heartbeats();
    long quietSince = System.nanoTime();
    while (System.nanoTime() - quietSince < 3_000_000_000L && System.nanoTime() < deadline) {
      Thread.sleep(250);
      long now = listener.framesUp() - listener.heartbeats();
      if (now != last) {
        last = now;
        quietSince = System.nanoTime();
      }
    }
  }

  private Round hubRound(int number) throws Exception {
    reconnect(false);
    int volume = 40 + Math.floorMod(number, 2);
    String json =
        "{\"type\":\"SET_VOLUME\",\"volume\":"
            + volume
            + ",\"targets\":{\"areas\":[\""
            + area
            + "\"]}}";
    ProcessCpu.Sample cpu0 = ProcessCpu.sample(hubPid);
    ProcessCpu.Sample broker0 = ProcessCpu.sample(brokerPid);
    Instant t0 = Instant.now();
    long n0 = System.nanoTime();
    long id = api.sendCommand(json);
    long apiMicros = (System.nanoTime() - n0) / 1000;
    long deadline = n0 + Duration.ofSeconds(30).toNanos();
    long messageId = -1;
    while (System.nanoTime() < deadline) {
      if (messageId < 0 && !listener.broadcasts().isEmpty()) {
        messageId = listener.broadcasts().get(0).messageId();
      }
      if (messageId >= 0 && listener.answeredCount(messageId) >= terminals) {
        break;
      }
      Thread.sleep(5);
    }
    ProcessCpu.Sample cpu1 = ProcessCpu.sample(hubPid);
    ProcessCpu.Sample broker1 = ProcessCpu.sample(brokerPid);
    // Retries (new message ids on single-terminal topics) are seen by the hub only: wait for it.
    HubApi.Report report = api.report(id);
    long finalDeadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    while (!report.allFinal() && System.nanoTime() < finalDeadline) {
      Thread.sleep(5_000); // a report of 10,000 deliveries costs the hub: not too often
      report = api.report(id);
    }
    List<Long> hubMicros = new ArrayList<>();
    long hubStart = Long.MAX_VALUE;
    int retried = 0;
    for (HubApi.DeliveryRow d : report.deliveries()) {
      if (d.acknowledgedAt() != null) {
        hubMicros.add(micros(t0, d.acknowledgedAt()));
      }
      if (d.sentAt() != null) {
        hubStart = Math.min(hubStart, micros(t0, d.sentAt()));
      }
      if (d.attempts() > 1) {
        retried++;
      }
    }
    long broadcastMicros = Latencies.MISSING;
    for (UpListener.Broadcast b : listener.broadcasts()) {
      if (b.messageId() == messageId) {
        broadcastMicros = (b.nanos() - n0) / 1000;
      }
    }
    return new Round(
        "HUB",
        number,
        Latencies.of(toArray(hubMicros), terminals),
        clientLatencies(messageId, n0, null),
        apiMicros,
        hubStart,
        broadcastMicros,
        retried,
        cpu0 == null || cpu1 == null ? Double.NaN : cpu1.secondsSince(cpu0),
        cpu0 == null || cpu1 == null ? "" : ProcessCpu.top(cpu1.groupSecondsSince(cpu0), 6),
        broker0 == null || broker1 == null ? Double.NaN : broker1.secondsSince(broker0));
  }

  private Round rawRound(int number) throws Exception {
    reconnect(false);
    long messageId = 0xFFFF_0000L + 1000 + number; // far above the hub's ids: never its answers
    int volume = 40 + Math.floorMod(number, 2);
    ProcessCpu.Sample cpu0 = ProcessCpu.sample(hubPid);
    ProcessCpu.Sample broker0 = ProcessCpu.sample(brokerPid);
    long n0 = System.nanoTime();
    byte[] wire =
        FrameCodec.encode(
            Frame.of(
                    Address.all(),
                    messageId,
                    0,
                    CommandGuard.micros(Instant.now()),
                    new Message.SetVolume(volume))
                .withAckRequested(true));
    listener.publish("vc/v1/all/cmd", wire);
    long publishMicros = (System.nanoTime() - n0) / 1000;
    // As long as the hub's default command deadline (60 s): a slower answer counts as missing.
    long deadline = n0 + Duration.ofSeconds(60).toNanos();
    while (listener.answeredCount(messageId) < terminals && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    ProcessCpu.Sample cpu1 = ProcessCpu.sample(hubPid);
    ProcessCpu.Sample broker1 = ProcessCpu.sample(brokerPid);
    long broadcastMicros = Latencies.MISSING;
    for (UpListener.Broadcast b : listener.broadcasts()) {
      if (b.messageId() == messageId) {
        broadcastMicros = (b.nanos() - n0) / 1000;
      }
    }
    Latencies latencies = clientLatencies(messageId, n0, NackReason.UNSIGNED);
    return new Round(
        "RAW",
        number,
        latencies,
        latencies,
        publishMicros,
        0,
        broadcastMicros,
        0,
        cpu0 == null || cpu1 == null ? Double.NaN : cpu1.secondsSince(cpu0),
        cpu0 == null || cpu1 == null ? "" : ProcessCpu.top(cpu1.groupSecondsSince(cpu0), 6),
        broker0 == null || broker1 == null ? Double.NaN : broker1.secondsSince(broker0));
  }

  /**
   * The first answer of each terminal as this client received it: for a hub command ({@code nack}
   * null) its first ACK or NACK DUPLICATE of the round, whatever the message id (a retry has its
   * own); for the raw frame its first NACK of that reason referring to the frame.
   */
  private Latencies clientLatencies(long messageId, long n0, NackReason nack) {
    Map<String, Long> first = new HashMap<>();
    for (UpListener.Answer a : listener.answers()) {
      boolean wanted =
          nack == null
              ? a.nack() == null || a.nack() == NackReason.DUPLICATE
              : a.refersTo() == messageId && a.nack() == nack;
      if (wanted) {
        first.merge(a.resourceCode(), (a.nanos() - n0) / 1000, Math::min);
      }
    }
    return Latencies.of(first.values().stream().mapToLong(Long::longValue).toArray(), terminals);
  }

  private String describe(Round r) {
    String cpu =
        (Double.isNaN(r.cpuSeconds) ? "" : String.format(", hub JVM CPU %.2f s", r.cpuSeconds))
            + (Double.isNaN(r.brokerCpuSeconds)
                ? ""
                : String.format(", broker CPU %.2f s", r.brokerCpuSeconds));
    if (r.kind.equals("RAW")) {
      return String.format(
          "RAW: p50 %s ms, p99 %s ms, max %s ms, %d/%d NACK UNSIGNED (publish %s ms, frame back"
              + " at client %s ms)%s",
          Latencies.millis(r.latencies.p50()),
          Latencies.millis(r.latencies.p99()),
          Latencies.millis(r.latencies.max()),
          r.latencies.answered(),
          r.latencies.targets(),
          Latencies.millis(r.apiMicros),
          Latencies.millis(r.broadcastMicros),
          cpu);
    }
    return String.format(
            "HUB: p50 %s ms, p99 %s ms, max %s ms, %d/%d acknowledged, %d retried (API answered %s"
                + " ms, hub stamped sentAt %s ms, frame at client %s ms; ACKs at client p50 %s p99 %s"
                + " ms)%s",
            Latencies.millis(r.latencies.p50()),
            Latencies.millis(r.latencies.p99()),
            Latencies.millis(r.latencies.max()),
            r.latencies.answered(),
            r.latencies.targets(),
            r.retried,
            Latencies.millis(r.apiMicros),
            Latencies.millis(r.hubStartMicros),
            Latencies.millis(r.broadcastMicros),
            Latencies.millis(r.seenByClient.p50()),
            Latencies.millis(r.seenByClient.p99()),
            cpu)
        + (r.cpuTop.isEmpty() ? "" : "\n          hub JVM threads: " + r.cpuTop);
  }

  private void summarise(List<Round> hub, List<Round> raw) {
    long hubP50 = Latencies.median(hub.stream().map(r -> r.latencies.p50()).toList());
    long hubP99 = Latencies.median(hub.stream().map(r -> r.latencies.p99()).toList());
    long rawP50 = Latencies.median(raw.stream().map(r -> r.latencies.p50()).toList());
    long rawP99 = Latencies.median(raw.stream().map(r -> r.latencies.p99()).toList());
    long clientP50 = Latencies.median(hub.stream().map(r -> r.seenByClient.p50()).toList());
    long clientP99 = Latencies.median(hub.stream().map(r -> r.seenByClient.p99()).toList());
    long api = Latencies.median(hub.stream().map(r -> r.apiMicros).toList());
    long start = Latencies.median(hub.stream().map(r -> r.hubStartMicros).toList());
    long frame = Latencies.median(hub.stream().map(r -> r.broadcastMicros).toList());
    List<Long> hubCpu = hub.stream().map(r -> (long) (r.cpuSeconds * 1000)).toList();
    List<Long> rawCpu = raw.stream().map(r -> (long) (r.cpuSeconds * 1000)).toList();
    log("medians of %d rounds each, %d terminals:", hub.size(), terminals);
    log(
        "  HUB (API call → acknowledgedAt): p50 %s ms, p99 %s ms",
        Latencies.millis(hubP50), Latencies.millis(hubP99));
    log(
        "  RAW (publish → NACK at client):  p50 %s ms, p99 %s ms",
        Latencies.millis(rawP50), Latencies.millis(rawP99));
    log("  ratio HUB/RAW: p50 %s, p99 %s", ratio(hubP50, rawP50), ratio(hubP99, rawP99));
    log(
        "  HUB as the client saw the ACKs: p50 %s ms, p99 %s ms; API answered after %s ms, sentAt"
            + " %s ms, frame at client %s ms",
        Latencies.millis(clientP50),
        Latencies.millis(clientP99),
        Latencies.millis(api),
        Latencies.millis(start),
        Latencies.millis(frame));
    result("hub.p50_ms", "%s", Latencies.millis(hubP50));
    result("hub.p99_ms", "%s", Latencies.millis(hubP99));
    result("raw.p50_ms", "%s", Latencies.millis(rawP50));
    result("raw.p99_ms", "%s", Latencies.millis(rawP99));
    result("ratio.p50", "%s", ratio(hubP50, rawP50));
    result("ratio.p99", "%s", ratio(hubP99, rawP99));
    result("hub.client_p50_ms", "%s", Latencies.millis(clientP50));
    result("hub.client_p99_ms", "%s", Latencies.millis(clientP99));
    result("hub.api_ms", "%s", Latencies.millis(api));
    result("hub.sent_at_ms", "%s", Latencies.millis(start));
    result("hub.frame_at_client_ms", "%s", Latencies.millis(frame));
    result("hub.round_cpu_s", "%.2f", Latencies.median(hubCpu) / 1000.0);
    result("raw.round_cpu_s", "%.2f", Latencies.median(rawCpu) / 1000.0);
    if (brokerPid > 0) {
      List<Long> hubBroker = hub.stream().map(r -> (long) (r.brokerCpuSeconds * 1000)).toList();
      List<Long> rawBroker = raw.stream().map(r -> (long) (r.brokerCpuSeconds * 1000)).toList();
      result("hub.round_broker_cpu_s", "%.2f", Latencies.median(hubBroker) / 1000.0);
      result("raw.round_broker_cpu_s", "%.2f", Latencies.median(rawBroker) / 1000.0);
    }
    result("hub.rounds_p99_ms", "%s", list(hub, r -> r.latencies.p99()));
    result("raw.rounds_p99_ms", "%s", list(raw, r -> r.latencies.p99()));
    result("hub.rounds_p50_ms", "%s", list(hub, r -> r.latencies.p50()));
    result("raw.rounds_p50_ms", "%s", list(raw, r -> r.latencies.p50()));
    result("hub.retried", "%s", hub.stream().map(r -> Integer.toString(r.retried)).toList());
  }

  private static String list(List<Round> rounds, java.util.function.ToLongFunction<Round> f) {
    return rounds.stream().map(r -> Latencies.millis(f.applyAsLong(r))).toList().toString();
  }

  private static String ratio(long a, long b) {
    return a == Latencies.MISSING || b == Latencies.MISSING || b == 0
        ? "—"
        : String.format("%.2f", (double) a / b);
  }

  // ---------------------------------------------------------------- heartbeat rate

  private void rate() throws Exception {
    int window = Integer.parseInt(option("rate-window", "60"));
    int step = 10;
    List<HubApi.TerminalRow> rows = api.terminals("");
    int heartbeat = rows.get(0).heartbeatSeconds();
    log(
        "measuring frames heard over %d s (%d terminals, heartbeat %d s: %.0f/s expected)",
        window, terminals, heartbeat, (double) terminals / heartbeat);
    double online0 = api.metric("villagecast_terminals_online");
    double heard0 = api.metric("villagecast_frames_heard_total");
    long client0 = listener.heartbeats();
    ProcessCpu.Sample hub0 = ProcessCpu.sample(hubPid);
    ProcessCpu.Sample sim0 = ProcessCpu.sample(simPid);
    long n0 = System.nanoTime();
    double lastHeard = heard0;
    long lastNanos = n0;
    List<String> steps = new ArrayList<>();
    for (int t = step; t <= window; t += step) {
      TimeUnit.NANOSECONDS.sleep(n0 + t * 1_000_000_000L - System.nanoTime());
      double heard = api.metric("villagecast_frames_heard_total");
      long now = System.nanoTime();
      steps.add(String.format("%.0f", (heard - lastHeard) / ((now - lastNanos) / 1e9)));
      lastHeard = heard;
      lastNanos = now;
    }
    double heard1 = api.metric("villagecast_frames_heard_total");
    long client1 = listener.heartbeats();
    ProcessCpu.Sample hub1 = ProcessCpu.sample(hubPid);
    ProcessCpu.Sample sim1 = ProcessCpu.sample(simPid);
    double online1 = api.metric("villagecast_terminals_online");
    double seconds = seconds(n0);
    double hubRate = (heard1 - heard0) / seconds;
    double clientRate = (client1 - client0) / seconds;
    log(
        "hub handled %.0f frames/s (per 10 s: %s); the plain client received %.0f heartbeats/s;"
            + " online %.0f → %.0f",
        hubRate, String.join(", ", steps), clientRate, online0, online1);
    result("rate.expected_per_s", "%.0f", (double) terminals / heartbeat);
    result("rate.hub_frames_per_s", "%.0f", hubRate);
    result("rate.client_heartbeats_per_s", "%.0f", clientRate);
    result("rate.steps_per_s", "%s", steps);
    result("rate.online", "%.0f→%.0f", online0, online1);
    if (hub0 != null && hub1 != null) {
      log(
          "hub JVM (hub + embedded broker) CPU %.2f cores; threads: %s",
          hub1.coresSince(hub0), ProcessCpu.top(hub1.groupSecondsSince(hub0), 10));
      result("rate.hub_cores", "%.2f", hub1.coresSince(hub0));
      result("rate.hub_threads", "%s", ProcessCpu.top(hub1.groupSecondsSince(hub0), 10));
    }
    if (sim0 != null && sim1 != null) {
      result("rate.sim_cores", "%.2f", sim1.coresSince(sim0));
    }
  }

  // ---------------------------------------------------------------- helpers

  private static void result(String key, String format, Object... args) {
    System.out.println("RESULT " + key + "=" + String.format(format, args));
    System.out.flush();
  }

  private static long micros(Instant from, Instant to) {
    Duration d = Duration.between(from, to);
    return d.getSeconds() * 1_000_000 + d.getNano() / 1000;
  }

  private static long[] toArray(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  private static void check(long deadlineNanos, String state) {
    if (System.nanoTime() > deadlineNanos) {
      throw new IllegalStateException("setup timed out: " + state);
    }
  }
}
