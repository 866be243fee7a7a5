package org.villagecast.controller.audio.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.SineFit;
import org.villagecast.controller.audio.testing.SignalMeasurements;

/**
 * A live relay from a real {@code icecast2} fed by a real {@code ffmpeg}, read the way a broadcast
 * reads it (20 ms blocks in real time), through the encoder's crash and return. About 15 s.
 */
@Timeout(90)
class LiveStreamSourceIcecastTest {
  private static final int RATE = PcmAudio.ENGINE_RATE;
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  /**
   * Verifies that the tone arrives; that when the encoder is killed the source says why and keeps
   * retrying while reads give silence counted as underrun; and that the same source object plays
   * the encoder's new tone once it is back.
   */
  @Test
  void relay_survivesEncoderRestart() throws Exception {
    // GIVEN icecast2 with ffmpeg sending 440 Hz to /live.mp3, and the hub's source on that mount
    try (IcecastServer icecast = IcecastServer.start(dir)) {
      StreamEncoder encoder = StreamEncoder.start(dir, icecast.sourceUrl("live.mp3"), 440);
      StatusRecorder statuses = new StatusRecorder();
      // A prebuffer of 1 s: the CI machine is shared, and the encoder and the reader may both
      // be descheduled for a moment; the production default is 500 ms.
      LiveStreamConfig config =
          LiveStreamConfig.of("county radio", icecast.listenUrl("live.mp3"))
              .withBuffer(Duration.ofSeconds(1), Duration.ofSeconds(3))
              .withRetry(Duration.ofMillis(250), Duration.ofSeconds(1));
      LiveStreamSource source = LiveStreamSource.open(config, statuses);
      try (RealTimeReader reader = new RealTimeReader(source)) {
        // WHEN the stream has played for 2 s
        statuses.await(LiveStreamState.PLAYING, WAIT);
        Thread.sleep(2_000);
        long underrunBefore = source.underrunSamples();
        Thread.sleep(1_500);
        float[] heard = reader.last(RATE);
        // THEN there was no underrun while the last second played
        assertThat(source.underrunSamples())
            .as("underrun while playing: %s", source.status())
            .isEqualTo(underrunBefore);
        // AND it is the 440 Hz tone, clean (an MP3 of a sine at 128 kbit/s)
        assertTone(heard, 440, 880);
        assertThat(source.status().format()).contains("44100 Hz", "stereo");

        // WHEN the encoder dies (SIGKILL): Icecast drops the mount
        int before = statuses.size();
        encoder.kill();
        // THEN the source says why and what it will do
        LiveStreamStatus dead =
            statuses.await(before, s -> s.state() == LiveStreamState.RECONNECTING, WAIT);
        assertThat(dead.reason()).contains("the server closed the stream");
        assertThat(dead.retryAt()).isNotNull();
        assertThat(dead.describe()).contains("county radio", "RECONNECTING", "retrying in");
        // AND, with the mount gone, the next attempts say so and go on
        LiveStreamStatus retrying =
            statuses.await(
                before,
                s -> s.state() == LiveStreamState.RECONNECTING && s.reason().contains("404"),
                WAIT);
        assertThat(retrying.reason()).contains("no stream at", "/live.mp3");
        // AND once the buffer has played out, reads give silence counted as underrun
        long underrunAtDeath = source.underrunSamples();
        waitUntil(() -> source.underrunSamples() >= underrunAtDeath + RATE, WAIT);
        assertThat(SignalMeasurements.peak(reader.last(RATE / 2))).isZero();
        assertThat(source.ended()).isFalse();

        // WHEN the encoder comes back with 880 Hz
        int beforeReturn = statuses.size();
        try (StreamEncoder back = StreamEncoder.start(dir, icecast.sourceUrl("live.mp3"), 880)) {
          statuses.await(beforeReturn, s -> s.state() == LiveStreamState.PLAYING, WAIT);
          Thread.sleep(2_000);
          long underrunBack = source.underrunSamples();
          Thread.sleep(1_500);
          // THEN the same source plays the new tone, without underrun
          float[] heardBack = reader.last(RATE);
          assertThat(source.underrunSamples())
              .as("underrun while playing: %s", source.status())
              .isEqualTo(underrunBack);
          assertTone(heardBack, 880, 440);
          LiveStreamStatus status = source.status();
          assertThat(status.state()).isEqualTo(LiveStreamState.PLAYING);
          assertThat(status.reconnects()).isGreaterThanOrEqualTo(2);
          assertThat(status.badFrames()).isZero();
          // AND no read ever waited for the network, not even while the source was down (a
          // wait would last a poll, 200 ms, or a connect timeout, 5 s; the bound leaves room
          // for a loaded CI machine to deschedule the reader)
          assertThat(reader.slowestReadNanos()).isLessThan(Duration.ofMillis(150).toNanos());
        }
      } finally {
        source.close();
        encoder.kill();
      }
      // AND closing ends it for good
      assertThat(source.awaitStopped(Duration.ofSeconds(5))).isTrue();
      assertThat(source.ended()).isTrue();
      assertThat(source.status().state()).isEqualTo(LiveStreamState.CLOSED);
    }
  }

  /**
   * The tone {@code hz} is there, clean and steady (ffmpeg's sine is 1/8 of full scale; its upmix
   * to stereo lowers it by about 3 dB), and {@code absent} is not.
   */
  private static void assertTone(float[] heard, double hz, double absent) {
    assertThat(heard).hasSize(RATE);
    double amplitude = SignalMeasurements.amplitudeAt(heard, 0, heard.length, hz, RATE);
    assertThat(amplitude).as("%.0f Hz amplitude", hz).isBetween(0.07, 0.13);
    assertThat(SignalMeasurements.amplitudeAt(heard, 0, heard.length, absent, RATE))
        .as("%.0f Hz amplitude", absent)
        .isLessThan(0.005);
    SineFit fit = SineFit.of(heard, RATE, hz, 0, heard.length);
    assertThat(fit.residualDb()).as("%.0f Hz residual", hz).isLessThan(-40);
    assertThat(SignalMeasurements.zeroCrossingFrequency(heard, 0, heard.length, RATE))
        .as("frequency")
        .isCloseTo(hz, org.assertj.core.data.Offset.offset(0.5));
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(20);
    }
  }
}
