package org.villagecast.controller.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.villagecast.controller.app.TestHub.await;
import static org.villagecast.controller.app.TestHub.get;

import java.nio.file.Path;
import java.time.Duration;
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
import org.villagecast.controller.audio.live.IcecastServer;
import org.villagecast.controller.audio.live.StreamEncoder;
import org.villagecast.controller.audio.testing.SignalMeasurements;
import org.villagecast.controller.delivery.Delivery;
import org.villagecast.controller.delivery.DeliveryState;
import org.villagecast.controller.delivery.Targets;
import org.villagecast.fieldtools.sim.DemoCounty;
import org.villagecast.fieldtools.sim.MqttTerminalFleet;
import org.villagecast.fieldtools.sim.PlayoutLog;
import org.villagecast.fieldtools.sim.TerminalSpec;
import org.villagecast.protocol.codec.AlertClass;
import org.villagecast.protocol.codec.Message;
import org.villagecast.schedules.Priority;

/**
 * A live relay end to end: a real icecast2 fed by a real ffmpeg (the county radio's encoder), the
 * hub relaying the mount to reference terminals, and the encoder killed and restarted in the
 * middle. What the terminals get is checked twice: their play-out logs (every frame of the relay
 * sounded, with no gap) and the listen-back stream, the same Opus packets, decoded by ffmpeg (the
 * tone before the failure, silence during it, the new tone after).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LiveRelayIntegrationTest {
  private static final String VILLAGE = "320583101302";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int RATE = 48_000;

  @TempDir Path dir;

  /**
   * Verifies that the relay reaches the terminals, that the broadcast shows the source's state
   * while the encoder is down, and that it carries on by itself when the encoder is back.
   */
  @Test
  void relay_reachesTerminals_survivesSourceRestart() throws Exception {
    try (TestHub hub = TestHub.start(BrokerKind.MOSQUITTO, dir, Map.of());
        IcecastServer icecast = IcecastServer.start(dir)) {
      List<TerminalSpec> specs = DemoCounty.terminals(VILLAGE, 3, DemoCounty.Mix.healthy());
      List<String> codes = specs.stream().map(TerminalSpec::resourceCode).toList();
      MqttTerminalFleet fleet = hub.terminals(specs);
      hub.acceptAll(fleet, codes);
      StreamEncoder encoder = StreamEncoder.start(dir, icecast.sourceUrl("county.mp3"), 440);
      try {
        // GIVEN a relay of the county radio's mount to the village, for at most a minute
        BroadcastService broadcasts = hub.app().broadcasts();
        Broadcast relay =
            get(
                broadcasts.start(
                    new BroadcastRequest(
                        "county radio",
                        ProgrammeSpec.relay(icecast.listenUrl("county.mp3")),
                        Targets.ofAreas(VILLAGE),
                        Priority.LIVE_RELAY,
                        AlertClass.DAILY,
                        0,
                        null,
                        Duration.ofMinutes(1),
                        Message.Play.KEEP_VOLUME,
                        "test"),
                    "operator"));
        Path ogg = dir.resolve("relay.ogg");
        CompletableFuture<Void> listened = BroadcastIntegrationTest.listen(hub, relay.id(), ogg);
        await(
            "relay playing on every terminal",
            WAIT,
            () -> playing(hub, relay.id()) == codes.size());
        Thread.sleep(6_000);

        // WHEN the encoder dies
        encoder.kill();
        // THEN the broadcast says why its source is silent
        await(
            "the broadcast shows the source reconnecting",
            WAIT,
            () ->
                broadcasts
                    .find(relay.id())
                    .map(b -> b.detail() != null && b.detail().contains("RECONNECTING"))
                    .orElse(false));
        Thread.sleep(4_000);

        // WHEN it comes back (another tone, to tell them apart)
        encoder = StreamEncoder.start(dir, icecast.sourceUrl("county.mp3"), 880);
        await(
            "the broadcast shows the source playing again",
            WAIT,
            () ->
                broadcasts
                    .find(relay.id())
                    .map(b -> b.detail() != null && b.detail().contains("PLAYING"))
                    .orElse(false));
        Thread.sleep(6_000);
        get(broadcasts.stop(relay.id(), "operator"));
        listened.get(30, TimeUnit.SECONDS);

        // THEN every terminal played the relay throughout: consecutive frames, more than 16 s
        await(
            "relay ended on every terminal",
            WAIT,
            () -> {
              List<Delivery> deliveries = get(hub.app().commands().report(relay.id())).deliveries();
              return deliveries.stream().allMatch(d -> d.state() == DeliveryState.FINISHED);
            });
        for (String code : codes) {
          List<PlayoutLog.PlayedFrame> played =
              get(fleet.inspect(code, t -> t.playoutLog().frames(relay.id())));
          assertThat(played.size()).as("frames played by %s", code).isGreaterThan(800);
          for (int i = 1; i < played.size(); i++) {
            assertThat(played.get(i).sequence())
                .as("frame after %s on %s", played.get(i - 1).sequence(), code)
                .isEqualTo(played.get(i - 1).sequence() + 1);
          }
        }

        // AND what they got is the 440 Hz tone, silence while the encoder was down, then 880 Hz
        float[] heard = Ffmpeg.decodeMono(ogg, 1);
        int second = RATE;
        assertThat(tone(heard, 2 * second, 440)).as("440 Hz at 2 s").isGreaterThan(0.05);
        int end = heard.length - second;
        assertThat(tone(heard, end - second, 880)).as("880 Hz at the end").isGreaterThan(0.05);
        assertThat(tone(heard, end - second, 440)).as("no 440 Hz at the end").isLessThan(0.01);
        boolean silence = false;
        for (int at = 3 * second; at < end - 2 * second && !silence; at += second / 2) {
          silence = SignalMeasurements.rmsDbfs(heard, at, second / 2) < -60;
        }
        assertThat(silence).as("silence while the source was down").isTrue();
      } finally {
        encoder.close();
      }
    }
  }

  private static double tone(float[] x, int from, double hz) {
    return SignalMeasurements.amplitudeAt(x, from, RATE, hz, RATE);
  }

  private static int playing(TestHub hub, long broadcastId) {
    return (int)
        get(hub.app().commands().report(broadcastId)).deliveries().stream()
            .filter(d -> d.state() == DeliveryState.PLAYING)
            .count();
  }
}
