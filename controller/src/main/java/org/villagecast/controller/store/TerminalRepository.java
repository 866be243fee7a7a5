package org.villagecast.controller.store;

import static org.villagecast.controller.store.Columns.getEnum;
import static org.villagecast.controller.store.Columns.getInstant;
import static org.villagecast.controller.store.Columns.getInteger;
import static org.villagecast.controller.store.Columns.name;
import static org.villagecast.controller.store.Columns.setInstant;
import static org.villagecast.controller.store.Columns.setInteger;
import static org.villagecast.controller.store.Columns.setText;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.villagecast.controller.registry.Approval;
import org.villagecast.controller.registry.LinkKind;
import org.villagecast.controller.registry.StatusRecord;
import org.villagecast.controller.registry.Terminal;
import org.villagecast.controller.registry.TerminalStatus;

/**
 * Terminals: their identity (table {@code terminal}), their latest status ({@code terminal_status},
 * one row each) and their status history ({@code status_history}). Blocking; safe from any thread.
 */
public final class TerminalRepository {
  private static final String TERMINAL_COLUMNS =
      "resource_code, area_code, link, gateway, name, location, approval, first_seen_us,"
          + " accepted_at_us, heartbeat_seconds";
  private static final String STATUS_COLUMNS =
      "resource_code, online, last_seen_us, state, fault_flags, volume, amplifier_on,"
          + " playing_broadcast, amplifier_deci_celsius, supply_millivolts, line_state,"
          + " signal_dbm, firmware, protocol_version, changed_at_us";

  private static final Upsert<Terminal> TERMINAL_UPSERT =
      new Upsert<>(
          "terminal",
          List.of("resource_code"),
          List.of(
              "area_code",
              "link",
              "gateway",
              "name",
              "location",
              "approval",
              "first_seen_us",
              "accepted_at_us",
              "heartbeat_seconds"),
          (statement, t) -> {
            statement.setString(1, t.areaCode());
            statement.setString(2, name(t.link()));
            setText(statement, 3, t.gateway());
            setText(statement, 4, t.name());
            setText(statement, 5, t.location());
            statement.setString(6, name(t.approval()));
            setInstant(statement, 7, t.firstSeen());
            setInstant(statement, 8, t.acceptedAt());
            statement.setInt(9, t.heartbeatSeconds());
            statement.setString(10, t.resourceCode());
          });

  private static final Upsert<Map.Entry<String, TerminalStatus>> STATUS_UPSERT =
      new Upsert<>(
          "terminal_status",
          List.of("resource_code"),
          List.of(
              "online",
              "last_seen_us",
              "state",
              "fault_flags",
              "volume",
              "amplifier_on",
              "playing_broadcast",
              "amplifier_deci_celsius",
              "supply_millivolts",
              "line_state",
              "signal_dbm",
              "firmware",
              "protocol_version",
              "changed_at_us"),
          (statement, entry) -> {
            TerminalStatus s = entry.getValue();
            statement.setBoolean(1, s.online());
            setInstant(statement, 2, s.lastSeen());
            setText(statement, 3, s.state());
            statement.setInt(4, s.faultFlags());
            statement.setInt(5, s.volume());
            statement.setBoolean(6, s.amplifierOn());
            statement.setLong(7, s.playingBroadcast());
            setInteger(statement, 8, s.amplifierDeciCelsius());
            setInteger(statement, 9, s.supplyMillivolts());
            setText(statement, 10, s.lineState());
            setInteger(statement, 11, s.signalDbm());
            setText(statement, 12, s.firmware());
            statement.setInt(13, s.protocolVersion());
            setInstant(statement, 14, s.changedAt());
            statement.setString(15, entry.getKey());
          });

  private final Database db;

  public TerminalRepository(Database db) {
    this.db = db;
  }

  /** Inserts the terminal or replaces what is stored under its resource code. */
  public void save(Terminal terminal) {
    db.upsert(
        "save terminal " + terminal.resourceCode(),
        c -> {
          TERMINAL_UPSERT.run(c, List.of(terminal));
          return null;
        });
  }

  public Optional<Terminal> find(String resourceCode) {
    return db.autoCommit(
        "read terminal " + resourceCode,
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement(
                  "SELECT " + TERMINAL_COLUMNS + " FROM terminal WHERE resource_code = ?")) {
            statement.setString(1, resourceCode);
            try (ResultSet rows = statement.executeQuery()) {
              return rows.next() ? Optional.of(terminal(rows)) : Optional.<Terminal>empty();
            }
          }
        });
  }

  /** Every terminal, by resource code. */
  public List<Terminal> all() {
    return db.autoCommit(
        "read terminals",
        c -> {
          List<Terminal> terminals = new ArrayList<>();
          try (PreparedStatement statement =
                  c.prepareStatement(
                      "SELECT " + TERMINAL_COLUMNS + " FROM terminal ORDER BY resource_code");
              ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              terminals.add(terminal(rows));
            }
          }
          return terminals;
        });
  }

  /** Stores the latest status of each terminal in the map, in one transaction of batches. */
  public void saveStatuses(Map<String, TerminalStatus> statuses) {
    if (statuses.isEmpty()) {
      return;
    }
    // Sorted: hubs sharing a PostgreSQL database then lock the rows in the same order.
    List<Map.Entry<String, TerminalStatus>> sorted =
        new ArrayList<>(new TreeMap<>(statuses).entrySet());
    db.upsert(
        "save " + sorted.size() + " terminal statuses",
        c -> {
          STATUS_UPSERT.run(c, sorted);
          return null;
        });
  }

  /** The latest status of every terminal that has one, by resource code. */
  public Map<String, TerminalStatus> allStatuses() {
    return db.autoCommit(
        "read terminal statuses",
        c -> {
          Map<String, TerminalStatus> statuses = new LinkedHashMap<>();
          try (PreparedStatement statement =
                  c.prepareStatement(
                      "SELECT " + STATUS_COLUMNS + " FROM terminal_status ORDER BY resource_code");
              ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              statuses.put(rows.getString("resource_code"), status(rows));
            }
          }
          return statuses;
        });
  }

  /** Appends status history lines, in one transaction of batches. */
  public void appendHistory(List<StatusRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    db.transaction(
        "append " + records.size() + " status history records",
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement(
                  "INSERT INTO status_history (resource_code, at_us, online, state, fault_flags)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (StatusRecord r : records) {
              statement.setString(1, r.resourceCode());
              setInstant(statement, 2, r.at());
              statement.setBoolean(3, r.online());
              setText(statement, 4, r.state());
              statement.setInt(5, r.faultFlags());
              statement.addBatch();
              if (++pending == Columns.BATCH_CHUNK) {
                statement.executeBatch();
                pending = 0;
              }
            }
            if (pending > 0) {
              statement.executeBatch();
            }
          }
          return null;
        });
  }

  /** The newest {@code limit} history lines of a terminal, newest first. */
  public List<StatusRecord> history(String resourceCode, int limit) {
    Columns.limit(limit);
    return db.autoCommit(
        "read the status history of " + resourceCode,
        c -> {
          List<StatusRecord> records = new ArrayList<>();
          try (PreparedStatement statement =
              c.prepareStatement(
                  "SELECT resource_code, at_us, online, state, fault_flags FROM status_history"
                      + " WHERE resource_code = ? ORDER BY at_us DESC, id DESC"
                      + " FETCH FIRST ? ROWS ONLY")) {
            statement.setString(1, resourceCode);
            statement.setInt(2, limit);
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                records.add(
                    new StatusRecord(
                        rows.getString("resource_code"),
                        getInstant(rows, "at_us"),
                        rows.getBoolean("online"),
                        rows.getString("state"),
                        rows.getInt("fault_flags")));
              }
            }
          }
          return records;
        });
  }

  /** Deletes history lines older than {@code before} (retention); returns how many. */
  public int deleteHistoryBefore(Instant before) {
    return db.autoCommit(
        "delete status history before " + before,
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement("DELETE FROM status_history WHERE at_us < ?")) {
            setInstant(statement, 1, before);
            return statement.executeUpdate();
          }
        });
  }

  private static Terminal terminal(ResultSet rows) throws SQLException {
    return new Terminal(
        rows.getString("resource_code"),
        rows.getString("area_code"),
        getEnum(rows, "link", LinkKind.class),
        rows.getString("gateway"),
        rows.getString("name"),
        rows.getString("location"),
        getEnum(rows, "approval", Approval.class),
        getInstant(rows, "first_seen_us"),
        getInstant(rows, "accepted_at_us"),
        rows.getInt("heartbeat_seconds"));
  }

  private static TerminalStatus status(ResultSet rows) throws SQLException {
    return new TerminalStatus(
        rows.getBoolean("online"),
        getInstant(rows, "last_seen_us"),
        rows.getString("state"),
        rows.getInt("fault_flags"),
        rows.getInt("volume"),
        rows.getBoolean("amplifier_on"),
        rows.getLong("playing_broadcast"),
        getInteger(rows, "amplifier_deci_celsius"),
        getInteger(rows, "supply_millivolts"),
        rows.getString("line_state"),
        getInteger(rows, "signal_dbm"),
        rows.getString("firmware"),
        rows.getInt("protocol_version"),
        getInstant(rows, "changed_at_us"));
  }
}
