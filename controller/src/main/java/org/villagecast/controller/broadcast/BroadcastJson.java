package org.villagecast.controller.broadcast;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.villagecast.controller.delivery.Targets;

/** A {@link BroadcastRequest} as JSON, for its record and the API's views. */
public final class BroadcastJson {
  private BroadcastJson() {}

  public static JsonObject write(BroadcastRequest r) {
    JsonObject json =
        new JsonObject()
            .put("title", r.title())
            .put("programme", ProgrammeJson.write(r.programme()))
            .put("targets", targets(r.targets()))
            .put("priority", r.priority().fileName())
            .put("alertClass", r.alertClass().name())
            .put("alertLevel", r.alertLevel())
            .put("volume", r.volume())
            .put("origin", r.origin());
    if (r.startAt() != null) {
      json.put("startAt", r.startAt().toString());
    }
    if (r.window() != null) {
      json.put("windowSeconds", r.window().toMillis() / 1000.0);
    }
    return json;
  }

  public static JsonObject targets(Targets t) {
    return new JsonObject()
        .put("areas", new JsonArray(t.areas()))
        .put("groups", new JsonArray(t.groups()))
        .put("terminals", new JsonArray(t.terminals()));
  }
}
