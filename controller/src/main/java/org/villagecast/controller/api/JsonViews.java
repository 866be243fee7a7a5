package org.villagecast.controller.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.villagecast.controller.auth.Session;
import org.villagecast.controller.auth.User;
import org.villagecast.controller.delivery.Command;
import org.villagecast.controller.delivery.CommandReport;
import org.villagecast.controller.delivery.Delivery;
import org.villagecast.controller.delivery.DeliveryState;
import org.villagecast.controller.delivery.Targets;
import org.villagecast.controller.registry.Alarm;
import org.villagecast.controller.registry.AlarmKind;
import org.villagecast.controller.registry.Area;
import org.villagecast.controller.registry.Group;
import org.villagecast.controller.registry.StatusRecord;
import org.villagecast.controller.registry.Terminal;
import org.villagecast.controller.registry.TerminalStatus;
import org.villagecast.controller.registry.TerminalView;
import org.villagecast.controller.store.AuditEntry;

/**
 * The JSON the API answers with, written out field by field so nothing leaks by accident (a
 * password hash) and renaming a Java field does not silently change the API. Instants are ISO-8601
 * strings in UTC; absent values are JSON null.
 */
final class JsonViews {
  private JsonViews() {}

  static <T> JsonArray array(Collection<T> items, Function<T, Object> view) {
    JsonArray array = new JsonArray();
    items.forEach(item -> array.add(view.apply(item)));
    return array;
  }

  static JsonObject terminal(TerminalView view) {
    Terminal t = view.terminal();
    TerminalStatus s = view.status();
    return new JsonObject()
        .put("resourceCode", t.resourceCode())
        .put("areaCode", t.areaCode())
        .put("link", t.link().name())
        .put("gateway", t.gateway())
        .put("name", t.name())
        .put("location", t.location())
        .put("approval", t.approval().name())
        .put("online", s.online())
        .put("firstSeen", instant(t.firstSeen()))
        .put("acceptedAt", instant(t.acceptedAt()))
        .put("heartbeatSeconds", t.heartbeatSeconds())
        .put("status", status(s))
        .put("groups", new JsonArray(view.groups().stream().sorted().map(g -> (Object) g).toList()))
        .put(
            "openAlarms",
            new JsonArray(view.openAlarms().stream().map(k -> (Object) k.name()).toList()));
  }

  static JsonObject status(TerminalStatus s) {
    return new JsonObject()
        .put("lastSeen", instant(s.lastSeen()))
        .put("state", s.state())
        .put("faultFlags", s.faultFlags())
        .put("faults", faults(s.faultFlags()))
        .put("volume", s.volume() < 0 ? null : s.volume())
        .put("amplifierOn", s.amplifierOn())
        .put("playingBroadcast", s.playingBroadcast() == 0 ? null : s.playingBroadcast())
        .put("amplifierDeciCelsius", s.amplifierDeciCelsius())
        .put("supplyMillivolts", s.supplyMillivolts())
        .put("lineState", s.lineState())
        .put("signalDbm", s.signalDbm())
        .put("firmware", s.firmware())
        .put("protocolVersion", s.protocolVersion() == 0 ? null : s.protocolVersion())
        .put("changedAt", instant(s.changedAt()));
  }

  /** The names of the alarm kinds whose fault flag is set. */
  static JsonArray faults(int flags) {
    JsonArray names = new JsonArray();
    for (AlarmKind kind : AlarmKind.values()) {
      if (kind.faultFlag != 0 && (flags & kind.faultFlag) != 0) {
        names.add(kind.name());
      }
    }
    return names;
  }

  static JsonObject history(StatusRecord r) {
    return new JsonObject()
        .put("at", instant(r.at()))
        .put("online", r.online())
        .put("state", r.state())
        .put("faultFlags", r.faultFlags())
        .put("faults", faults(r.faultFlags()));
  }

  static JsonObject area(Area area) {
    return new JsonObject()
        .put("code", area.code())
        .put("name", area.name())
        .put("parentCode", area.parentCode());
  }

  static JsonObject group(Group group) {
    return new JsonObject()
        .put("number", group.number())
        .put("name", group.name())
        .put("areas", sortedStrings(group.areaCodes()))
        .put("terminals", sortedStrings(group.terminals()));
  }

  static JsonObject alarm(Alarm alarm) {
    return new JsonObject()
        .put("id", alarm.id())
        .put("resourceCode", alarm.resourceCode())
        .put("kind", alarm.kind().name())
        .put("open", alarm.open())
        .put("raisedAt", instant(alarm.raisedAt()))
        .put("clearedAt", instant(alarm.clearedAt()))
        .put("detail", alarm.detail());
  }

  static JsonObject targets(Targets targets) {
    return new JsonObject()
        .put("areas", new JsonArray(List.copyOf(targets.areas())))
        .put("groups", new JsonArray(List.copyOf(targets.groups())))
        .put("terminals", new JsonArray(List.copyOf(targets.terminals())));
  }

  static JsonObject command(Command c) {
    return new JsonObject()
        .put("id", c.id())
        .put("type", c.type())
        .put("parameters", parameters(c.parameters()))
        .put("targets", targets(c.targets()))
        .put("requestedBy", c.requestedBy())
        .put("createdAt", instant(c.createdAt()))
        .put("deadline", instant(c.deadline()))
        .put("targetCount", c.targetCount())
        .put("closed", c.closed());
  }

  /** Every delivery state with its count, zeros included, so clients need not guess keys. */
  static JsonObject counts(Map<DeliveryState, Integer> counts) {
    JsonObject json = new JsonObject();
    for (DeliveryState state : DeliveryState.values()) {
      Integer n = counts == null ? null : counts.get(state);
      json.put(state.name(), n == null ? 0 : n);
    }
    return json;
  }

  static JsonObject report(CommandReport report) {
    return new JsonObject()
        .put("command", command(report.command()))
        .put("counts", counts(report.counts()))
        .put(
            "deliveries",
            array(
                report.deliveries().stream()
                    .sorted(Comparator.comparing(Delivery::resourceCode))
                    .toList(),
                JsonViews::delivery));
  }

  static JsonObject delivery(Delivery d) {
    return new JsonObject()
        .put("resourceCode", d.resourceCode())
        .put("state", d.state().name())
        .put("attempts", d.attempts())
        .put("sentAt", instant(d.sentAt()))
        .put("acknowledgedAt", instant(d.acknowledgedAt()))
        .put("startedAt", instant(d.startedAt()))
        .put("finishedAt", instant(d.finishedAt()))
        .put("detail", d.detail());
  }

  /** A user as others see them: never the password hash. */
  static JsonObject user(User user) {
    return new JsonObject()
        .put("name", user.name())
        .put("role", user.role().name())
        .put("areaScopes", sortedStrings(user.areaScopes()))
        .put("createdAt", instant(user.createdAt()));
  }

  static JsonObject session(Session session) {
    User user = session.user();
    return new JsonObject()
        .put("token", session.token())
        .put(
            "user",
            new JsonObject()
                .put("name", user.name())
                .put("role", user.role().name())
                .put("areaScopes", sortedStrings(user.areaScopes())))
        .put("expiresAt", instant(session.expiresAt()));
  }

  static JsonObject audit(AuditEntry e) {
    return new JsonObject()
        .put("sequence", e.sequence())
        .put("at", instant(e.at()))
        .put("actor", e.actor())
        .put("action", e.action())
        .put("subject", e.subject())
        .put("detail", e.detail())
        .put("previousHash", e.previousHash())
        .put("hash", e.hash());
  }

  private static Object parameters(String text) {
    if (text == null) {
      return null;
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException notAnObject) {
      return text;
    }
  }

  private static JsonArray sortedStrings(Collection<String> values) {
    return new JsonArray(values.stream().sorted().map(v -> (Object) v).toList());
  }

  private static String instant(Instant at) {
    return at == null ? null : at.toString();
  }
}
