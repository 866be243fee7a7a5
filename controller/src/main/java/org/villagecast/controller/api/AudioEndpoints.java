package org.villagecast.controller.api;

import static org.villagecast.controller.api.Permissions.Action.MANAGE_CLIPS;
import static org.villagecast.controller.api.Permissions.Action.PREVIEW_SPEECH;
import static org.villagecast.controller.api.Permissions.Action.READ;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.clip.Clip;
import org.villagecast.controller.audio.clip.ClipUpload;
import org.villagecast.controller.audio.clip.DuplicateClipException;
import org.villagecast.controller.audio.decode.DecodeLimits;
import org.villagecast.controller.audio.decode.UnusableAudioException;
import org.villagecast.controller.audio.preview.SpeechPreview;
import org.villagecast.controller.audio.speech.SpeechException;
import org.villagecast.controller.audio.speech.SpeechRequest;
import org.villagecast.controller.audio.speech.Voice;

/**
 * The audio endpoints: the clip library ({@code /api/clips}: list, upload, describe, listen,
 * delete) and the text-to-speech preview ({@code POST /api/speech/preview}).
 *
 * <p>Decoding, normalising, speaking and encoding take processor time and memory, so they run on a
 * worker pool of their own of {@link AudioServices#jobsAtOnce()} threads, never on the event loop;
 * a request finding every thread busy is refused at once with 503 rather than queued, because a
 * queue would only grow while the clients retry. Reading and deleting rows runs on the hub's
 * ordinary worker threads.
 */
final class AudioEndpoints {
  /** Media types an upload may be sent as; the format itself is sniffed from the bytes. */
  static final Set<String> UPLOAD_TYPES =
      Set.of("audio/mpeg", "audio/wav", "audio/x-wav", "audio/wave");

  private static final Set<String> PREVIEW_FIELDS =
      Set.of("text", "voice", "rate", "pitch", "chime");

  private final Vertx vertx;
  private final AudioServices services;
  private final WorkerExecutor workers;
  private final Semaphore jobs;

  private AudioEndpoints(Vertx vertx, AudioServices services) {
    this.vertx = vertx;
    this.services = services;
    if (services == null) {
      this.workers = null;
      this.jobs = null;
    } else {
      this.workers =
          vertx.createSharedWorkerExecutor("villagecast-audio-jobs", services.jobsAtOnce());
      this.jobs = new Semaphore(services.jobsAtOnce());
    }
  }

  /**
   * Registers the endpoints. With {@code services} null (a hub or test without audio) they are
   * still routed, and answer 503.
   */
  static void mount(ApiRoutes routes, Vertx vertx, AudioServices services) {
    AudioEndpoints endpoints = new AudioEndpoints(vertx, services);
    long maxUpload =
        services == null
            ? DecodeLimits.DEFAULT.maxFileBytes()
            : services.clips().limits().maxFileBytes();
    routes.get("/clips").as(READ).to(endpoints::list);
    routes
        .post("/clips")
        .query("name", "fileName")
        .binary(maxUpload, UPLOAD_TYPES)
        .as(MANAGE_CLIPS)
        .to(endpoints::upload);
    routes.get("/clips/:id").as(READ).to(endpoints::clip);
    routes.get("/clips/:id/audio").as(READ).to(endpoints::listen);
    routes.delete("/clips/:id").as(MANAGE_CLIPS).to(endpoints::delete);
    routes.post("/speech/preview").json().as(PREVIEW_SPEECH).to(endpoints::preview);
  }

  // ---------------------------------------------------------------- clips

  private Future<Reply> list(Call call) {
    AudioServices audio = services();
    return vertx
        .executeBlocking(() -> audio.clips().list(), false)
        .map(
            clips ->
                Reply.ok(
                    new JsonObject()
                        .put("clips", JsonViews.array(clips, AudioEndpoints::view))
                        .put("loudnessTargetLufs", audio.clips().targetLufs())));
  }

  private Future<Reply> upload(Call call) {
    AudioServices audio = services();
    Optional<String> fileName = queryText(call, "fileName");
    String name =
        queryText(call, "name")
            .or(() -> fileName.map(AudioEndpoints::withoutExtension))
            .orElseThrow(
                () ->
                    ClientError.badRequest(
                        "'name' is required: give the clip a name, as in POST"
                            + " /api/clips?name=Flood%20warning"));
    ClipUpload upload =
        new ClipUpload(call.bytes().getBytes(), name, fileName.orElse(null), call.actor());
    return heavy(
            () -> {
              try {
                return audio.clips().add(upload);
              } catch (UnusableAudioException e) {
                throw unusable(e);
              } catch (DuplicateClipException e) {
                throw ClientError.conflict(e.getMessage());
              }
            })
        .map(clip -> Reply.created(view(clip)));
  }

  private Future<Reply> clip(Call call) {
    AudioServices audio = services();
    long id = clipId(call);
    return vertx
        .executeBlocking(() -> audio.clips().get(id).orElseThrow(() -> noClip(id)), false)
        .map(clip -> Reply.ok(view(clip)));
  }

  private Future<Reply> listen(Call call) {
    AudioServices audio = services();
    long id = clipId(call);
    String accept = call.context().request().getHeader(HttpHeaders.ACCEPT);
    return heavy(
        () -> {
          Clip clip = audio.clips().get(id).orElseThrow(() -> noClip(id));
          PcmAudio samples = audio.clips().engineAudio(id).orElseThrow(() -> noClip(id));
          return AudioBodies.reply(samples, accept, clip.name());
        });
  }

  private Future<Reply> delete(Call call) {
    AudioServices audio = services();
    long id = clipId(call);
    return vertx
        .executeBlocking(
            () -> audio.clips().delete(id, call.actor()).orElseThrow(() -> noClip(id)), false)
        .map(clip -> Reply.noContent());
  }

  // ---------------------------------------------------------------- speech

  private Future<Reply> preview(Call call) {
    AudioServices audio = services();
    JsonFields fields = JsonFields.of(call.body(), PREVIEW_FIELDS);
    SpeechRequest request =
        new SpeechRequest(
            previewText(fields),
            voice(fields),
            (int)
                fields.integer(
                    "rate",
                    SpeechRequest.MIN_RATE,
                    SpeechRequest.MAX_RATE,
                    SpeechRequest.NORMAL_RATE),
            (int) fields.integer("pitch", 0, 100, SpeechRequest.NORMAL_PITCH));
    boolean chime = fields.bool("chime", false);
    String accept = call.context().request().getHeader(HttpHeaders.ACCEPT);
    return heavy(
        () -> {
          try {
            return AudioBodies.reply(audio.speech().render(request, chime), accept, "preview");
          } catch (SpeechException e) {
            throw new ClientError(ClientError.Kind.UNAVAILABLE, e.getMessage());
          }
        });
  }

  /** The text to speak: any characters but control characters other than line breaks and tabs. */
  private static String previewText(JsonFields fields) {
    Object value = fields.json().getValue("text");
    if (value == null) {
      throw ClientError.badRequest("'text' is required: the words to speak");
    }
    if (!(value instanceof String text)) {
      throw ClientError.badRequest("'text' must be a string");
    }
    if (text.isBlank()) {
      throw ClientError.badRequest("'text' must not be empty: give the words to speak");
    }
    if (text.length() > SpeechPreview.MAX_TEXT) {
      throw ClientError.badRequest(
          "'text' must be at most "
              + SpeechPreview.MAX_TEXT
              + " characters, not "
              + text.length()
              + ": preview a long notice in parts");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
        throw ClientError.badRequest("'text' must not contain control characters");
      }
    }
    return text;
  }

  private static Voice voice(JsonFields fields) {
    Object value = fields.json().getValue("voice");
    if (value == null) {
      return Voice.AUTO;
    }
    if (value instanceof String name) {
      for (Voice voice : Voice.values()) {
        if (voice.name().toLowerCase(Locale.ROOT).equals(name)) {
          return voice;
        }
      }
    }
    throw ClientError.badRequest("'voice' must be one of auto, mandarin, english");
  }

  // ---------------------------------------------------------------- helpers

  private AudioServices services() {
    if (services == null) {
      throw new ClientError(
          ClientError.Kind.UNAVAILABLE, "audio (clips and speech) is not set up on this hub");
    }
    return services;
  }

  /**
   * Runs CPU-heavy work on the audio workers if one is free, else refuses at once with 503. The
   * permit is taken here, on the event loop, and given back by the worker when the work ends.
   */
  private <T> Future<T> heavy(Callable<T> work) {
    if (!jobs.tryAcquire()) {
      return Future.failedFuture(
          new ClientError(
              ClientError.Kind.UNAVAILABLE,
              "the hub is busy with "
                  + services.jobsAtOnce()
                  + " other audio requests (previews, uploads, listening): try again in a few"
                  + " seconds"));
    }
    try {
      return workers.executeBlocking(
          () -> {
            try {
              return work.call();
            } finally {
              jobs.release();
            }
          },
          false);
    } catch (RuntimeException e) {
      jobs.release();
      throw e;
    }
  }

  private static ClientError unusable(UnusableAudioException e) {
    ClientError.Kind kind;
    switch (e.reason()) {
      case TOO_LARGE:
        kind = ClientError.Kind.TOO_LARGE;
        break;
      case UNSUPPORTED:
        kind = ClientError.Kind.UNSUPPORTED_MEDIA_TYPE;
        break;
      case EMPTY:
        kind = ClientError.Kind.BAD_REQUEST;
        break;
      default:
        kind = ClientError.Kind.UNPROCESSABLE;
    }
    return new ClientError(kind, e.getMessage());
  }

  private static long clipId(Call call) {
    String value = call.pathParam("id");
    if (value == null
        || value.isEmpty()
        || value.length() > 18
        || !value.chars().allMatch(c -> c >= '0' && c <= '9')
        || Long.parseLong(value) < 1) {
      throw ClientError.badRequest("'id' must be a positive integer clip id");
    }
    return Long.parseLong(value);
  }

  private static ClientError noClip(long id) {
    return ClientError.notFound("no clip " + id + " (GET /api/clips lists them)");
  }

  /** A query parameter as a name: 1 to 200 characters, no control characters; empty if absent. */
  private static Optional<String> queryText(Call call, String param) {
    String value = call.query(param);
    if (value == null) {
      return Optional.empty();
    }
    if (value.isBlank()) {
      throw ClientError.badRequest("'" + param + "' must not be empty");
    }
    if (value.length() > ClipUpload.MAX_NAME) {
      throw ClientError.badRequest(
          "'" + param + "' must be at most " + ClipUpload.MAX_NAME + " characters");
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw ClientError.badRequest("'" + param + "' must not contain control characters");
    }
    return Optional.of(value.strip());
  }

  private static String withoutExtension(String fileName) {
    int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
    String base = fileName.substring(slash + 1);
    int dot = base.lastIndexOf('.');
    String name = dot > 0 ? base.substring(0, dot) : base;
    return name.isBlank() ? fileName : name;
  }

  static JsonObject view(Clip clip) {
    return new JsonObject()
        .put("id", clip.id())
        .put("name", clip.name())
        .put("fileName", clip.fileName())
        .put("kind", clip.kind().name())
        .put("sourceSampleRate", clip.sourceRate())
        .put("sourceChannels", clip.sourceChannels())
        .put("durationSeconds", clip.duration().toMillis() / 1000.0)
        .put("inputLufs", round2(clip.inputLufs()))
        .put("inputTruePeakDbtp", round2(clip.inputTruePeakDbtp()))
        .put("gainDb", round2(clip.gainDb()))
        .put("loudnessLufs", round2(clip.outputLufs()))
        .put("truePeakDbtp", round2(clip.truePeakDbtp()))
        .put("sha256", clip.sha256())
        .put("uploadedBy", clip.uploadedBy())
        .put("createdAt", clip.createdAt().toString())
        .put("audio", ApiRoutes.PREFIX + "/clips/" + clip.id() + "/audio");
  }

  private static double round2(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
