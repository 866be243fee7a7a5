package org.villagecast.controller.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.villagecast.controller.ClientError;

/**
 * Strict reading of a JSON request body: unknown fields are refused, types are not coerced ("5" is
 * not an integer, 5.0 is not an integer), and every refusal is a BAD_REQUEST naming the field by
 * its full path ({@code 'targets.areas[2]'}).
 */
final class JsonFields {
  /** Longest text echoed back in an error message. */
  private static final int ECHO = 40;

  private final JsonObject json;
  private final String prefix;

  private JsonFields(JsonObject json, String prefix) {
    this.json = json;
    this.prefix = prefix;
  }

  /** Parses a request body that must be one JSON object. */
  static JsonObject parseObject(Buffer body) {
    Object value;
    try {
      value = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw ClientError.badRequest("body is not valid JSON: " + describe(e));
    }
    if (!(value instanceof JsonObject object)) {
      throw ClientError.badRequest("body must be a JSON object");
    }
    return object;
  }

  /** The fields of an object, refusing any not in {@code allowed}. */
  static JsonFields of(JsonObject json, Set<String> allowed) {
    return new JsonFields(json, "").only(allowed);
  }

  private JsonFields only(Set<String> allowed) {
    for (String name : json.fieldNames()) {
      if (!allowed.contains(name)) {
        throw ClientError.badRequest(
            "unknown field '"
                + echo(prefix + name)
                + "'"
                + (allowed.isEmpty()
                    ? ": this request takes no fields"
                    : "; expected " + allowed.stream().sorted().collect(Collectors.joining(", "))));
      }
    }
    return this;
  }

  JsonObject json() {
    return json;
  }

  boolean has(String name) {
    return json.containsKey(name);
  }

  /** Present and JSON null. */
  boolean isNull(String name) {
    return json.containsKey(name) && json.getValue(name) == null;
  }

  // ---------------------------------------------------------------- text

  /** A required string of 1 to {@code maxLength} characters without control characters. */
  String text(String name, int maxLength) {
    return optionalText(name, maxLength)
        .orElseThrow(() -> ClientError.badRequest("'" + path(name) + "' is required"));
  }

  /** An optional string (absent or null: empty) of up to {@code maxLength} characters. */
  Optional<String> optionalText(String name, int maxLength) {
    Object value = json.getValue(name);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String text)) {
      throw ClientError.badRequest("'" + path(name) + "' must be a string");
    }
    checkText(path(name), text, maxLength);
    return Optional.of(text);
  }

  /** A required string matching a rule, e.g. a resource code. */
  String code(String name, Predicate<String> valid, String rule) {
    String text = text(name, 200);
    if (!valid.test(text)) {
      throw ClientError.badRequest("'" + path(name) + "' must be " + rule);
    }
    return text;
  }

  private static void checkText(String path, String text, int maxLength) {
    if (text.isEmpty()) {
      throw ClientError.badRequest("'" + path + "' must not be empty");
    }
    if (text.length() > maxLength) {
      throw ClientError.badRequest("'" + path + "' must be at most " + maxLength + " characters");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        throw ClientError.badRequest("'" + path + "' must not contain control characters");
      }
    }
  }

  /** A required value among the enum's constant names. */
  <E extends Enum<E>> E enumValue(String name, Class<E> type) {
    return optionalEnum(name, type)
        .orElseThrow(() -> ClientError.badRequest("'" + path(name) + "' is required"));
  }

  /** An optional value among the enum's constant names. */
  <E extends Enum<E>> Optional<E> optionalEnum(String name, Class<E> type) {
    Object value = json.getValue(name);
    if (value == null) {
      return Optional.empty();
    }
    String names =
        Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    if (value instanceof String text) {
      for (E constant : type.getEnumConstants()) {
        if (constant.name().equals(text)) {
          return Optional.of(constant);
        }
      }
    }
    throw ClientError.badRequest("'" + path(name) + "' must be one of " + names);
  }

  /** An optional ISO-8601 instant such as {@code 2025-05-01T08:00:00Z}. */
  Optional<Instant> optionalInstant(String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof String text && text.length() <= 64) {
      try {
        return Optional.of(Instant.parse(text));
      } catch (DateTimeParseException notAnInstant) {
        // answered below
      }
    }
    throw ClientError.badRequest(
        "'" + path(name) + "' must be an ISO-8601 instant such as 2025-05-01T08:00:00Z");
  }

  // ---------------------------------------------------------------- numbers and booleans

  /** A required integer in [min, max]. */
  long integer(String name, long min, long max) {
    Object value = json.getValue(name);
    if (value == null) {
      throw ClientError.badRequest("'" + path(name) + "' is required");
    }
    return integerValue(path(name), value, min, max);
  }

  /** An optional integer in [min, max], {@code otherwise} when absent or null. */
  long integer(String name, long min, long max, long otherwise) {
    Object value = json.getValue(name);
    return value == null ? otherwise : integerValue(path(name), value, min, max);
  }

  private static long integerValue(String path, Object value, long min, long max) {
    long number;
    if (value instanceof Integer || value instanceof Long) {
      number = ((Number) value).longValue();
    } else if (value instanceof BigInteger big) {
      // Beyond a long: certainly outside every range the API accepts.
      number = big.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    } else {
      throw ClientError.badRequest("'" + path + "' must be an integer");
    }
    if (number < min || number > max) {
      throw ClientError.badRequest("'" + path + "' must be between " + min + " and " + max);
    }
    return number;
  }

  /** An optional boolean, {@code otherwise} when absent or null. */
  boolean bool(String name, boolean otherwise) {
    Object value = json.getValue(name);
    if (value == null) {
      return otherwise;
    }
    if (!(value instanceof Boolean b)) {
      throw ClientError.badRequest("'" + path(name) + "' must be true or false");
    }
    return b;
  }

  // ---------------------------------------------------------------- arrays and objects

  /**
   * An optional array (absent or null: empty) of up to {@code maxItems} strings each passing {@code
   * valid}; duplicates are dropped, order kept.
   */
  List<String> codes(String name, int maxItems, Predicate<String> valid, String rule) {
    JsonArray array = array(name, maxItems);
    Set<String> codes = new LinkedHashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String item = path(name) + "[" + i + "]";
      Object value = array.getValue(i);
      if (!(value instanceof String text)) {
        throw ClientError.badRequest("'" + item + "' must be a string");
      }
      if (!valid.test(text)) {
        throw ClientError.badRequest("'" + item + "' must be " + rule);
      }
      codes.add(text);
    }
    return List.copyOf(codes);
  }

  /** An optional array (absent or null: empty) of up to {@code maxItems} integers in a range. */
  List<Long> integers(String name, int maxItems, long min, long max) {
    JsonArray array = array(name, maxItems);
    Set<Long> numbers = new LinkedHashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String item = path(name) + "[" + i + "]";
      Object value = array.getValue(i);
      if (value == null) {
        throw ClientError.badRequest("'" + item + "' must be an integer");
      }
      numbers.add(integerValue(item, value, min, max));
    }
    return new ArrayList<>(numbers);
  }

  private JsonArray array(String name, int maxItems) {
    Object value = json.getValue(name);
    if (value == null) {
      return new JsonArray();
    }
    if (!(value instanceof JsonArray array)) {
      throw ClientError.badRequest("'" + path(name) + "' must be an array");
    }
    if (array.size() > maxItems) {
      throw ClientError.badRequest("'" + path(name) + "' may hold at most " + maxItems + " items");
    }
    return array;
  }

  /** A required nested object, its own fields limited to {@code allowed}. */
  JsonFields object(String name, Set<String> allowed) {
    Object value = json.getValue(name);
    if (value == null) {
      throw ClientError.badRequest("'" + path(name) + "' is required");
    }
    if (!(value instanceof JsonObject object)) {
      throw ClientError.badRequest("'" + path(name) + "' must be an object");
    }
    return new JsonFields(object, path(name) + ".").only(allowed);
  }

  /** The full path of a field, for messages. */
  String path(String name) {
    return prefix + name;
  }

  /** A text shortened for an error message. */
  static String echo(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(ECHO)
        .forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
    return text.codePointCount(0, text.length()) > ECHO ? out + "…" : out.toString();
  }

  /** Jackson's reason without the echo of the whole source that it appends. */
  private static String describe(DecodeException e) {
    Throwable cause = e.getCause();
    if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException jackson) {
      String reason = withoutSource(jackson.getOriginalMessage());
      com.fasterxml.jackson.core.JsonLocation at = jackson.getLocation();
      if (at != null) {
        reason += " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      }
      return echo200(reason);
    }
    String message = e.getMessage() == null ? "unreadable" : e.getMessage();
    int source = message.indexOf("\n at [Source");
    return echo200(source < 0 ? message : message.substring(0, source));
  }

  /** Drops Jackson's "(start marker at [Source: ...; line: 1, column: 1])" asides. */
  private static String withoutSource(String reason) {
    String text = reason == null ? "unreadable" : reason;
    for (int source = text.indexOf("[Source:"); source >= 0; source = text.indexOf("[Source:")) {
      int open = text.lastIndexOf(" (", source);
      int close = text.indexOf("])", source);
      if (open < 0 || close < 0) {
        return text.substring(0, source).trim();
      }
      text = text.substring(0, open) + text.substring(close + 2);
    }
    return text;
  }

  private static String echo200(String text) {
    String oneLine = text.replaceAll("\\p{Cntrl}", " ");
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
  }
}
