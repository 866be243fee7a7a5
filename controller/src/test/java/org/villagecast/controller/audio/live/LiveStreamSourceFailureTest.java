package org.villagecast.controller.audio.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.testing.SignalMeasurements;

/**
 * What a live source does when its server is dead, is not a stream server, sends no MP3, stalls, or
 * sends damaged MP3: it says why in words for the operator, keeps trying, and never blocks a read.
 * The servers are {@link FakeStreamServer}s that misbehave on purpose; the MP3 is made by ffmpeg.
 * About 15 s in all.
 */
@Timeout(60)
class LiveStreamSourceFailureTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int MP3_BYTES_PER_SECOND = 128_000 / 8;

  @TempDir static Path dir;
  private static byte[] tone;

  @BeforeAll
  static void makeTone() throws IOException {
    tone = ToneMp3.make(dir, 440, 4);
  }

  private static LiveStreamConfig config(URI url) {
    return LiveStreamConfig.of("test source", url)
        .withRetry(Duration.ofMillis(100), Duration.ofMillis(400))
        .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1));
  }

  /**
   * Verifies that a port where nothing listens gives "connection refused" with the address, that
   * the delays between attempts double from the first to the maximum, and that reads meanwhile give
   * silence counted as underrun.
   */
  @Test
  void deadPort_saysConnectionRefused_backsOff() throws Exception {
    // GIVEN a port nobody listens on
    int port = IcecastServer.freePort();
    StatusRecorder statuses = new StatusRecorder();
    try (LiveStreamSource source =
        LiveStreamSource.open(config(URI.create("http://127.0.0.1:" + port + "/live")), statuses)) {
      // WHEN it has tried four times
      statuses.await(0, s -> s.reconnects() >= 4, WAIT);
      // THEN each failure says what and where
      List<Long> delays = new ArrayList<>();
      for (LiveStreamStatus status : statuses.all()) {
        if (status.state() == LiveStreamState.RECONNECTING) {
          assertThat(status.reason())
              .isEqualTo(
                  "connection refused by 127.0.0.1:"
                      + port
                      + ": is the stream server running, and is the port in the URL right?");
          delays.add(Duration.between(status.since(), status.retryAt()).toMillis());
        }
      }
      // AND the delays were 100, 200, 400, 400 ms
      assertThat(delays.subList(0, 4)).containsExactly(100L, 200L, 400L, 400L);
      // AND a read gives silence, at once, counted as underrun, and the source has not ended
      float[] block = new float[960];
      java.util.Arrays.fill(block, 1f);
      long underrun = source.underrunSamples();
      source.read(block, 0, 960);
      assertThat(SignalMeasurements.peak(block)).isZero();
      assertThat(source.underrunSamples()).isEqualTo(underrun + 960);
      assertThat(source.ended()).isFalse();
    }
  }

  /** Verifies that a server that does not speak HTTP (an SSH port) is named as such. */
  @Test
  void notHttp_saysSo() throws Exception {
    StatusRecorder statuses = new StatusRecorder();
    try (FakeStreamServer server =
            new FakeStreamServer(out -> FakeStreamServer.write(out, "SSH-2.0-OpenSSH_9.2p1\r\n"));
        LiveStreamSource source = LiveStreamSource.open(config(server.url("/")), statuses)) {
      assertThat(awaitProblem(statuses).reason())
          .isEqualTo(
              "127.0.0.1:"
                  + server.port()
                  + " does not answer in HTTP (it sent 'SSH-2.0-OpenSSH_9.2p1'): is the port in"
                  + " the URL the stream server's?");
    }
  }

  /** Verifies that a web page where a stream should be is refused by its Content-Type. */
  @Test
  void htmlPage_notMp3() throws Exception {
    StatusRecorder statuses = new StatusRecorder();
    try (FakeStreamServer server =
            new FakeStreamServer(
                out ->
                    FakeStreamServer.write(
                        out,
                        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                            + "<html><body>Welcome</body></html>"));
        LiveStreamSource source = LiveStreamSource.open(config(server.url("/radio")), statuses)) {
      assertThat(awaitProblem(statuses).reason())
          .contains("is not MP3 (its Content-Type is 'text/html; charset=utf-8')")
          .contains("point it at an MP3 mount");
    }
  }

  /**
   * Verifies that bytes that claim to be audio/mpeg but hold no MP3 frame are given up on after 64
   * KiB, with what they start with, and that the source tries again.
   */
  @Test
  void garbageAsAudio_notMp3_retries() throws Exception {
    StatusRecorder statuses = new StatusRecorder();
    byte[] garbage = new byte[200_000];
    new Random(4).nextBytes(garbage);
    System.arraycopy("JUNK".getBytes(StandardCharsets.US_ASCII), 0, garbage, 0, 4);
    try (FakeStreamServer server =
            new FakeStreamServer(
                out -> {
                  FakeStreamServer.write(
                      out, "HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n");
                  out.write(garbage);
                  Thread.sleep(5_000);
                });
        LiveStreamSource source = LiveStreamSource.open(config(server.url("/live")), statuses)) {
      LiveStreamStatus problem = awaitProblem(statuses);
      assertThat(problem.reason())
          .startsWith(
              "the stream at "
                  + server.url("/live")
                  + " is not MP3: no MP3 frame in its first 64 KiB (Content-Type 'audio/mpeg',"
                  + " it starts with 'JUNK")
          .endsWith("point the hub at an MP3 stream");
      assertThat(problem.framesDecoded()).isZero();
      awaitStatus(source, s -> s.reconnects() >= 2);
    }
  }

  /**
   * Verifies that an MP2 stream (MPEG Layer II, common in broadcasting) is named as such rather
   * than called garbage.
   */
  @Test
  void mp2Stream_namedAsSuch() throws Exception {
    StatusRecorder statuses = new StatusRecorder();
    Path mp2 = dir.resolve("tone.mp2");
    org.villagecast.controller.audio.testing.Programs.Result made =
        org.villagecast.controller.audio.testing.Programs.run(
            org.villagecast.controller.audio.testing.Programs.ffmpeg(),
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=48000:duration=6",
            "-c:a",
            "mp2",
            "-b:a",
            "128k",
            "-f",
            "mp2",
            mp2.toString());
    assertThat(made.exitCode()).as(made.stderr()).isZero();
    byte[] bytes = java.nio.file.Files.readAllBytes(mp2);
    try (FakeStreamServer server =
            new FakeStreamServer(
                out -> {
                  FakeStreamServer.write(
                      out, "HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n");
                  out.write(bytes);
                  Thread.sleep(5_000);
                });
        LiveStreamSource source = LiveStreamSource.open(config(server.url("/mp2")), statuses)) {
      assertThat(awaitProblem(statuses).reason())
          .isEqualTo(
              "the stream at "
                  + server.url("/mp2")
                  + " is MPEG Layer II audio (MP2), not MP3, which the hub does not decode: have"
                  + " the encoder send MP3 (Layer III)");
    }
  }

  /** Verifies that an unknown mount (404) and a failing server (503) are told apart. */
  @Test
  void httpErrors_namedWithAdvice() throws Exception {
    StatusRecorder statuses = new StatusRecorder();
    try (FakeStreamServer missing =
            new FakeStreamServer(
                out -> FakeStreamServer.write(out, "HTTP/1.0 404 File Not Found\r\n\r\n"));
        LiveStreamSource source =
            LiveStreamSource.open(config(missing.url("/nope.mp3")), statuses)) {
      assertThat(awaitProblem(statuses).reason())
          .isEqualTo(
              "the server has no stream at "
                  + missing.url("/nope.mp3")
                  + " ('HTTP/1.0 404 File Not Found'): is the encoder sending to this mount"
                  + " point, and is the path right?");
    }
    statuses = new StatusRecorder();
    try (FakeStreamServer failing =
            new FakeStreamServer(
                out -> FakeStreamServer.write(out, "HTTP/1.0 503 Service Unavailable\r\n\r\n"));
        LiveStreamSource source = LiveStreamSource.open(config(failing.url("/live")), statuses)) {
      assertThat(awaitProblem(statuses).reason())
          .isEqualTo(
              "the stream server failed ('HTTP/1.0 503 Service Unavailable'): look at the stream"
                  + " server's log");
    }
  }

  /**
   * Verifies that the user and password of a protected mount are sent (Basic) and never shown: not
   * in the status, not in its one-line description.
   */
  @Test
  void protectedMount_sendsCredentials_hidesPassword() throws Exception {
    StatusRecorder statuses = new StatusRecorder();
    try (FakeStreamServer server =
        new FakeStreamServer(
            out -> FakeStreamServer.write(out, "HTTP/1.0 401 Authentication Required\r\n\r\n"))) {
      URI url = URI.create("http://relay:s3cr%40t@127.0.0.1:" + server.port() + "/live");
      try (LiveStreamSource source = LiveStreamSource.open(config(url), statuses)) {
        LiveStreamStatus problem = awaitProblem(statuses);
        assertThat(problem.reason()).contains("refuses the hub", "check the user and password");
        assertThat(problem.describe()).doesNotContain("s3cr").contains("relay:***@");
        assertThat(problem.url())
            .isEqualTo("http://relay:***@127.0.0.1:" + server.port() + "/live");
        String expected =
            Base64.getEncoder().encodeToString("relay:s3cr@t".getBytes(StandardCharsets.UTF_8));
        assertThat(server.requests().get(0)).contains("Authorization: Basic " + expected + "\r\n");
      }
    }
  }

  /**
   * Verifies that a connection that stops sending (but stays open) is dropped after the stall
   * timeout, with that reason, after it had played.
   */
  @Test
  void stall_droppedAfterTimeout() throws Exception {
    StatusRecorder statuses = new StatusRecorder();
    java.util.concurrent.atomic.AtomicReference<java.time.Instant> lastSent =
        new java.util.concurrent.atomic.AtomicReference<>();
    try (FakeStreamServer server =
            new FakeStreamServer(
                out -> {
                  FakeStreamServer.write(
                      out, "HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n");
                  out.write(tone, 0, MP3_BYTES_PER_SECOND);
                  out.flush();
                  lastSent.set(java.time.Instant.now());
                  Thread.sleep(10_000);
                });
        LiveStreamSource source = LiveStreamSource.open(config(server.url("/live")), statuses)) {
      awaitStatus(source, s -> s.state() == LiveStreamState.PLAYING);
      LiveStreamStatus problem = awaitProblem(statuses);
      assertThat(problem.reason())
          .isEqualTo(
              "the stream stalled: nothing from 127.0.0.1:"
                  + server.port()
                  + " for 1000 ms; the encoder or the network is stuck");
      assertThat(problem.lastAudioAt()).isNotNull();
      assertThat(Duration.between(lastSent.get(), problem.since()))
          .isBetween(Duration.ofMillis(950), Duration.ofMillis(2_500));
    }
  }

  /**
   * Verifies that a stream with garbage in it (a burst of random bytes and a frame with damaged
   * audio data) goes on playing the tone, counting what it skipped, from a SHOUTcast-style server
   * ({@code ICY 200 OK}) that sends it at the pace of real time.
   */
  @Test
  void garbageInStream_resyncs_keepsPlaying() throws Exception {
    StatusRecorder statuses = new StatusRecorder();
    // GIVEN 4 s of a 440 Hz MP3 with 3,000 random bytes between two frames and the data of a
    // later frame overwritten
    List<Integer> frames = ToneMp3.frameOffsets(tone);
    int cut = frames.get(40);
    byte[] junk = new byte[3_000];
    new Random(9).nextBytes(junk);
    byte[] damaged = concat(java.util.Arrays.copyOfRange(tone, 0, cut), junk, copyFrom(tone, cut));
    int hit = frames.get(80) + junk.length;
    for (int i = hit + 40; i < hit + 300; i++) {
      damaged[i] = (byte) (i * 37);
    }
    try (FakeStreamServer server =
            new FakeStreamServer(
                out -> {
                  FakeStreamServer.write(out, "ICY 200 OK\r\ncontent-type: audio/mpeg\r\n\r\n");
                  FakeStreamServer.sendPaced(out, damaged, MP3_BYTES_PER_SECOND);
                  Thread.sleep(10_000);
                });
        LiveStreamSource source =
            LiveStreamSource.open(
                config(server.url("/")).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)),
                statuses);
        RealTimeReader reader = new RealTimeReader(source)) {
      // WHEN it has been sent and read in real time
      awaitStatus(source, s -> s.framesDecoded() + s.badFrames() >= frames.size() - 2);
      Thread.sleep(300);
      LiveStreamStatus status = source.status();
      // THEN it never reconnected, passed over the junk, and decoded nearly every frame
      assertThat(status.reconnects()).isZero();
      assertThat(status.state()).isEqualTo(LiveStreamState.PLAYING);
      assertThat(status.skippedBytes()).isGreaterThanOrEqualTo(junk.length);
      assertThat(status.framesDecoded() + status.badFrames()).isGreaterThan(frames.size() - 6);
      // AND what was heard over the last 2 s is mostly the tone
      float[] heard = reader.last(2 * PcmAudio.ENGINE_RATE);
      double amplitude =
          SignalMeasurements.amplitudeAt(heard, 0, heard.length, 440, PcmAudio.ENGINE_RATE);
      assertThat(amplitude).isBetween(0.08, 0.14);
    }
  }

  /** Verifies that a redirect (an Icecast relay sending listeners elsewhere) is followed. */
  @Test
  void redirect_followed() throws Exception {
    StatusRecorder statuses = new StatusRecorder();
    try (FakeStreamServer stream =
            new FakeStreamServer(
                out -> {
                  FakeStreamServer.write(
                      out, "HTTP/1.0 200 OK\r\nContent-Type: audio/mpeg\r\n\r\n");
                  FakeStreamServer.sendPaced(out, tone, 2 * MP3_BYTES_PER_SECOND);
                  Thread.sleep(10_000);
                });
        FakeStreamServer relay =
            new FakeStreamServer(
                out ->
                    FakeStreamServer.write(
                        out,
                        "HTTP/1.0 302 Found\r\nLocation: "
                            + stream.url("/live.mp3")
                            + "\r\n\r\n"));
        LiveStreamSource source = LiveStreamSource.open(config(relay.url("/live")), statuses)) {
      statuses.await(LiveStreamState.PLAYING, WAIT);
      assertThat(stream.requests().get(0)).startsWith("GET /live.mp3 HTTP/1.0\r\n");
      assertThat(source.status().reconnects()).isZero();
    }
  }

  /**
   * Verifies that closing a source that waits for a server's answer ends it at once, not after the
   * connect timeout.
   */
  @Test
  void close_whileWaitingForAnswer_stopsAtOnce() throws Exception {
    StatusRecorder statuses = new StatusRecorder();
    try (FakeStreamServer silent = new FakeStreamServer(out -> Thread.sleep(30_000))) {
      LiveStreamSource source =
          LiveStreamSource.open(
              config(silent.url("/live"))
                  .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(20)),
              statuses);
      statuses.await(LiveStreamState.CONNECTING, WAIT);
      Thread.sleep(200);
      long started = System.nanoTime();
      source.close();
      assertThat(source.awaitStopped(Duration.ofSeconds(2))).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
      assertThat(statuses.all())
          .extracting(LiveStreamStatus::state)
          .containsExactly(LiveStreamState.CONNECTING, LiveStreamState.CLOSED);
      float[] block = {1f, 1f};
      source.read(block, 0, 2);
      assertThat(block).containsOnly(0f);
    }
  }

  private static byte[] copyFrom(byte[] bytes, int from) {
    return java.util.Arrays.copyOfRange(bytes, from, bytes.length);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** The first RECONNECTING status the source's listener hears. */
  private static LiveStreamStatus awaitProblem(StatusRecorder statuses)
      throws InterruptedException {
    return statuses.await(LiveStreamState.RECONNECTING, WAIT);
  }

  private static LiveStreamStatus awaitStatus(
      LiveStreamSource source, java.util.function.Predicate<LiveStreamStatus> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      LiveStreamStatus status = source.status();
      if (wanted.test(status)) {
        return status;
      }
      Thread.sleep(10);
    }
    throw new AssertionError(
        "no such status within " + WAIT + "; last: " + source.status().describe());
  }
}
