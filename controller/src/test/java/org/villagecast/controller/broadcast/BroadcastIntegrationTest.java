package org.villagecast.controller.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.villagecast.controller.app.TestHub.await;
import static org.villagecast.controller.app.TestHub.get;

import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.app.TestHub;
import org.villagecast.controller.app.TestHub.BrokerKind;
import org.villagecast.controller.audio.Ffmpeg;
import org.villagecast.controller.audio.speech.SpeechRequest;
import org.villagecast.controller.audio.testing.Programs;
import org.villagecast.controller.delivery.CommandReport;
import org.villagecast.controller.delivery.Delivery;
import org.villagecast.controller.delivery.DeliveryState;
import org.villagecast.controller.delivery.Targets;
import org.villagecast.fieldtools.sim.DemoCounty;
import org.villagecast.fieldtools.sim.MqttTerminalFleet;
import org.villagecast.fieldtools.sim.PlayoutLog;
import org.villagecast.fieldtools.sim.ReferenceTerminal;
import org.villagecast.fieldtools.sim.SimulatedClock;
import org.villagecast.fieldtools.sim.TerminalSpec;
import org.villagecast.protocol.codec.AlertClass;
import org.villagecast.protocol.codec.Message;
import org.villagecast.schedules.Priority;

/**
 * Broadcasts end to end: the hub as it runs (real mosquitto, H2, keys), reference terminals that
 * play each AUDIO frame at its presentation time by their own (wrong, drifting) clocks and log it,
 * real espeak-ng for the notice, and ffprobe/ffmpeg as the independent check of the listen-back
 * stream.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class BroadcastIntegrationTest {
  private static final String VILLAGE = "320583101301";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration SIX_ROUNDS = Duration.ofSeconds(240);
  private static final String NOTICE =
      "各位村民请注意，今天下午三点在村委会召开防汛工作会议，请各户派一名代表准时参加。" + "气象台预报明天有大到暴雨，河边低洼地带的住户请提前做好转移准备。";

  @TempDir Path dir;

  /**
   * Verifies sync: 50 terminals of one village, clocks off by up to ±5 s and drifting up to ±100
   * ppm, play one spoken notice; every terminal plays every frame, and the skew between any two
   * terminals (true time at which each sounded the same frame, from their play-out logs) is printed
   * (the goal, p95 under 5 ms, is a figure of docs/performance.md). The same broadcast's
   * listen-back stream passes ffprobe as Ogg/Opus, and ffmpeg's ebur128 reads it within ±1 LU of
   * the −16 LUFS target.
   */
  @Test
  @Timeout(value = 420, unit = TimeUnit.SECONDS) // two minutes of time sync first
  void notice_fiftyTerminalsInSync_listenBackAtTarget() throws Exception {
    try (TestHub hub = TestHub.start(BrokerKind.MOSQUITTO, dir, Map.of())) {
      // GIVEN 50 terminals with random clock errors, accepted and time-synced
      // (the whole notice in the play-out log: the default keeps the last 1024 frames)
      List<TerminalSpec> specs =
          TestHub.wrongClocks(
              DemoCounty.terminals(VILLAGE, 50, DemoCounty.Mix.healthy()), 20261130, 10_000);
      List<String> codes = specs.stream().map(TerminalSpec::resourceCode).toList();
      MqttTerminalFleet fleet = hub.terminals(specs);
      hub.acceptAll(fleet, codes);
      // AND each has had six rounds of time sync (about two minutes): enough for its clock's
      // drift, from rounds after the crowd of the fleet's start (all 50 came up together, and
      // their first rounds met delays of 10-300 ms, ten times the quiet ones)
      for (String code : codes) {
        await(
            "six time sync rounds on " + code,
            SIX_ROUNDS,
            () -> get(fleet.inspect(code, ReferenceTerminal::timeSyncRounds)) >= 6);
      }

      // WHEN a notice is broadcast to the village, and someone listens back from the start
      Broadcast broadcast =
          get(
              hub.app()
                  .broadcasts()
                  .start(notice(Targets.ofAreas(VILLAGE), Priority.NOTICE), "operator"));
      Path ogg = dir.resolve("listen.ogg");
      CompletableFuture<Void> listened = listen(hub, broadcast.id(), ogg);

      // THEN every terminal plays it to the end
      CommandReport report = awaitFinished(hub, broadcast.id(), codes.size());
      assertThat(report.deliveries())
          .allSatisfy(
              d -> {
                assertThat(d.state()).as(d.resourceCode()).isEqualTo(DeliveryState.FINISHED);
                assertThat(d.detail()).as(d.resourceCode()).isEqualTo("COMPLETED");
              });
      listened.get(30, TimeUnit.SECONDS);

      // AND the terminals sounded each frame together
      Map<String, Map<Long, Long>> trueTimes = new HashMap<>();
      List<Long> firstErrors = new ArrayList<>();
      List<Long> lastErrors = new ArrayList<>();
      long frames = -1;
      for (String code : codes) {
        List<PlayoutLog.PlayedFrame> played =
            get(fleet.inspect(code, t -> t.playoutLog().frames(broadcast.id())));
        SimulatedClock clock = get(fleet.inspect(code, ReferenceTerminal::clock));
        Map<Long, Long> bySequence = new HashMap<>();
        for (PlayoutLog.PlayedFrame f : played) {
          bySequence.put(f.sequence(), clock.baseMicrosAt(f.playedAt()));
        }
        // Each terminal's error: true time it sounded a frame - the frame's presentation time
        // (hub time is the true time here), at the first and the last frame.
        PlayoutLog.PlayedFrame first = played.get(0);
        PlayoutLog.PlayedFrame last = played.get(played.size() - 1);
        firstErrors.add(clock.baseMicrosAt(first.playedAt()) - first.presentationTime());
        lastErrors.add(clock.baseMicrosAt(last.playedAt()) - last.presentationTime());
        if (frames < 0) {
          frames = bySequence.size();
        }
        assertThat(bySequence).as("frames played by %s", code).hasSize((int) frames);
        trueTimes.put(code, bySequence);
      }
      assertThat(frames).as("a notice of several seconds").isGreaterThan(200);
      // AND /metrics counts the frames the hub sent (and those it sent late, if any)
      String metrics =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .build()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + hub.app().httpPort() + "/metrics"))
                      .timeout(Duration.ofSeconds(20))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metric(metrics, "villagecast_broadcast_frames_sent_total"))
          .isGreaterThanOrEqualTo(frames);
      assertThat(metric(metrics, "villagecast_broadcast_frames_late_total")).isNotNegative();
      Skew skew = Skew.of(trueTimes);
      System.out.printf(
          "sync skew of 50 terminals, offsets ±5 s, drifts ±100 ppm: %d frames, pairwise p50 %.3f"
              + " ms, p95 %.3f ms, max %.3f ms%n",
          frames, skew.p50Millis, skew.p95Millis, skew.maxMillis);
      System.out.printf(
          "terminals' play error (true - presentation time), ms: first frame %s; last frame %s%n",
          spread(firstErrors), spread(lastErrors));
      // The goal (p95 under 5 ms) is a performance figure of the machine, measured and written in
      // docs/performance.md; asserted here is that the terminals play together at all: without
      // the clock offsets learnt from time sync they would be seconds apart.
      assertThat(skew.p95Millis).as("pairwise skew p95, ms").isLessThan(50.0);

      // AND the listen-back stream is Ogg/Opus at the loudness target
      String probe = Programs.probe(ogg);
      assertThat(probe)
          .contains("codec_name=opus", "channels=1", "sample_rate=48000", "format_name=ogg");
      double seconds = Programs.probedDuration(probe);
      Ffmpeg.Ebur128 loudness = Ffmpeg.ebur128(ogg);
      System.out.printf(
          "listen-back: %.1f s, %.1f LUFS, true peak %.1f dBTP%n",
          seconds, loudness.integratedLufs(), loudness.truePeakDbtp());
      // From the moment the listener joined (the stream starts 2 s after the call) to the end
      assertThat(seconds).isBetween(frames * 0.02 - 3.0, frames * 0.02 + 1.0);
      assertThat(loudness.integratedLufs()).isBetween(-17.0, -15.0);
      // The mix is limited to -2 dBTP; Opus at 24 kbit/s overshoots that by about 2 dB (measured
      // -0.6 to +0.1 dBTP on notices): a decoded peak a little over full scale, not clipping
      // throughout. Beyond +1 dBTP the limiter or the codec would be at fault.
      assertThat(loudness.truePeakDbtp()).as("true peak after Opus, dBTP").isLessThan(1.0);
    }
  }

  /**
   * Verifies pre-emption and resume: background music plays to the village; a notice to two of its
   * terminals pre-empts it there; when the notice has played, the hub sends the background PLAY
   * again and those two terminals join its stream where it is by then. The other terminals never
   * stop the background.
   */
  @Test
  void notice_preemptsBackground_thenBackgroundResumes() throws Exception {
    try (TestHub hub = TestHub.start(BrokerKind.MOSQUITTO, dir, Map.of())) {
      List<TerminalSpec> specs = DemoCounty.terminals(VILLAGE, 4, DemoCounty.Mix.healthy());
      List<String> codes = specs.stream().map(TerminalSpec::resourceCode).toList();
      MqttTerminalFleet fleet = hub.terminals(specs);
      hub.acceptAll(fleet, codes);
      BroadcastService broadcasts = hub.app().broadcasts();

      // GIVEN 40 s of background to the village
      Broadcast background =
          get(
              broadcasts.start(
                  request(
                      "background",
                      new ProgrammeSpec(
                          List.of(
                              speech("轻音乐时间。"), new ProgrammeItem.Silence(Duration.ofSeconds(38))),
                          List.of(),
                          false,
                          null),
                      Targets.ofAreas(VILLAGE),
                      Priority.BACKGROUND),
                  "operator"));
      await(
          "background playing everywhere",
          WAIT,
          () -> playing(hub, background.id()) == codes.size());

      // WHEN a notice goes to two of the terminals
      List<String> two = codes.subList(0, 2);
      Broadcast notice =
          get(
              broadcasts.start(
                  request(
                      "notice",
                      ProgrammeSpec.notice(speech("请注意，停水通知。")),
                      Targets.ofTerminals(two.toArray(String[]::new)),
                      Priority.NOTICE),
                  "operator"));

      // THEN the notice plays there to the end
      awaitFinished(hub, notice.id(), 2);
      // AND the background comes back on those two, after the notice
      for (String code : two) {
        await(
            "background resumed on " + code,
            WAIT,
            () -> resumedAfter(fleet, code, background.id(), notice.id()));
      }
      // AND the other two played the background throughout, without a gap
      for (String code : codes.subList(2, 4)) {
        List<PlayoutLog.PlayedFrame> played =
            get(fleet.inspect(code, t -> t.playoutLog().frames(background.id())));
        for (int i = 1; i < played.size(); i++) {
          assertThat(played.get(i).sequence()).isEqualTo(played.get(i - 1).sequence() + 1);
        }
        List<PlayoutLog.PlayedFrame> noticeFrames =
            get(fleet.inspect(code, t -> t.playoutLog().frames(notice.id())));
        assertThat(noticeFrames).isEmpty();
      }

      // WHEN the background is stopped
      Broadcast stopped = get(broadcasts.stop(background.id(), "operator"));
      assertThat(stopped.state()).isEqualTo(BroadcastState.STOPPED);
      // THEN every terminal ends it, and the record says so
      await(
          "background ended everywhere",
          WAIT,
          () ->
              codes.stream().allMatch(c -> get(fleet.inspect(c, t -> t.currentBroadcast())) == 0L));
      await(
          "record STOPPED",
          WAIT,
          () ->
              get(broadcasts.record(background.id()))
                  .map(r -> r.state() == BroadcastState.STOPPED && r.endedAt() != null)
                  .orElse(false));
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Pairwise skew over every frame that every terminal played. */
  record Skew(double p50Millis, double p95Millis, double maxMillis) {
    static Skew of(Map<String, Map<Long, Long>> trueTimes) {
      List<Map<Long, Long>> terminals = new ArrayList<>(trueTimes.values());
      List<Long> sequences = new ArrayList<>(terminals.get(0).keySet());
      List<Long> differences = new ArrayList<>();
      for (long sequence : sequences) {
        long[] times = terminals.stream().mapToLong(t -> t.get(sequence)).toArray();
        for (int i = 0; i < times.length; i++) {
          for (int j = i + 1; j < times.length; j++) {
            differences.add(Math.abs(times[i] - times[j]));
          }
        }
      }
      long[] sorted = differences.stream().mapToLong(Long::longValue).sorted().toArray();
      return new Skew(
          sorted[sorted.length / 2] / 1000.0,
          sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] / 1000.0,
          sorted[sorted.length - 1] / 1000.0);
    }
  }

  /** The value of a meter without tags in Prometheus text. */
  private static double metric(String text, String name) {
    java.util.regex.Matcher value =
        java.util.regex.Pattern.compile("(?m)^" + name + " ([0-9.E+]+)$").matcher(text);
    assertThat(value.find()).as(name + " in /metrics").isTrue();
    return Double.parseDouble(value.group(1));
  }

  /** Smallest, median and largest of microsecond values, in ms. */
  private static String spread(List<Long> micros) {
    long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
    return String.format(
        "min %.1f, median %.1f, max %.1f",
        sorted[0] / 1000.0, sorted[sorted.length / 2] / 1000.0, sorted[sorted.length - 1] / 1000.0);
  }

  private static ProgrammeItem speech(String text) {
    return new ProgrammeItem.Speech(SpeechRequest.of(text));
  }

  private static BroadcastRequest notice(Targets targets, Priority priority) {
    return request("防汛会议通知", ProgrammeSpec.notice(speech(NOTICE)), targets, priority);
  }

  private static BroadcastRequest request(
      String title, ProgrammeSpec programme, Targets targets, Priority priority) {
    return new BroadcastRequest(
        title,
        programme,
        targets,
        priority,
        AlertClass.DAILY,
        0,
        null,
        null,
        Message.Play.KEEP_VOLUME,
        "test");
  }

  private static CommandReport awaitFinished(TestHub hub, long broadcastId, int terminals) {
    await(
        "broadcast " + broadcastId + " final on " + terminals + " terminals",
        WAIT,
        () -> {
          CommandReport report = get(hub.app().commands().report(broadcastId));
          return report.deliveries().size() == terminals
              && report.deliveries().stream().allMatch(d -> d.state().isFinal());
        });
    return get(hub.app().commands().report(broadcastId));
  }

  private static int playing(TestHub hub, long broadcastId) {
    return (int)
        get(hub.app().commands().report(broadcastId)).deliveries().stream()
            .map(Delivery::state)
            .filter(s -> s == DeliveryState.PLAYING)
            .count();
  }

  /** Whether the terminal played background frames after the last frame of the notice. */
  private static boolean resumedAfter(
      MqttTerminalFleet fleet, String code, long background, long notice) {
    List<PlayoutLog.PlayedFrame> noticeFrames =
        get(fleet.inspect(code, t -> t.playoutLog().frames(notice)));
    if (noticeFrames.isEmpty()) {
      return false;
    }
    long noticeEnd = noticeFrames.get(noticeFrames.size() - 1).presentationTime();
    return get(fleet.inspect(code, t -> t.playoutLog().frames(background))).stream()
        .anyMatch(f -> f.presentationTime() > noticeEnd);
  }

  /** Reads the listen-back stream into a file until it ends. */
  static CompletableFuture<Void> listen(TestHub hub, long broadcastId, Path file) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String base = "http://127.0.0.1:" + hub.app().httpPort();
    HttpResponse<String> session =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/session"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"admin\",\"secret\":\"" + TestHub.ADMIN_SECRET + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String token = new JsonObject(session.body()).getString("token");
    HttpResponse<InputStream> stream =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/broadcasts/" + broadcastId + "/listen"))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("Content-Type")).hasValue("audio/ogg; codecs=opus");
    return CompletableFuture.runAsync(
        () -> {
          try (InputStream in = stream.body()) {
            Files.write(file, in.readAllBytes());
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }
}
