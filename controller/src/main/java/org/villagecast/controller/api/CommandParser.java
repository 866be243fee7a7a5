package org.villagecast.controller.api;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.delivery.CommandRequest;
import org.villagecast.controller.delivery.Targets;
import org.villagecast.protocol.codec.AlertClass;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.MessageType;
import org.villagecast.protocol.codec.ProtocolException;
import org.villagecast.protocol.codec.SourceKind;

/**
 * Reads the body of {@code POST /api/commands} into a {@link CommandRequest}, in three steps so
 * permissions can be checked between them: the type, then the targets, then the type's fields. The
 * protocol records validate the fields once more; their refusals name the protocol field, which is
 * mapped back to the API's field name.
 */
final class CommandParser {
  /** A routine daily notice: above background audio, below live relays and alerts. */
  static final int DEFAULT_PRIORITY = 100;

  static final int DEFAULT_REPEATS = 1;
  static final int DEFAULT_DEADLINE_SECONDS = 60;
  static final int MAX_DEADLINE_SECONDS = 3600;
  static final int MAX_TARGETS = 1000;
  static final long U32_MAX = 0xFFFF_FFFFL;

  private static final Set<String> COMMON = Set.of("type", "targets", "deadlineSeconds");

  /** The fields each command type takes besides {@link #COMMON}. */
  private static final Map<MessageType, Set<String>> FIELDS =
      Map.of(
          MessageType.PLAY,
          Set.of(
              "priority",
              "alertLevel",
              "alertClass",
              "source",
              "streamId",
              "startTime",
              "endTime",
              "volume",
              "repeats",
              "text"),
          MessageType.STOP,
          Set.of("broadcastId"),
          MessageType.SET_VOLUME,
          Set.of("volume"),
          MessageType.AMP_ON,
          Set.of(),
          MessageType.AMP_OFF,
          Set.of(),
          MessageType.STATUS_QUERY,
          Set.of(),
          MessageType.PLAY_LOG_QUERY,
          Set.of("from", "to", "maxEntries"),
          MessageType.FAULT_DETAIL_QUERY,
          Set.of());

  /** PROTOCOL.md field names, as ProtocolException reports them, to the API's names. */
  private static final Map<String, String> API_NAMES =
      Map.ofEntries(
          Map.entry("priority", "priority"),
          Map.entry("alert level", "alertLevel"),
          Map.entry("alert class", "alertClass"),
          Map.entry("source", "source"),
          Map.entry("stream id", "streamId"),
          Map.entry("start time", "startTime"),
          Map.entry("end time", "endTime"),
          Map.entry("volume", "volume"),
          Map.entry("repeats", "repeats"),
          Map.entry("source text", "text"),
          Map.entry("broadcast id", "broadcastId"),
          Map.entry("from", "from"),
          Map.entry("to", "to"),
          Map.entry("max entries", "maxEntries"));

  private CommandParser() {}

  /** Step 1: the command type, one of {@link Permissions#commandTypes()}. */
  static MessageType type(JsonObject body) {
    Object value = body.getValue("type");
    if (value == null) {
      throw ClientError.badRequest("'type' is required");
    }
    if (value instanceof String name) {
      for (MessageType type : Permissions.commandTypes()) {
        if (type.name().equals(name)) {
          return type;
        }
      }
    }
    throw ClientError.badRequest(
        "'type' must be one of "
            + Permissions.commandTypes().stream()
                .map(Enum::name)
                .sorted()
                .collect(Collectors.joining(", ")));
  }

  /** Step 2: the targets; at least one area, group or terminal. */
  static Targets targets(JsonObject body) {
    JsonFields fields =
        JsonFields.of(body, allFields()).object("targets", Set.of("areas", "groups", "terminals"));
    Targets targets =
        new Targets(
            fields.codes("areas", MAX_TARGETS, Ids::isAreaPrefix, Ids.AREA_RULE),
            fields.integers("groups", MAX_TARGETS, 1, U32_MAX),
            fields.codes("terminals", MAX_TARGETS, Ids::isResourceCode, Ids.RESOURCE_CODE_RULE));
    if (targets.isEmpty()) {
      throw ClientError.badRequest(
          "'targets' must name at least one of 'areas', 'groups' or 'terminals'");
    }
    return targets;
  }

  /** Step 3: the type's fields, checked and built into the protocol message. */
  static CommandRequest request(MessageType type, Targets targets, JsonObject body) {
    Set<String> allowed =
        Stream.concat(COMMON.stream(), FIELDS.get(type).stream()).collect(Collectors.toSet());
    JsonFields fields = JsonFields.of(body, allowed);
    Duration deadline =
        Duration.ofSeconds(
            fields.integer("deadlineSeconds", 1, MAX_DEADLINE_SECONDS, DEFAULT_DEADLINE_SECONDS));
    Message message;
    try {
      message = message(type, fields);
    } catch (ProtocolException refused) {
      throw ClientError.badRequest(apiMessage(refused));
    }
    return new CommandRequest(message, targets, deadline, body.encode());
  }

  private static Message message(MessageType type, JsonFields fields) {
    return switch (type) {
      case PLAY -> play(fields);
      case STOP -> new Message.Stop(fields.integer("broadcastId", 0, Long.MAX_VALUE));
      case SET_VOLUME -> new Message.SetVolume((int) fields.integer("volume", 0, 100));
      case AMP_ON -> new Message.AmpOn();
      case AMP_OFF -> new Message.AmpOff();
      case STATUS_QUERY -> new Message.StatusQuery();
      case FAULT_DETAIL_QUERY -> new Message.FaultDetailQuery();
      case PLAY_LOG_QUERY -> playLogQuery(fields);
      default -> throw new IllegalArgumentException(type + " is not sent through the API");
    };
  }

  private static Message.Play play(JsonFields fields) {
    SourceKind source = fields.optionalEnum("source", SourceKind.class).orElse(SourceKind.TEXT);
    String text = fields.optionalText("text", Message.Play.MAX_SOURCE_TEXT).orElse("");
    if (source == SourceKind.STREAM && !text.isEmpty()) {
      throw ClientError.badRequest("'text' must be absent for source STREAM");
    }
    if (source != SourceKind.STREAM && text.isEmpty()) {
      throw ClientError.badRequest(
          "'text' is required for source "
              + source
              + (source == SourceKind.TEXT
                  ? " (the words to speak)"
                  : source == SourceKind.URL ? " (the http(s) URL)" : " (the clip name)"));
    }
    long start = micros(fields, "startTime", 0);
    long end = micros(fields, "endTime", 0);
    return new Message.Play(
        0,
        (int) fields.integer("priority", 0, 255, DEFAULT_PRIORITY),
        (int) fields.integer("alertLevel", 0, 4, 0),
        fields.optionalEnum("alertClass", AlertClass.class).orElse(AlertClass.DAILY),
        source,
        fields.integer("streamId", 0, U32_MAX, 0),
        start,
        end,
        (int) fields.integer("volume", 0, 100, Message.Play.KEEP_VOLUME),
        (int) fields.integer("repeats", 0, 255, DEFAULT_REPEATS),
        text);
  }

  private static Message.PlayLogQuery playLogQuery(JsonFields fields) {
    long from = micros(fields, "from", 0);
    // No 'to': everything up to now and beyond (u64 maximum on the wire).
    long to = micros(fields, "to", -1L);
    if (to != -1L && Long.compareUnsigned(to, from) < 0) {
      throw ClientError.badRequest("'to' must not be before 'from'");
    }
    int max = Message.PlayLogReport.MAX_ENTRIES;
    return new Message.PlayLogQuery(from, to, (int) fields.integer("maxEntries", 1, max, max));
  }

  /** An optional instant as microseconds since the epoch (protocol time), or the default. */
  private static long micros(JsonFields fields, String name, long otherwise) {
    Instant at = fields.optionalInstant(name).orElse(null);
    if (at == null) {
      return otherwise;
    }
    if (at.isBefore(Instant.EPOCH)) {
      throw ClientError.badRequest("'" + name + "' must not be before 1970-01-01T00:00:00Z");
    }
    try {
      return Math.addExact(
          Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
    } catch (ArithmeticException tooFar) {
      throw ClientError.badRequest("'" + name + "' is too far in the future");
    }
  }

  /** "Invalid 'alert level': level 0 ..." as "invalid 'alertLevel': level 0 ...". */
  static String apiMessage(ProtocolException refused) {
    String field = API_NAMES.getOrDefault(refused.field(), refused.field());
    String message = refused.getMessage();
    int detail = message.indexOf("': ");
    return "invalid '" + field + "'" + (detail < 0 ? "" : ": " + message.substring(detail + 3));
  }

  /** Every field of every type: step 2 refuses only names that no command type takes. */
  private static Set<String> allFields() {
    return Stream.concat(COMMON.stream(), FIELDS.values().stream().flatMap(Set::stream))
        .collect(Collectors.toSet());
  }
}
