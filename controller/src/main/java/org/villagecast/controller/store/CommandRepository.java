package org.villagecast.controller.store;

import static org.villagecast.controller.store.Columns.getEnum;
import static org.villagecast.controller.store.Columns.getInstant;
import static org.villagecast.controller.store.Columns.setInstant;
import static org.villagecast.controller.store.Columns.setText;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.villagecast.controller.delivery.Command;
import org.villagecast.controller.delivery.Delivery;
import org.villagecast.controller.delivery.DeliveryState;
import org.villagecast.controller.delivery.Targets;

/**
 * Commands and their per-terminal deliveries (tables {@code command}, {@code delivery}). Targets
 * are stored as JSON text {@code {"areas":[…],"groups":[…],"terminals":[…]}}. Blocking; safe from
 * any thread.
 */
public final class CommandRepository {
  private static final String COLUMNS =
      "id, type, parameters, targets, requested_by, created_at_us, deadline_us, target_count,"
          + " closed";
  private static final String DELIVERY_COLUMNS =
      "command_id, resource_code, state, attempts, sent_at_us, acknowledged_at_us,"
          + " started_at_us, finished_at_us, detail";

  private static final Upsert<Delivery> DELIVERY_UPSERT =
      new Upsert<>(
          "delivery",
          List.of("command_id", "resource_code"),
          List.of(
              "state",
              "attempts",
              "sent_at_us",
              "acknowledged_at_us",
              "started_at_us",
              "finished_at_us",
              "detail"),
          (statement, d) -> {
            statement.setString(1, d.state().name());
            statement.setInt(2, d.attempts());
            setInstant(statement, 3, d.sentAt());
            setInstant(statement, 4, d.acknowledgedAt());
            setInstant(statement, 5, d.startedAt());
            setInstant(statement, 6, d.finishedAt());
            setText(statement, 7, d.detail());
            statement.setLong(8, d.commandId());
            statement.setString(9, d.resourceCode());
          });

  private static final Comparator<Delivery> BY_KEY =
      Comparator.comparingLong(Delivery::commandId).thenComparing(Delivery::resourceCode);

  private final Database db;

  public CommandRepository(Database db) {
    this.db = db;
  }

  /** Stores a new command; fails if its id is taken. */
  public void insert(Command command) {
    db.transaction(
        "store command " + command.id(),
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement(
                  "INSERT INTO command (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            statement.setLong(1, command.id());
            statement.setString(2, command.type());
            setText(statement, 3, command.parameters());
            statement.setString(4, encode(command.targets()));
            statement.setString(5, command.requestedBy());
            setInstant(statement, 6, command.createdAt());
            setInstant(statement, 7, command.deadline());
            statement.setInt(8, command.targetCount());
            statement.setBoolean(9, command.closed());
            statement.executeUpdate();
          }
          return null;
        });
  }

  /** Marks a command closed (every delivery final); a missing id changes nothing. */
  public void markClosed(long commandId) {
    db.autoCommit(
        "close command " + commandId,
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement("UPDATE command SET closed = TRUE WHERE id = ?")) {
            statement.setLong(1, commandId);
            return statement.executeUpdate();
          }
        });
  }

  public Optional<Command> find(long commandId) {
    return db.autoCommit(
        "read command " + commandId,
        c -> {
          List<Command> found =
              query(c, "SELECT " + COLUMNS + " FROM command WHERE id = ?", commandId);
          return found.stream().findFirst();
        });
  }

  /** Commands not closed yet, by id: what the delivery tracker resumes after a restart. */
  public List<Command> open() {
    return db.autoCommit(
        "read open commands",
        c -> query(c, "SELECT " + COLUMNS + " FROM command WHERE closed = FALSE ORDER BY id"));
  }

  /** The {@code limit} most recently created commands, newest first. */
  public List<Command> recent(int limit) {
    Columns.limit(limit);
    return db.autoCommit(
        "read recent commands",
        c ->
            query(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM command ORDER BY created_at_us DESC, id DESC"
                    + " FETCH FIRST ? ROWS ONLY",
                limit));
  }

  /** The highest command id stored, or 0: the hub continues above it after a restart. */
  public long maxId() {
    return db.autoCommit(
        "read the highest command id",
        c -> {
          try (PreparedStatement statement =
                  c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM command");
              ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
          }
        });
  }

  /**
   * Inserts or updates deliveries by (command id, resource code), in one transaction of JDBC
   * batches; of several for the same key, the last one counts.
   */
  public void saveDeliveries(Collection<Delivery> deliveries) {
    if (deliveries.isEmpty()) {
      return;
    }
    Map<String, Delivery> latest = new LinkedHashMap<>();
    for (Delivery d : deliveries) {
      latest.put(d.commandId() + "/" + d.resourceCode(), d);
    }
    List<Delivery> sorted = new ArrayList<>(latest.values());
    // One lock order for hubs writing the same rows: no deadlock between them.
    sorted.sort(BY_KEY);
    db.upsert(
        "save " + sorted.size() + " deliveries",
        c -> {
          int from = 0;
          while (from < sorted.size()) {
            long commandId = sorted.get(from).commandId();
            int to = from;
            while (to < sorted.size() && sorted.get(to).commandId() == commandId) {
              to++;
            }
            List<Delivery> ofCommand = sorted.subList(from, to);
            // A command's first fan-out is all new rows: insert them without an UPDATE each
            // (twice as fast for 10,000). Another hub inserting at the same moment makes the
            // INSERT fail and upsert() retry, and the retry takes the UPDATE path.
            if (hasDeliveries(c, commandId)) {
              DELIVERY_UPSERT.run(c, ofCommand);
            } else {
              DELIVERY_UPSERT.insertAll(c, ofCommand);
            }
            from = to;
          }
          return null;
        });
  }

  private static boolean hasDeliveries(Connection c, long commandId) throws SQLException {
    try (PreparedStatement statement =
        c.prepareStatement("SELECT 1 FROM delivery WHERE command_id = ? FETCH FIRST 1 ROWS ONLY")) {
      statement.setLong(1, commandId);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  /** The deliveries of one command, by resource code. */
  public List<Delivery> deliveries(long commandId) {
    return db.autoCommit(
        "read the deliveries of command " + commandId,
        c -> {
          List<Delivery> found = new ArrayList<>();
          try (PreparedStatement statement =
              c.prepareStatement(
                  "SELECT "
                      + DELIVERY_COLUMNS
                      + " FROM delivery WHERE command_id = ?"
                      + " ORDER BY resource_code")) {
            statement.setLong(1, commandId);
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                found.add(
                    new Delivery(
                        rows.getLong("command_id"),
                        rows.getString("resource_code"),
                        getEnum(rows, "state", DeliveryState.class),
                        rows.getInt("attempts"),
                        getInstant(rows, "sent_at_us"),
                        getInstant(rows, "acknowledged_at_us"),
                        getInstant(rows, "started_at_us"),
                        getInstant(rows, "finished_at_us"),
                        rows.getString("detail")));
              }
            }
          }
          return found;
        });
  }

  private static List<Command> query(Connection c, String sql, long... parameters)
      throws SQLException {
    List<Command> commands = new ArrayList<>();
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setLong(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          commands.add(
              new Command(
                  rows.getLong("id"),
                  rows.getString("type"),
                  rows.getString("parameters"),
                  decode(rows.getLong("id"), rows.getString("targets")),
                  rows.getString("requested_by"),
                  getInstant(rows, "created_at_us"),
                  getInstant(rows, "deadline_us"),
                  rows.getInt("target_count"),
                  rows.getBoolean("closed")));
        }
      }
    }
    return commands;
  }

  static String encode(Targets targets) {
    return new JsonObject()
        .put("areas", new JsonArray(new ArrayList<Object>(targets.areas())))
        .put("groups", new JsonArray(new ArrayList<Object>(targets.groups())))
        .put("terminals", new JsonArray(new ArrayList<Object>(targets.terminals())))
        .encode();
  }

  static Targets decode(long commandId, String json) throws SQLException {
    try {
      JsonObject object = new JsonObject(json);
      List<String> areas = strings(object.getJsonArray("areas", new JsonArray()));
      List<String> terminals = strings(object.getJsonArray("terminals", new JsonArray()));
      List<Long> groups = new ArrayList<>();
      for (Object group : object.getJsonArray("groups", new JsonArray())) {
        groups.add(((Number) group).longValue());
      }
      return new Targets(areas, groups, terminals);
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      throw new SQLException(
          "the targets of command " + commandId + " are not valid JSON: " + json, e);
    }
  }

  private static List<String> strings(JsonArray array) {
    List<String> values = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      values.add(array.getString(i));
    }
    return values;
  }
}
