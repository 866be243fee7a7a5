package org.villagecast.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.Auditor;
import org.villagecast.controller.WriteQueue;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.clip.ClipLibrary;
import org.villagecast.controller.audio.decode.DecodeLimits;
import org.villagecast.controller.audio.loudness.LoudnessNormalizer;
import org.villagecast.controller.audio.preview.SpeechPreview;
import org.villagecast.controller.audio.speech.SpeechSynthesizer;
import org.villagecast.controller.auth.Role;
import org.villagecast.controller.store.AuditRepository;
import org.villagecast.controller.store.ClipRepository;

/**
 * The audio endpoints at their limits: a hub without espeak-ng still starts and says what to
 * install, and audio requests beyond {@code api.audio-jobs} are refused at once as busy.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AudioEndpointsLimitsTest {
  @TempDir Path dir;

  /**
   * Verifies that a hub configured with an espeak-ng that is not there starts, serves the clip
   * library, and answers a preview with 503 and what to install.
   */
  @Test
  void espeakMissing_hubStarts_preview503() throws Exception {
    // GIVEN a hub whose espeak-ng program does not exist
    try (ApiHarness hub =
        ApiHarness.start(dir, Map.of("VILLAGECAST_TTS_ESPEAK_NG", "/nonexistent/espeak-ng"))) {
      // WHEN the clerk asks for a preview
      ApiHarness.Answer answer =
          hub.json("POST", "/api/speech/preview", Role.VILLAGE_STAFF, "{\"text\":\"通知\"}");

      // THEN 503 says espeak-ng is missing and how to install it
      assertThat(answer.status()).as(answer.body()).isEqualTo(503);
      JsonObject error = answer.json().getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo("unavailable");
      assertThat(error.getString("message"))
          .startsWith("espeak-ng is not installed: apt-get install espeak-ng")
          .contains("/nonexistent/espeak-ng");
      // AND the rest of the hub works, the clip library included
      assertThat(hub.get("/api/clips", Role.VILLAGE_STAFF).status()).isEqualTo(200);
      assertThat(hub.get("/ready", null).status()).isEqualTo(200);
    }
  }

  /**
   * Verifies that with one audio job allowed, a second preview or an upload while the first is
   * being made is refused at once with 503 "busy", and that the slot is free again afterwards.
   */
  @Test
  void jobsAtOnce_moreRefusedAsBusy() throws Exception {
    // GIVEN a speech engine that holds the first synthesis until released, and one job at once
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    SpeechSynthesizer held =
        request -> {
          entered.countDown();
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          float[] tone = new float[22_050];
          for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.2 * Math.sin(2 * Math.PI * 220 * i / 22_050));
          }
          return new PcmAudio(22_050, tone);
        };
    WriteQueue writes = new WriteQueue();
    try (LightApi api =
        new LightApi(
            dir,
            Duration.ofSeconds(15),
            db ->
                new AudioServices(
                    ClipLibrary.open(
                        dir.resolve("clips"),
                        new ClipRepository(db),
                        DecodeLimits.DEFAULT,
                        new LoudnessNormalizer(),
                        new Auditor(new AuditRepository(db), writes, Clock.systemUTC()),
                        Clock.systemUTC(),
                        0),
                    new SpeechPreview(held, Optional::empty, new LoudnessNormalizer()),
                    1))) {
      // WHEN one preview is being made
      CompletableFuture<HttpResponse<byte[]>> first =
          api.http.sendAsync(preview(api), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();

      // THEN another preview and an upload are refused at once as busy
      HttpResponse<String> second =
          api.http.send(preview(api), HttpResponse.BodyHandlers.ofString());
      assertThat(second.statusCode()).isEqualTo(503);
      JsonObject error = new JsonObject(second.body()).getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo("unavailable");
      assertThat(error.getString("message")).contains("busy", "try again");
      HttpResponse<String> upload =
          api.http.send(
              HttpRequest.newBuilder(api.uri("/api/clips?name=x"))
                  .header("Authorization", "Bearer " + api.tokens.get(Role.ADMIN))
                  .header("Content-Type", "audio/wav")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'R', 'I', 'F', 'F'}))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(upload.statusCode()).as(upload.body()).isEqualTo(503);

      // WHEN the first is released / THEN it completes, and the slot is free again
      release.countDown();
      HttpResponse<byte[]> done = first.get(30, TimeUnit.SECONDS);
      assertThat(done.statusCode()).isEqualTo(200);
      assertThat(done.headers().firstValue("Content-Type")).contains("audio/ogg; codecs=opus");
      HttpResponse<byte[]> third =
          api.http.send(preview(api), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(third.statusCode()).isEqualTo(200);
    } finally {
      writes.close();
    }
  }

  private static HttpRequest preview(LightApi api) {
    return HttpRequest.newBuilder(api.uri("/api/speech/preview"))
        .header("Authorization", "Bearer " + api.tokens.get(Role.VILLAGE_STAFF))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"通知\"}", StandardCharsets.UTF_8))
        .build();
  }
}
