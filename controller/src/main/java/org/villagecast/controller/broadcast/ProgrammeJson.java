package org.villagecast.controller.broadcast;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.audio.speech.SpeechRequest;
import org.villagecast.controller.audio.speech.Voice;

/**
 * A {@link ProgrammeSpec} as JSON, for the API, the programme library and the record of each
 * broadcast. Reading is strict: unknown fields and wrong types are refused with a BAD_REQUEST that
 * names the field by its path ({@code programme.notices[1].speech.rate}).
 *
 * <pre>
 * {"notices": [{"speech": "text"}, {"speech": {"text": "...", "voice": "mandarin", "rate": 90,
 *   "pitch": 50}}, {"clip": 12}, {"silence": 1.5}],
 *  "background": [{"clip": 3}], "chime": true, "live": "http://radio.example:8000/county.mp3"}
 * </pre>
 */
public final class ProgrammeJson {
  /** Items per layer: a programme is minutes of notices, not an archive. */
  static final int MAX_ITEMS = 100;

  private static final Set<String> FIELDS = Set.of("notices", "background", "chime", "live");
  private static final Set<String> SPEECH_FIELDS = Set.of("text", "voice", "rate", "pitch");

  private ProgrammeJson() {}

  /** Reads a programme; {@code path} names it in errors (e.g. "programme"). */
  public static ProgrammeSpec read(JsonObject json, String path) {
    only(json, FIELDS, path);
    List<ProgrammeItem> notices = items(json, "notices", path);
    List<ProgrammeItem> background = items(json, "background", path);
    Object chime = json.getValue("chime");
    if (chime != null && !(chime instanceof Boolean)) {
      throw bad(path + ".chime", "must be true or false");
    }
    URI live = null;
    Object url = json.getValue("live");
    if (url != null) {
      if (!(url instanceof String text) || text.length() > 2000) {
        throw bad(path + ".live", "must be an http(s) URL of at most 2000 characters");
      }
      try {
        live = new URI(text);
      } catch (URISyntaxException e) {
        throw bad(path + ".live", "is not a URL: " + e.getReason());
      }
    }
    try {
      return new ProgrammeSpec(background, notices, chime == null || (Boolean) chime, live);
    } catch (IllegalArgumentException e) {
      throw bad(path, e.getMessage());
    }
  }

  /** The programme as JSON that {@link #read} reads back to an equal programme. */
  public static JsonObject write(ProgrammeSpec spec) {
    JsonObject json =
        new JsonObject()
            .put("notices", write(spec.notices()))
            .put("background", write(spec.background()))
            .put("chime", spec.chime());
    if (spec.live() != null) {
      json.put("live", spec.live().toString());
    }
    return json;
  }

  private static JsonArray write(List<ProgrammeItem> items) {
    JsonArray array = new JsonArray();
    for (ProgrammeItem item : items) {
      if (item instanceof ProgrammeItem.Speech speech) {
        SpeechRequest r = speech.request();
        array.add(
            new JsonObject()
                .put(
                    "speech",
                    new JsonObject()
                        .put("text", r.text())
                        .put("voice", r.voice().name().toLowerCase(Locale.ROOT))
                        .put("rate", r.rate())
                        .put("pitch", r.pitch())));
      } else if (item instanceof ProgrammeItem.Clip clip) {
        array.add(new JsonObject().put("clip", clip.clipId()));
      } else {
        ProgrammeItem.Silence silence = (ProgrammeItem.Silence) item;
        array.add(new JsonObject().put("silence", silence.length().toMillis() / 1000.0));
      }
    }
    return array;
  }

  private static List<ProgrammeItem> items(JsonObject json, String name, String path) {
    Object value = json.getValue(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw bad(path + "." + name, "must be a list of items");
    }
    if (array.size() > MAX_ITEMS) {
      throw bad(path + "." + name, "has " + array.size() + " items, at most " + MAX_ITEMS);
    }
    List<ProgrammeItem> items = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      items.add(item(array.getValue(i), path + "." + name + "[" + i + "]"));
    }
    return items;
  }

  private static ProgrammeItem item(Object value, String path) {
    if (!(value instanceof JsonObject json) || json.size() != 1) {
      throw bad(path, "must be an object with one of 'speech', 'clip' or 'silence'");
    }
    String kind = json.fieldNames().iterator().next();
    Object content = json.getValue(kind);
    switch (kind) {
      case "speech":
        return new ProgrammeItem.Speech(speech(content, path + ".speech"));
      case "clip":
        if (!(content instanceof Number n)
            || n.doubleValue() != n.longValue()
            || n.longValue() < 1) {
          throw bad(path + ".clip", "must be a clip id (a positive integer)");
        }
        return new ProgrammeItem.Clip(n.longValue());
      case "silence":
        if (!(content instanceof Number seconds)
            || !(seconds.doubleValue() > 0 && seconds.doubleValue() <= 3600)) {
          throw bad(path + ".silence", "must be seconds, more than 0 and at most 3600");
        }
        return new ProgrammeItem.Silence(
            Duration.ofMillis(Math.round(seconds.doubleValue() * 1000)));
      default:
        throw bad(path, "unknown item '" + kind + "'; expected 'speech', 'clip' or 'silence'");
    }
  }

  private static SpeechRequest speech(Object content, String path) {
    if (content instanceof String text) {
      return speech(text, Voice.AUTO, SpeechRequest.NORMAL_RATE, SpeechRequest.NORMAL_PITCH, path);
    }
    if (!(content instanceof JsonObject json)) {
      throw bad(path, "must be the text, or an object with 'text', 'voice', 'rate', 'pitch'");
    }
    only(json, SPEECH_FIELDS, path);
    if (!(json.getValue("text") instanceof String text)) {
      throw bad(path + ".text", "is required (a string)");
    }
    Voice voice = Voice.AUTO;
    Object name = json.getValue("voice");
    if (name != null) {
      try {
        voice = Voice.valueOf(((String) name).toUpperCase(Locale.ROOT));
      } catch (ClassCastException | IllegalArgumentException e) {
        throw bad(path + ".voice", "must be one of auto, mandarin, english");
      }
    }
    return speech(
        text,
        voice,
        integer(json, "rate", SpeechRequest.NORMAL_RATE, path),
        integer(json, "pitch", SpeechRequest.NORMAL_PITCH, path),
        path);
  }

  private static SpeechRequest speech(String text, Voice voice, int rate, int pitch, String path) {
    try {
      return new SpeechRequest(text, voice, rate, pitch);
    } catch (IllegalArgumentException e) {
      throw bad(path, e.getMessage());
    }
  }

  private static int integer(JsonObject json, String name, int fallback, String path) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number n) || n.doubleValue() != n.intValue()) {
      throw bad(path + "." + name, "must be an integer");
    }
    return n.intValue();
  }

  private static void only(JsonObject json, Set<String> allowed, String path) {
    for (String name : json.fieldNames()) {
      if (!allowed.contains(name)) {
        throw bad(
            path + "." + name,
            "is not a field here; expected "
                + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
  }

  private static ClientError bad(String path, String why) {
    return ClientError.badRequest("'" + path + "' " + why);
  }
}
