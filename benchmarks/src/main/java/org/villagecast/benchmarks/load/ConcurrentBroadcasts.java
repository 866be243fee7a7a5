package org.villagecast.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The concurrent-broadcasts load scenario of docs/performance.md ("Broadcasts: 50 at once"),
 * against a running hub whose reference terminals are connected, accepted and configured ({@code
 * benchmarks/scripts/concurrent-broadcasts.sh} starts both and runs {@link HubFanout}'s setup
 * first). First a few short broadcasts warm the hub up ({@link #warmUp}); then each round:
 *
 * <ol>
 *   <li>heap of the idle hub after a full GC ({@code jcmd GC.run}, {@code GC.heap_info}) and RSS;
 *   <li>{@code villages} broadcasts (or {@code --counts} per round) requested together, one per
 *       village ({@code POST /api/broadcasts}, all requests at once): the village's notice twice
 *       with a pause, chime before each, over a spoken county bulletin as the background (the hub
 *       has no clip library yet), about 73 s. In a "scheduled" round all carry one {@code startAt},
 *       late enough for every programme to be rendered first, so that all play at once; in a
 *       "together" round each starts as soon as the hub has rendered it ({@code --modes}, see
 *       {@link #startIn});
 *   <li>once every broadcast is playing (10 s after the last start): the hub's CPU over 20 s, then
 *       heap after a full GC and RSS again;
 *   <li>when all have ended: each one's frames sent, frames late and least headroom from the hub's
 *       log line "broadcast N FINISHED; F frames sent, L late, least headroom H ms" (frames late =
 *       published after their presentation time: an underrun at the hub), and each terminal's
 *       outcome from the PLAY's command report ("COMPLETED" or "COMPLETED, 12 frames missed");
 *   <li>heap of the idle hub again: the speech cache filled during the round stays in it.
 * </ol>
 *
 * <pre>
 * VILLAGECAST_ADMIN_SECRET=... java -cp benchmarks/target/benchmarks.jar \
 *     org.villagecast.benchmarks.load.ConcurrentBroadcasts --api http://127.0.0.1:18081 \
 *     --area 320583 --villages 50 --per-village 4 --rounds 3 \
 *     --modes scheduled,scheduled,together --start-in 240 --hub-pid PID --hub-log hub.log \
 *     --sim-pid PID
 * </pre>
 *
 * Lines starting with {@code RESULT} carry the figures for the script.
 */
public final class ConcurrentBroadcasts {
  /** The county bulletin under every village's notices: about 73 s of speech. */
  static final String BULLETIN =
      "县广播站为您播报今日要闻。今天是2026年11月30日，全县天气多云转晴，气温3到12摄氏度，"
          + "偏北风3到4级。县政府召开冬季农业生产工作会议，要求各乡镇做好小麦和油菜的田间管理，"
          + "抓好设施蔬菜的保温防冻。县农业农村局提醒广大农户，近期气温下降明显，"
          + "请及时加固大棚，检查取暖设施，注意用电用火安全。县医保局提醒，"
          + "2027年度城乡居民医疗保险集中缴费工作正在进行，每人每年380元，"
          + "请于12月31日前通过手机或到村委会办理。县交通运输局提醒，受降温影响，"
          + "部分山区道路早晚可能结冰，请过往车辆减速慢行，注意安全。以上是今日要闻，感谢收听。";

  /** Lines of the hub's log at the end of a broadcast. */
  private static final Pattern ENDED =
      Pattern.compile(
          "broadcast (\\d+) (\\w+)(?: \\(.*\\))?; (\\d+) frames sent, (\\d+) late, least headroom"
              + " (-?\\d+) ms");

  private static final Pattern MISSED = Pattern.compile("(\\d+) frames missed");

  private final Map<String, String> options;
  private final HubApi api;
  private final long hubPid;
  private final long simPid;
  private final Path hubLog;
  private final String area;
  private final int villages;
  private final int perVillage;

  private ConcurrentBroadcasts(Map<String, String> options) {
    this.options = options;
    this.api = new HubApi(URI.create(option("api", "http://127.0.0.1:18081")));
    this.hubPid = Long.parseLong(option("hub-pid", "0"));
    this.simPid = Long.parseLong(option("sim-pid", "0"));
    this.hubLog = Path.of(option("hub-log", "hub.log"));
    this.area = option("area", "320583");
    this.villages = Integer.parseInt(option("villages", "50"));
    this.perVillage = Integer.parseInt(option("per-village", "4"));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        System.err.println("usage: ConcurrentBroadcasts --option value ... (see the Javadoc)");
        System.exit(2);
      }
      options.put(args[i].substring(2), args[++i]);
    }
    String secret = System.getenv("VILLAGECAST_ADMIN_SECRET");
    if (secret == null || secret.isBlank()) {
      System.err.println("set VILLAGECAST_ADMIN_SECRET to the hub's admin secret");
      System.exit(2);
    }
    ConcurrentBroadcasts run = new ConcurrentBroadcasts(options);
    int status = 0;
    try {
      run.api.signIn("admin", secret);
      run.rounds();
    } catch (Exception e) {
      System.err.println("concurrent-broadcasts failed: " + e);
      e.printStackTrace();
      status = 1;
    }
    System.exit(status); // java.net.http keeps non-daemon threads
  }

  private String option(String name, String otherwise) {
    return options.getOrDefault(name, otherwise);
  }

  /**
   * The 12-digit code of the v-th village (from 0) of a county, town or village code, laid out as
   * the simulator's {@code DemoCounty} lays out its terminals (20 villages per town from 201, towns
   * from 101).
   */
  static String village(String area, int v) {
    return switch (area.length()) {
      case 12 -> area;
      case 9 -> area + String.format("%03d", 201 + v);
      default -> area + String.format("%03d%03d", 101 + v / 20, 201 + v % 20);
    };
  }

  /** The v-th village's notice, its own text (so its speech is its own): about 21 s. */
  static String notice(int v) {
    return "各位村民请注意：本村定于12月2日上午9:00在村委会召开冬季防火工作会议，"
        + "请各户派一名代表准时参加。会后发放防火宣传资料和灭火器，请相互转告。本村编号"
        + (v + 1)
        + "。";
  }

  /** The programme of the v-th village's broadcast, as the API's JSON; startAt may be null. */
  static String request(String area, int v, Instant startAt) {
    String notice = quote(notice(v));
    return "{\"title\":\"冬季防火会议通知 "
        + village(area, v)
        + "\","
        + (startAt == null ? "" : "\"startAt\":\"" + startAt + "\",")
        + "\"priority\":\"notice\",\"targets\":{\"areas\":[\""
        + village(area, v)
        + "\"]},\"programme\":{\"chime\":true,\"notices\":[{\"speech\":"
        + notice
        + "},{\"silence\":3},{\"speech\":"
        + notice
        + "}],\"background\":[{\"speech\":"
        + quote(BULLETIN)
        + "}]}}";
  }

  // ---------------------------------------------------------------- rounds

  /** One round's figures. */
  private record Round(
      int number,
      int count,
      long idleBeforeKb,
      long playingKb,
      long idleAfterKb,
      long rssIdleKb,
      long rssPlayingKb,
      double gcPauseSeconds,
      List<Long> apiMillis,
      double allPlayingAfter,
      double hubCoresIdle,
      double hubCoresPlaying,
      double hubCpuRound,
      double simCoresPlaying,
      long framesSent,
      long framesLate,
      long leastHeadroomMillis,
      int broadcastsEnded,
      String endStates,
      int deliveries,
      int completed,
      long framesMissed,
      int terminalsMissing,
      String otherOutcomes) {}

  private void rounds() throws Exception {
    int rounds = Integer.parseInt(option("rounds", "3"));
    if (rounds < 1) {
      throw new IllegalArgumentException("at least one round");
    }
    long pause = Long.parseLong(option("pause", "15")) * 1000;
    List<Round> done = new ArrayList<>();
    warmUp();
    Thread.sleep(pause);
    for (int r = 1; r <= rounds; r++) {
      Round round = round(r);
      done.add(round);
      describe(round);
      Thread.sleep(pause);
    }
    summarise(done);
  }

  private Round round(int number) throws Exception {
    long startIn = startIn(number);
    int count = count(number);
    log(
        "round %d: %d broadcasts, one per village, %d terminals each; %s",
        number,
        count,
        perVillage,
        startIn == 0
            ? "each starts as soon as it is rendered (together)"
            : "all start at one time " + startIn + " s after the requests (scheduled)");
    result("round" + number + ".start_in_s", "%d", startIn);
    long[] idle = heapAfterGc();
    long rssIdle = rssKb();
    // The idle hub's own CPU (heartbeats, housekeeping, the embedded broker), to set against.
    ProcessCpu.Sample idle0 = ProcessCpu.sample(hubPid);
    Thread.sleep(10_000);
    double hubCoresIdle = ProcessCpu.sample(hubPid).coresSince(idle0);
    ProcessCpu.Sample hub0 = ProcessCpu.sample(hubPid);
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(count);
    List<Future<Map<String, Object>>> calls = new ArrayList<>();
    List<Long> apiMillis = new ArrayList<>();
    // Together: as soon as each is rendered; or all at one time after the renders (scheduled).
    Instant startAt = startIn > 0 ? Instant.now().plusSeconds(startIn) : null;
    for (int v = 0; v < count; v++) {
      String json = request(area, v, startAt);
      calls.add(
          pool.submit(
              () -> {
                long n0 = System.nanoTime();
                Map<String, Object> b = api.startBroadcast(json, Duration.ofMinutes(20));
                b.put("apiMillis", (System.nanoTime() - n0) / 1_000_000);
                return b;
              }));
    }
    List<Long> ids = new ArrayList<>();
    Instant lastStart = Instant.EPOCH;
    Instant firstStart = Instant.MAX;
    int startedLate = 0;
    for (Future<Map<String, Object>> call : calls) {
      Map<String, Object> b = call.get();
      if (b.get("detail") instanceof String detail && detail.contains("late")) {
        startedLate++;
      }
      ids.add(((Number) b.get("id")).longValue());
      apiMillis.add(((Number) b.get("apiMillis")).longValue());
      Instant start = Instant.parse((String) b.get("startAt"));
      if (start.isAfter(lastStart)) {
        lastStart = start;
      }
      if (start.isBefore(firstStart)) {
        firstStart = start;
      }
    }
    ProcessCpu.Sample hubRendered = ProcessCpu.sample(hubPid);
    double renderSeconds = (System.nanoTime() - t0) / 1e9;
    renderSecondsPerBroadcast = Math.max(renderSecondsPerBroadcast, renderSeconds / count);
    pool.shutdown();
    apiMillis.sort(Long::compare);
    log(
        "all %d rendered and launched after %.1f s (API answered in %d–%d ms, median %d ms; hub"
            + " CPU %.1f s meanwhile); they start from %s to %s (%.1f s apart)%s",
        ids.size(),
        renderSeconds,
        apiMillis.get(0),
        apiMillis.get(apiMillis.size() - 1),
        apiMillis.get(apiMillis.size() / 2),
        hubRendered.secondsSince(hub0),
        firstStart,
        lastStart,
        Duration.between(firstStart, lastStart).toMillis() / 1000.0,
        startedLate > 0 ? "; " + startedLate + " later than asked (rendering took too long)" : "");
    result("round" + number + ".render_s", "%.1f", renderSeconds);
    result("round" + number + ".render_hub_cpu_s", "%.1f", hubRendered.secondsSince(hub0));
    result(
        "round" + number + ".start_spread_s",
        "%.1f",
        Duration.between(firstStart, lastStart).toMillis() / 1000.0);
    result("round" + number + ".started_late", "%d", startedLate);
    // All of them play from the last start on; measure a little after it.
    sleepUntil(lastStart.plusSeconds(Long.parseLong(option("measure-after", "10"))));
    double allPlaying = (System.nanoTime() - t0) / 1e9;
    ProcessCpu.Sample hubPlaying0 = ProcessCpu.sample(hubPid);
    ProcessCpu.Sample simPlaying0 = ProcessCpu.sample(simPid);
    Thread.sleep(Long.parseLong(option("cpu-window", "20")) * 1000);
    ProcessCpu.Sample hubPlaying1 = ProcessCpu.sample(hubPid);
    ProcessCpu.Sample simPlaying1 = ProcessCpu.sample(simPid);
    long g0 = System.nanoTime();
    long[] playing = heapAfterGc();
    double gcPause = (System.nanoTime() - g0) / 1e9;
    long rssPlaying = rssKb();
    int stillPlaying = 0;
    for (long id : ids) {
      if ("PLAYING".equals(api.broadcast(id).get("state"))) {
        stillPlaying++;
      }
    }
    log(
        "while playing (%d of %d still playing at the heap reading): heap after GC %d MB (idle"
            + " %d MB), RSS %d MB; jcmd GC.run took %.2f s; hub %.2f cores, terminals %.2f cores",
        stillPlaying,
        ids.size(),
        playing[0] / 1024,
        idle[0] / 1024,
        rssPlaying / 1024,
        gcPause,
        hubPlaying1.coresSince(hubPlaying0),
        simPlaying1 == null ? Double.NaN : simPlaying1.coresSince(simPlaying0));
    if (stillPlaying < ids.size()) {
      log("WARNING: not every broadcast was playing at the heap reading");
    }
    // Wait for the end of every broadcast, then for every terminal's report.
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    Map<String, Integer> states = new HashMap<>();
    while (true) {
      states.clear();
      for (long id : ids) {
        states.merge((String) api.broadcast(id).get("state"), 1, Integer::sum);
      }
      if (!states.containsKey("PLAYING") || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(2_000);
    }
    ProcessCpu.Sample hub1 = ProcessCpu.sample(hubPid);
    int deliveries = 0;
    int completed = 0;
    long missed = 0;
    int missing = 0;
    Map<String, Integer> other = new HashMap<>();
    for (long id : ids) {
      List<HubApi.PlayDelivery> rows = api.playDeliveries(id);
      while (rows.stream().anyMatch(d -> !final_(d.state())) && System.nanoTime() < deadline) {
        Thread.sleep(2_000);
        rows = api.playDeliveries(id);
      }
      deliveries += rows.size();
      missing += Math.max(0, perVillage - rows.size());
      for (HubApi.PlayDelivery d : rows) {
        String detail = d.detail() == null ? "" : d.detail();
        Matcher m = MISSED.matcher(detail);
        boolean lost = m.find();
        if (lost) {
          missed += Long.parseLong(m.group(1));
        }
        boolean played = "FINISHED".equals(d.state()) && detail.startsWith("COMPLETED");
        if (played && !lost) {
          completed++;
        } else if (!played) {
          other.merge(d.state() + " " + detail, 1, Integer::sum);
        }
      }
    }
    // The hub logs each broadcast's end; give the log a moment to be written.
    Thread.sleep(1_000);
    long sent = 0;
    long late = 0;
    long headroom = Long.MAX_VALUE;
    int ended = 0;
    Map<Long, Ended> lines = endLines();
    for (long id : ids) {
      Ended e = lines.get(id);
      if (e == null) {
        continue;
      }
      ended++;
      sent += e.framesSent();
      late += e.framesLate();
      headroom = Math.min(headroom, e.headroomMillis());
    }
    long[] after = heapAfterGc();
    return new Round(
        number,
        count,
        idle[0],
        playing[0],
        after[0],
        rssIdle,
        rssPlaying,
        gcPause,
        apiMillis,
        allPlaying,
        hubCoresIdle,
        hubPlaying1.coresSince(hubPlaying0),
        hub1.secondsSince(hub0),
        simPlaying1 == null ? Double.NaN : simPlaying1.coresSince(simPlaying0),
        sent,
        late,
        headroom,
        ended,
        states.toString(),
        deliveries,
        completed,
        missed,
        missing,
        other.toString());
  }

  /**
   * Seconds from the requests to the common start time of round {@code number}, 0 for "each as soon
   * as it is rendered". {@code --modes} lists the rounds, e.g. {@code
   * scheduled,scheduled,together}: a scheduled round starts all broadcasts at one time, {@code
   * --start-in} seconds after the requests, or, once a round has shown how long rendering takes,
   * 1.25 × the longest time per broadcast so far × the round's broadcasts + 15 s, so that all are
   * rendered before any plays and all play at once.
   */
  private long startIn(int number) {
    String[] modes = option("modes", "scheduled,scheduled,together").split(",");
    String mode = modes[Math.min(number, modes.length) - 1].trim();
    if (mode.equals("together")) {
      return 0;
    }
    if (!mode.equals("scheduled")) {
      throw new IllegalArgumentException("mode " + mode + ": scheduled or together");
    }
    return renderSecondsPerBroadcast > 0
        ? (long) (1.25 * renderSecondsPerBroadcast * count(number)) + 15
        : Long.parseLong(option("start-in", "240"));
  }

  /** The longest a round so far took to render its programmes, per broadcast (CPU-bound). */
  private double renderSecondsPerBroadcast;

  /**
   * Broadcasts in round {@code number}: {@code --counts} (e.g. 50,50,25), else {@code villages}.
   */
  private int count(int number) {
    String[] counts = option("counts", Integer.toString(villages)).split(",");
    int count = Integer.parseInt(counts[Math.min(number, counts.length) - 1].trim());
    if (count < 1 || count > villages) {
      throw new IllegalArgumentException("a round of " + count + " broadcasts in " + villages);
    }
    return count;
  }

  /**
   * Before the rounds, a few short broadcasts (one notice, no background) played to their end and
   * not measured: a fresh hub has never run the mixer and the Opus encoder, and would run them
   * interpreted until the JIT compiler has caught up (seconds to minutes on a busy machine). A hub
   * in service has played broadcasts before.
   */
  private void warmUp() throws Exception {
    int n = Integer.parseInt(option("warmup", "4"));
    List<Long> ids = new ArrayList<>();
    for (int v = 0; v < Math.min(n, villages); v++) {
      String json =
          "{\"title\":\"warm-up\",\"priority\":\"notice\",\"targets\":{\"areas\":[\""
              + village(area, v)
              + "\"]},\"programme\":{\"notices\":[{\"speech\":"
              + quote(notice(v))
              + "}]}}";
      ids.add(((Number) api.startBroadcast(json, Duration.ofMinutes(10)).get("id")).longValue());
    }
    for (long id : ids) {
      while ("PLAYING".equals(api.broadcast(id).get("state"))) {
        Thread.sleep(2_000);
      }
    }
    log("warm-up: %d broadcasts played to their end (not measured)", ids.size());
  }

  private static boolean final_(String state) {
    return !(state.equals("SENT") || state.equals("ACKNOWLEDGED") || state.equals("PLAYING"));
  }

  /** What the hub logged at the end of one broadcast. */
  record Ended(
      long broadcastId, String state, long framesSent, long framesLate, long headroomMillis) {}

  /** The end line of a broadcast in one line of the hub's log, if it is one. */
  static java.util.Optional<Ended> ended(String line) {
    Matcher m = ENDED.matcher(line);
    if (!m.find()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new Ended(
            Long.parseLong(m.group(1)),
            m.group(2),
            Long.parseLong(m.group(3)),
            Long.parseLong(m.group(4)),
            Long.parseLong(m.group(5))));
  }

  /** Every broadcast end the hub's log holds so far, by broadcast id. */
  private Map<Long, Ended> endLines() throws IOException {
    Map<Long, Ended> lines = new HashMap<>();
    for (String line : Files.readAllLines(hubLog, StandardCharsets.UTF_8)) {
      ended(line).ifPresent(e -> lines.put(e.broadcastId(), e));
    }
    return lines;
  }

  private void describe(Round r) {
    log(
        "round %d: hub frames sent %d, late %d, least headroom %d ms (%d of %d end lines; states"
            + " %s); terminals: %d deliveries, %d COMPLETED without loss, %d frames missed, %d"
            + " missing, other %s",
        r.number,
        r.framesSent,
        r.framesLate,
        r.leastHeadroomMillis,
        r.broadcastsEnded,
        r.count,
        r.endStates,
        r.deliveries,
        r.completed,
        r.framesMissed,
        r.terminalsMissing,
        r.otherOutcomes);
    log(
        "round %d: heap after GC idle %d MB → playing %d MB → idle again %d MB; per broadcast"
            + " %.1f MB (playing − idle after); RSS %d → %d MB; hub CPU %.1f s over the round,"
            + " %.2f cores while all played (%.2f idle); all playing %.0f s after the first request",
        r.number,
        r.idleBeforeKb / 1024,
        r.playingKb / 1024,
        r.idleAfterKb / 1024,
        (r.playingKb - r.idleAfterKb) / 1024.0 / r.count,
        r.rssIdleKb / 1024,
        r.rssPlayingKb / 1024,
        r.hubCpuRound,
        r.hubCoresPlaying,
        r.hubCoresIdle,
        r.allPlayingAfter);
    String p = "round" + r.number + ".";
    result(p + "broadcasts", "%d", r.count);
    result(p + "frames_sent", "%d", r.framesSent);
    result(p + "frames_late", "%d", r.framesLate);
    result(p + "least_headroom_ms", "%d", r.leastHeadroomMillis);
    result(p + "terminal_frames_missed", "%d", r.framesMissed);
    result(p + "deliveries_completed_clean", "%d/%d", r.completed, r.count * perVillage);
    result(p + "heap_idle_mb", "%d", r.idleBeforeKb / 1024);
    result(p + "heap_playing_mb", "%d", r.playingKb / 1024);
    result(p + "heap_idle_after_mb", "%d", r.idleAfterKb / 1024);
    result(p + "mb_per_broadcast", "%.1f", (r.playingKb - r.idleAfterKb) / 1024.0 / r.count);
    result(p + "rss_idle_mb", "%d", r.rssIdleKb / 1024);
    result(p + "rss_playing_mb", "%d", r.rssPlayingKb / 1024);
    result(p + "hub_cores_playing", "%.2f", r.hubCoresPlaying);
    result(p + "hub_cores_idle", "%.2f", r.hubCoresIdle);
    result(p + "sim_cores_playing", "%.2f", r.simCoresPlaying);
    result(p + "hub_cpu_round_s", "%.1f", r.hubCpuRound);
    result(p + "api_ms_median", "%d", r.apiMillis.get(r.apiMillis.size() / 2));
    result(p + "api_ms_max", "%d", r.apiMillis.get(r.apiMillis.size() - 1));
    result(p + "gc_run_s", "%.2f", r.gcPauseSeconds);
  }

  private void summarise(List<Round> rounds) {
    log("over %d rounds (median [min, max]):", rounds.size());
    summary("frames late at the hub", rounds, r -> (double) r.framesLate, "%.0f");
    summary("frames missed at terminals", rounds, r -> (double) r.framesMissed, "%.0f");
    summary("least headroom, ms", rounds, r -> (double) r.leastHeadroomMillis, "%.0f");
    summary(
        "heap per broadcast, MB",
        rounds,
        r -> (r.playingKb - r.idleAfterKb) / 1024.0 / r.count,
        "%.1f");
    summary("heap playing, MB", rounds, r -> r.playingKb / 1024.0, "%.0f");
    summary("heap idle after, MB", rounds, r -> r.idleAfterKb / 1024.0, "%.0f");
    summary("RSS playing, MB", rounds, r -> r.rssPlayingKb / 1024.0, "%.0f");
    summary("hub cores while all play", rounds, r -> r.hubCoresPlaying, "%.2f");
    summary("hub CPU per round, s", rounds, r -> r.hubCpuRound, "%.1f");
    summary(
        "API answer (median of the round), ms",
        rounds,
        r -> (double) r.apiMillis.get(r.apiMillis.size() / 2),
        "%.0f");
  }

  private void summary(
      String name,
      List<Round> rounds,
      java.util.function.ToDoubleFunction<Round> f,
      String format) {
    double[] v = rounds.stream().mapToDouble(f).sorted().toArray();
    double median =
        v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    String line =
        String.format(format, median)
            + " ["
            + String.format(format, v[0])
            + ", "
            + String.format(format, v[v.length - 1])
            + "]";
    log("  %s: %s", name, line);
    result("median." + name.replaceAll("[^a-zA-Z]+", "_").replaceAll("_$", ""), "%s", line);
  }

  // ---------------------------------------------------------------- the hub process

  /** Heap used after a full GC, and committed, KB ({@code jcmd GC.run}, {@code GC.heap_info}). */
  private long[] heapAfterGc() throws IOException, InterruptedException {
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
    if (!m.find()) {
      throw new IllegalStateException("no heap figures in jcmd GC.heap_info: " + info);
    }
    return new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(1))};
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("jcmd", Long.toString(hubPid), command)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("jcmd " + command + " failed: " + out);
    }
    return out;
  }

  private long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(hubPid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------- helpers

  private static void sleepUntil(Instant at) throws InterruptedException {
    long millis = Duration.between(Instant.now(), at).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static void log(String format, Object... args) {
    System.out.printf(
        "%s  %s%n", Instant.now().toString().substring(11, 19), String.format(format, args));
    System.out.flush();
  }

  private static void result(String key, String format, Object... args) {
    System.out.println("RESULT " + key + "=" + String.format(format, args));
    System.out.flush();
  }
}
