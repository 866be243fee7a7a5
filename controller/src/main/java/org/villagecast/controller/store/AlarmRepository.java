package org.villagecast.controller.store;

import static org.villagecast.controller.store.Columns.getEnum;
import static org.villagecast.controller.store.Columns.getInstant;
import static org.villagecast.controller.store.Columns.setInstant;
import static org.villagecast.controller.store.Columns.setText;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.villagecast.controller.registry.Alarm;
import org.villagecast.controller.registry.AlarmKind;

/** Alarms raised and cleared (table {@code alarm}). Blocking; safe from any thread. */
public final class AlarmRepository {
  private static final String COLUMNS =
      "id, resource_code, kind, raised_at_us, cleared_at_us, detail";

  private final Database db;

  public AlarmRepository(Database db) {
    this.db = db;
  }

  /** Stores a new alarm (its id is ignored) and returns it with the id the database gave it. */
  public Alarm insert(Alarm alarm) {
    return db.transaction(
        "store the " + alarm.kind() + " alarm of " + alarm.resourceCode(),
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement(
                  "INSERT INTO alarm (resource_code, kind, raised_at_us, cleared_at_us, detail)"
                      + " VALUES (?, ?, ?, ?, ?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            statement.setString(1, alarm.resourceCode());
            statement.setString(2, alarm.kind().name());
            setInstant(statement, 3, alarm.raisedAt());
            setInstant(statement, 4, alarm.clearedAt());
            setText(statement, 5, alarm.detail());
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
              if (!keys.next()) {
                throw new SQLException("the database returned no id for the new alarm");
              }
              return alarm.withId(keys.getLong("id"));
            }
          }
        });
  }

  /** Writes the clearedAt of stored alarms (matched by id), in one transaction. */
  public void saveCleared(List<Alarm> cleared) {
    if (cleared.isEmpty()) {
      return;
    }
    db.transaction(
        "clear " + cleared.size() + " alarms",
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement("UPDATE alarm SET cleared_at_us = ? WHERE id = ?")) {
            for (Alarm alarm : cleared) {
              setInstant(statement, 1, alarm.clearedAt());
              statement.setLong(2, alarm.id());
              statement.addBatch();
            }
            statement.executeBatch();
          }
          return null;
        });
  }

  /** Alarms not cleared yet, oldest first. */
  public List<Alarm> open() {
    return db.autoCommit(
        "read open alarms",
        c ->
            query(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM alarm WHERE cleared_at_us IS NULL"
                    + " ORDER BY raised_at_us, id",
                -1));
  }

  /** The {@code limit} most recently raised alarms, open or cleared, newest first. */
  public List<Alarm> recent(int limit) {
    Columns.limit(limit);
    return db.autoCommit(
        "read recent alarms",
        c ->
            query(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM alarm ORDER BY raised_at_us DESC, id DESC"
                    + " FETCH FIRST ? ROWS ONLY",
                limit));
  }

  private static List<Alarm> query(Connection c, String sql, int limit) throws SQLException {
    List<Alarm> alarms = new ArrayList<>();
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      if (limit >= 0) {
        statement.setInt(1, limit);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          alarms.add(
              new Alarm(
                  rows.getLong("id"),
                  rows.getString("resource_code"),
                  getEnum(rows, "kind", AlarmKind.class),
                  getInstant(rows, "raised_at_us"),
                  getInstant(rows, "cleared_at_us"),
                  rows.getString("detail")));
        }
      }
    }
    return alarms;
  }
}
