package org.villagecast.controller.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** What an endpoint answers: a status and a body of some content type (none for 204). */
record Reply(int status, String contentType, Buffer body) {
  static final String JSON = "application/json; charset=utf-8";

  static Reply ok(JsonObject body) {
    return json(200, body);
  }

  static Reply created(JsonObject body) {
    return json(201, body);
  }

  static Reply accepted(JsonObject body) {
    return json(202, body);
  }

  static Reply noContent() {
    return new Reply(204, null, null);
  }

  static Reply json(int status, JsonObject body) {
    return new Reply(status, JSON, body.toBuffer());
  }

  static Reply text(String contentType, Buffer body) {
    return new Reply(200, contentType, body);
  }

  /** The error body of the API: {@code {"error": {"code": "...", "message": "..."}}}. */
  static JsonObject error(String code, String message) {
    return new JsonObject()
        .put("error", new JsonObject().put("code", code).put("message", message));
  }
}
