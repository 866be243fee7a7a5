package org.villagecast.controller.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.villagecast.controller.audio.testing.Programs.probe;
import static org.villagecast.controller.audio.testing.Programs.probedDuration;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.villagecast.controller.audio.Ffmpeg;
import org.villagecast.controller.audio.clip.TestClips;
import org.villagecast.controller.auth.Role;

/**
 * The clip library and the speech preview through the whole hub's API (real espeak-ng, real ffmpeg
 * and ffprobe judging what comes back), with uploads limited to 1 MiB so that an oversize body is
 * cheap to send.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AudioEndpointsTest {
  private static final int MAX_UPLOAD = 1 << 20;
  private static final String NOTICE = "各位村民请注意，明天上午九点在村委会开会。";

  private static Path dir;
  private static ApiHarness hub;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("audio-api");
    hub = ApiHarness.start(dir, Map.of("VILLAGECAST_CLIPS_MAX_UPLOAD_MB", "1"));
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  // ---------------------------------------------------------------- plumbing

  /** An answer with its body as bytes (audio is not text). */
  record Raw(int status, HttpHeaders headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonObject json() {
      return new JsonObject(text());
    }

    String contentType() {
      return headers.firstValue("Content-Type").orElse("");
    }

    /** The error message of a JSON error answer. */
    String message() {
      return json().getJsonObject("error").getString("message");
    }
  }

  private static Raw send(
      String method, String pathAndQuery, Role role, String contentType, byte[] body, String accept)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(hub.uri(pathAndQuery)).timeout(Duration.ofSeconds(60));
    if (role != null) {
      request.header("Authorization", "Bearer " + hub.tokens.get(role));
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (accept != null) {
      request.header("Accept", accept);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<byte[]> response;
    try {
      response = hub.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException staleConnection) {
      // As in ApiHarness.send: the pooled connection was closed after a refused body.
      HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      response = fresh.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
    return new Raw(response.statusCode(), response.headers(), response.body());
  }

  private static Raw upload(Role role, String query, String contentType, byte[] file)
      throws Exception {
    return send("POST", "/api/clips" + query, role, contentType, file, null);
  }

  private static Raw preview(Role role, String json, String accept) throws Exception {
    return send(
        "POST",
        "/api/speech/preview",
        role,
        "application/json",
        json.getBytes(StandardCharsets.UTF_8),
        accept);
  }

  private static String q(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static Path save(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name + "-" + System.nanoTime()), bytes);
  }

  private static Path storedFile(long id) throws Exception {
    String name = hub.testHub.app().clips().get(id).orElseThrow().storedFile();
    return hub.testHub.app().clips().directory().resolve(name);
  }

  // ---------------------------------------------------------------- clips

  /**
   * Verifies that an MP3 and a WAV upload are stored at −16 LUFS ±1 LU by ffmpeg's measure, are
   * described by the list and by id, and can be heard as Ogg/Opus (ffprobe accepts it, at the
   * target loudness) and as WAV.
   */
  @Test
  void upload_mp3AndWav_storedAtTargetAndListenable() throws Exception {
    // GIVEN a quiet MP3 and a loud WAV, made by ffmpeg
    byte[] mp3 = TestClips.quietMp3(dir, 101);
    byte[] wav = TestClips.loudWav(dir, 102);

    // WHEN an operator uploads them
    Raw mp3Answer =
        upload(Role.OPERATOR, "?name=" + q("防汛提示") + "&fileName=flood.mp3", "audio/mpeg", mp3);
    Raw wavAnswer = upload(Role.OPERATOR, "?fileName=" + q("晚间 通知.wav"), "audio/x-wav", wav);

    // THEN both are created and described
    assertThat(mp3Answer.status()).as(mp3Answer.text()).isEqualTo(201);
    assertThat(wavAnswer.status()).as(wavAnswer.text()).isEqualTo(201);
    JsonObject flood = mp3Answer.json();
    assertThat(flood.getString("name")).isEqualTo("防汛提示");
    assertThat(flood.getString("fileName")).isEqualTo("flood.mp3");
    assertThat(flood.getString("kind")).isEqualTo("MP3");
    assertThat(flood.getInteger("sourceChannels")).isEqualTo(2);
    assertThat(flood.getDouble("durationSeconds")).isEqualTo(4.0);
    assertThat(flood.getDouble("loudnessLufs")).isCloseTo(-16, offset(0.2));
    assertThat(flood.getString("uploadedBy")).isEqualTo("operator");
    JsonObject evening = wavAnswer.json();
    assertThat(evening.getString("name")).as("the file name without extension").isEqualTo("晚间 通知");
    assertThat(evening.getString("kind")).isEqualTo("WAV");
    // AND ffmpeg measures both stored files at the target
    for (JsonObject clip : List.of(flood, evening)) {
      Ffmpeg.Ebur128 stored = Ffmpeg.ebur128(storedFile(clip.getLong("id")));
      assertThat(stored.integratedLufs()).as(clip.encode()).isCloseTo(-16, offset(1.0));
      assertThat(stored.truePeakDbtp()).isLessThanOrEqualTo(-0.8);
    }
    // AND the list and the clip's own page describe them, to every role
    long id = flood.getLong("id");
    Raw one = send("GET", "/api/clips/" + id, Role.VILLAGE_STAFF, null, null, null);
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json()).isEqualTo(flood);
    JsonArray all =
        send("GET", "/api/clips", Role.TECHNICIAN, null, null, null).json().getJsonArray("clips");
    assertThat(all).contains(flood, evening);

    // WHEN the clerk listens to the MP3's clip
    Raw ogg = send("GET", flood.getString("audio"), Role.VILLAGE_STAFF, null, null, null);

    // THEN it is Ogg/Opus that ffprobe accepts, 4 s long, at the target loudness
    assertThat(ogg.status()).as(ogg.text()).isEqualTo(200);
    assertThat(ogg.contentType()).isEqualTo("audio/ogg; codecs=opus");
    Path oggFile = save("clip.opus", ogg.body());
    String probe = probe(oggFile);
    assertThat(probe).contains("codec_name=opus", "channels=1", "format_name=ogg");
    assertThat(probedDuration(probe)).isCloseTo(4.0, offset(0.05));
    assertThat(Ffmpeg.ebur128(oggFile).integratedLufs()).isCloseTo(-16, offset(1.0));

    // AND asked for WAV, it is the stored audio as 16-bit WAV
    Raw asWav = send("GET", flood.getString("audio"), Role.OPERATOR, null, null, "audio/wav");
    assertThat(asWav.status()).isEqualTo(200);
    assertThat(asWav.contentType()).isEqualTo("audio/wav");
    assertThat(asWav.body()).isEqualTo(Files.readAllBytes(storedFile(id)));
    assertThat(probe(save("clip.wav", asWav.body())))
        .contains("codec_name=pcm_s16le", "sample_rate=48000", "channels=1");
  }

  /**
   * Verifies that every unusable upload is refused with the status and a message naming the
   * problem, and that nothing is stored: no row, no file, no temporary file, no audit entry.
   */
  @Test
  void upload_refused_clearErrorNothingStored() throws Exception {
    // GIVEN files that cannot become clips
    byte[] mp3 = TestClips.quietMp3(dir, 201);
    byte[] truncated = Arrays.copyOf(mp3, mp3.length * 6 / 10 + 7);
    byte[] random = new byte[30_000];
    new Random(7).nextBytes(random);
    random[0] = 0x13; // not by chance an MPEG sync byte or a known header
    byte[] oversize = new byte[MAX_UPLOAD + 1];
    System.arraycopy(mp3, 0, oversize, 0, mp3.length);
    record Refusal(String what, String query, String type, byte[] body, int status, String says) {}
    List<Refusal> refusals =
        List.of(
            new Refusal("truncated MP3", "?name=t", "audio/mpeg", truncated, 422, "cut short"),
            new Refusal("random bytes", "?name=r", "audio/mpeg", random, 415, "not audio"),
            new Refusal("empty body", "?name=e", "audio/mpeg", new byte[0], 400, "empty"),
            new Refusal("empty, no type", "?name=e", null, new byte[0], 415, "Content-Type"),
            new Refusal("oversize, bad type", "?name=o", "text/plain", oversize, 413, "bytes"),
            new Refusal("wrong type", "?name=w", "text/plain", mp3, 415, "audio/mpeg"),
            new Refusal("no type", "?name=n", null, mp3, 415, "Content-Type"),
            new Refusal("oversize", "?name=o", "audio/mpeg", oversize, 413, MAX_UPLOAD + " bytes"),
            new Refusal("silent", "?name=s", "audio/wav", TestClips.silentWav(dir), 422, "silence"),
            new Refusal("no name", "", "audio/mpeg", mp3, 400, "'name'"),
            new Refusal("blank name", "?name=%20", "audio/mpeg", mp3, 400, "'name'"),
            new Refusal("unknown parameter", "?title=x", "audio/mpeg", mp3, 400, "'title'"));

    for (Refusal r : refusals) {
      ApiHarness.Snapshot before = hub.snapshot();

      // WHEN it is uploaded
      Raw answer = upload(Role.OPERATOR, r.query(), r.type(), r.body());

      // THEN it is refused with a JSON error naming the problem, without a stack trace
      assertThat(answer.status()).as(r.what() + ": " + answer.text()).isEqualTo(r.status());
      assertThat(answer.message()).as(r.what()).contains(r.says());
      assertThat(answer.text()).doesNotContain("Exception").doesNotContain("org.villagecast");
      // AND nothing was stored
      assertThat(hub.snapshot()).as(r.what()).isEqualTo(before);
    }
  }

  /** Verifies that the same file twice gets 409 naming the clip that holds it. */
  @Test
  void upload_sameFileTwice_conflict() throws Exception {
    // GIVEN an uploaded file
    byte[] wav = TestClips.loudWav(dir, 301);
    Raw first = upload(Role.ADMIN, "?name=first", "audio/wav", wav);
    assertThat(first.status()).isEqualTo(201);
    ApiHarness.Snapshot before = hub.snapshot();

    // WHEN it is uploaded again under another name
    Raw again = upload(Role.OPERATOR, "?name=again", "audio/wave", wav);

    // THEN 409 names the first clip, and nothing more is stored
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.message()).contains("clip " + first.json().getLong("id") + " 'first'");
    assertThat(hub.snapshot()).isEqualTo(before);
  }

  /**
   * Verifies that the clerk and the technician may not upload, also with an oversize body (the role
   * is checked before the body is read), and nothing is stored.
   */
  @Test
  void upload_byClerkOrTechnician_forbidden() throws Exception {
    byte[] wav = TestClips.loudWav(dir, 401);
    byte[] oversize = Arrays.copyOf(wav, MAX_UPLOAD + 1);
    for (Role role : List.of(Role.VILLAGE_STAFF, Role.TECHNICIAN)) {
      for (byte[] body : List.of(wav, oversize)) {
        ApiHarness.Snapshot before = hub.snapshot();

        Raw answer = upload(role, "?name=mine", "audio/wav", body);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.message()).contains("role " + role, "upload or delete clips");
        assertThat(hub.snapshot()).isEqualTo(before);
      }
    }
  }

  /** Verifies that delete removes the clip and its file, is audited, and then answers 404. */
  @Test
  void delete_removesClipAndFile_audited() throws Exception {
    // GIVEN an uploaded clip
    Raw created = upload(Role.OPERATOR, "?name=old", "audio/wav", TestClips.loudWav(dir, 501));
    long id = created.json().getLong("id");
    Path file = storedFile(id);
    assertThat(file).exists();

    // WHEN the technician tries, then the operator deletes it
    Raw refused = send("DELETE", "/api/clips/" + id, Role.TECHNICIAN, null, null, null);
    Raw deleted = send("DELETE", "/api/clips/" + id, Role.OPERATOR, null, null, null);

    // THEN the technician is refused, the operator's delete removes row and file
    assertThat(refused.status()).isEqualTo(403);
    assertThat(deleted.status()).as(deleted.text()).isEqualTo(204);
    assertThat(file).doesNotExist();
    assertThat(send("GET", "/api/clips/" + id, Role.ADMIN, null, null, null).status())
        .isEqualTo(404);
    assertThat(send("GET", "/api/clips/" + id + "/audio", Role.ADMIN, null, null, null).status())
        .isEqualTo(404);
    Raw again = send("DELETE", "/api/clips/" + id, Role.OPERATOR, null, null, null);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.message()).contains("no clip " + id);
    // AND upload and delete are in the audit log, by the operator (queued: wait for them)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<String> audited = List.of();
    while (System.nanoTime() < deadline && audited.size() < 2) {
      audited =
          hub.get("/api/audit?limit=1000", Role.ADMIN).json().getJsonArray("entries").stream()
              .map(JsonObject.class::cast)
              .filter(e -> ("clip " + id).equals(e.getString("subject")))
              .map(e -> e.getString("actor") + " " + e.getString("action"))
              .toList();
      Thread.sleep(50);
    }
    assertThat(audited).containsExactlyInAnyOrder("operator clip.upload", "operator clip.delete");
  }

  // ---------------------------------------------------------------- speech preview

  /**
   * Verifies that the clerk's preview of a Chinese notice is Ogg/Opus that ffprobe accepts, as long
   * as such a notice takes, at −16 LUFS ±1 LU by ffmpeg's measure; that the chime adds its length;
   * that WAV is given when asked for; and that nothing is stored.
   */
  @Test
  void preview_byClerk_oggAtTarget() throws Exception {
    ApiHarness.Snapshot before = hub.snapshot();

    // WHEN the clerk previews a notice, plain and with the chime
    Raw plain = preview(Role.VILLAGE_STAFF, "{\"text\":\"" + NOTICE + "\"}", null);
    Raw chimed =
        preview(
            Role.VILLAGE_STAFF,
            "{\"text\":\"" + NOTICE + "\",\"voice\":\"mandarin\",\"chime\":true}",
            "audio/ogg");

    // THEN both are Ogg/Opus, mono 48 kHz, which ffprobe accepts
    assertThat(plain.status()).as(plain.text()).isEqualTo(200);
    assertThat(chimed.status()).as(chimed.text()).isEqualTo(200);
    assertThat(plain.contentType()).isEqualTo("audio/ogg; codecs=opus");
    Path plainFile = save("preview.opus", plain.body());
    Path chimedFile = save("chimed.opus", chimed.body());
    String plainProbe = probe(plainFile);
    assertThat(plainProbe)
        .contains("codec_name=opus", "channels=1", "sample_rate=48000", "format_name=ogg");
    // AND the notice of 19 characters lasts what Mandarin speech takes (about 3-4 s)
    assertThat(probedDuration(plainProbe)).isBetween(2.0, 8.0);
    // AND it is at the speech target by ffmpeg's measure
    assertThat(Ffmpeg.ebur128(plainFile).integratedLufs()).isCloseTo(-16, offset(1.0));
    // AND the chime (0.6 s + 1.5 s of ring) and its 0.3 s gap come first
    assertThat(probedDuration(probe(chimedFile)) - probedDuration(plainProbe))
        .isCloseTo(2.4, offset(0.05));

    // WHEN WAV is asked for / THEN WAV comes, 48 kHz mono 16-bit
    Raw wav = preview(Role.OPERATOR, "{\"text\":\"" + NOTICE + "\"}", "audio/wav");
    assertThat(wav.status()).isEqualTo(200);
    assertThat(wav.contentType()).isEqualTo("audio/wav");
    String wavProbe = probe(save("preview.wav", wav.body()));
    assertThat(wavProbe).contains("codec_name=pcm_s16le", "sample_rate=48000", "channels=1");
    assertThat(probedDuration(wavProbe)).isCloseTo(probedDuration(plainProbe), offset(0.05));

    // AND nothing was stored
    assertThat(hub.snapshot()).isEqualTo(before);
  }

  /** Verifies that an English preview at a slower rate is longer than at the normal rate. */
  @Test
  void preview_rate_changesLength() throws Exception {
    String text = "Attention please: the water supply stops at nine tomorrow morning.";
    Raw normal = preview(Role.OPERATOR, "{\"text\":\"" + text + "\",\"voice\":\"auto\"}", null);
    Raw slow =
        preview(
            Role.OPERATOR,
            "{\"text\":\"" + text + "\",\"voice\":\"english\",\"rate\":60,\"pitch\":30}",
            null);

    assertThat(normal.status()).as(normal.text()).isEqualTo(200);
    assertThat(slow.status()).as(slow.text()).isEqualTo(200);
    double normalSeconds = probedDuration(probe(save("normal.opus", normal.body())));
    double slowSeconds = probedDuration(probe(save("slow.opus", slow.body())));
    assertThat(slowSeconds).isGreaterThan(normalSeconds * 1.3);
  }

  /** Verifies that bad preview requests get 400 naming the field, and the technician 403. */
  @Test
  void preview_badRequests_nameTheField() throws Exception {
    record Bad(String json, String says) {}
    List<Bad> bads =
        List.of(
            new Bad("{\"text\":\"\"}", "'text'"),
            new Bad("{\"text\":\"  \\n \"}", "'text' must not be empty"),
            new Bad("{}", "'text' is required"),
            new Bad("{\"text\":\"" + "长".repeat(2001) + "\"}", "'text' must be at most 2000"),
            new Bad("{\"text\":\"x\",\"rate\":300}", "'rate' must be between 50 and 200"),
            new Bad("{\"text\":\"x\",\"rate\":\"fast\"}", "'rate' must be an integer"),
            new Bad("{\"text\":\"x\",\"pitch\":101}", "'pitch'"),
            new Bad("{\"text\":\"x\",\"voice\":\"MANDARIN\"}", "'voice' must be one of auto"),
            new Bad("{\"text\":\"x\",\"chime\":1}", "'chime'"),
            new Bad("{\"text\":\"x\",\"speed\":1}", "unknown field 'speed'"));
    for (Bad bad : bads) {
      Raw answer = preview(Role.VILLAGE_STAFF, bad.json(), null);
      assertThat(answer.status()).as(bad.json() + " " + answer.text()).isEqualTo(400);
      assertThat(answer.message()).as(bad.json()).contains(bad.says());
    }
    Raw technician = preview(Role.TECHNICIAN, "{\"text\":\"x\"}", null);
    assertThat(technician.status()).isEqualTo(403);
    assertThat(technician.message()).contains("preview text-to-speech");
  }
}
