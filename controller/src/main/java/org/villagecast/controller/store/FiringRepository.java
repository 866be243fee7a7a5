package org.villagecast.controller.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.villagecast.controller.scheduling.Firing;
import org.villagecast.controller.scheduling.FiringState;
import org.villagecast.controller.scheduling.OccurrenceKey;

/**
 * The firing records of schedules (table {@code schedule_firing}) and the scheduler's alive marks
 * (table {@code scheduler_alive}). Blocking; safe from any thread and from several hubs at once.
 *
 * <p>{@link #claim} is the only way a row comes to be: an INSERT that fails on the unique key
 * (schedule, occurrence) when any hub has recorded that occurrence before. Whoever's insert
 * succeeds owns the occurrence; everyone else leaves it alone.
 */
public final class FiringRepository {
  private static final String COLUMNS =
      "id, schedule_id, occurrence_us, state, start_at_us, broadcast_id, terminals, reason,"
          + " recorded_us, updated_us";

  /** Reasons are free text; longer ones are cut to fit the column. */
  static final int MAX_REASON = 100_000;

  private final Database db;

  public FiringRepository(Database db) {
    this.db = db;
  }

  /**
   * Inserts the record if no record of its occurrence exists; returns it as stored (with its id),
   * or empty when the occurrence was recorded already (by this hub before a restart, or by
   * another).
   */
  public Optional<Firing> claim(Firing firing) {
    Instant at = Columns.instant(Columns.micros(firing.recordedAt()));
    return db.autoCommit(
        "record " + firing.state() + " for " + firing.key(),
        c -> {
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO schedule_firing (schedule_id, occurrence_us, state, start_at_us,"
                      + " broadcast_id, terminals, reason, recorded_us, updated_us)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  new String[] {"id"})) {
            insert.setString(1, firing.scheduleId());
            Columns.setInstant(insert, 2, firing.occurrence());
            insert.setString(3, firing.state().name());
            Columns.setInstant(insert, 4, firing.startAt());
            setLong(insert, 5, firing.broadcastId());
            insert.setInt(6, firing.terminals());
            insert.setString(7, cut(firing.reason()));
            Columns.setInstant(insert, 8, at);
            Columns.setInstant(insert, 9, at);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
              keys.next();
              return Optional.of(
                  new Firing(
                      keys.getLong(1),
                      firing.scheduleId(),
                      Columns.instant(Columns.micros(firing.occurrence())),
                      firing.state(),
                      firing.startAt() == null
                          ? null
                          : Columns.instant(Columns.micros(firing.startAt())),
                      firing.broadcastId(),
                      firing.terminals(),
                      cut(firing.reason()),
                      at,
                      at));
            }
          } catch (SQLException e) {
            if (Database.isUniqueViolation(e)) {
              return Optional.empty();
            }
            throw e;
          }
        });
  }

  /**
   * Settles a CLAIMED record: FIRED with its broadcast, or FAILED. Returns false when the record is
   * not CLAIMED (nothing is changed then).
   */
  public boolean settle(
      OccurrenceKey key, FiringState state, Long broadcastId, String reason, Instant at) {
    if (state == FiringState.CLAIMED) {
      throw new IllegalArgumentException("settle to a final state, not CLAIMED");
    }
    return db.autoCommit(
        "record " + state + " for " + key,
        c -> {
          try (PreparedStatement update =
              c.prepareStatement(
                  "UPDATE schedule_firing SET state = ?, broadcast_id = ?, reason = ?,"
                      + " updated_us = ? WHERE schedule_id = ? AND occurrence_us = ?"
                      + " AND state = 'CLAIMED'")) {
            update.setString(1, state.name());
            setLong(update, 2, broadcastId);
            update.setString(3, cut(reason));
            Columns.setInstant(update, 4, at);
            update.setString(5, key.scheduleId());
            Columns.setInstant(update, 6, key.occurrence());
            return update.executeUpdate() == 1;
          }
        });
  }

  /**
   * Records FAILED, with {@code reason}, the FIRED occurrences whose broadcast was cut off by a
   * restart of the hub (their audio stopped, or never went out). Returns how many.
   */
  public int cutOff(List<Long> broadcastIds, String reason, Instant at) {
    if (broadcastIds.isEmpty()) {
      return 0;
    }
    return db.autoCommit(
        "record broadcasts cut off by a restart",
        c -> {
          int changed = 0;
          try (PreparedStatement update =
              c.prepareStatement(
                  "UPDATE schedule_firing SET state = 'FAILED', reason = ?, updated_us = ?"
                      + " WHERE broadcast_id = ? AND state = 'FIRED'")) {
            for (long id : broadcastIds) {
              update.setString(1, cut(reason));
              Columns.setInstant(update, 2, at);
              update.setLong(3, id);
              changed += update.executeUpdate();
            }
          }
          return changed;
        });
  }

  /** The record of one occurrence, if any. */
  public Optional<Firing> find(OccurrenceKey key) {
    return db.autoCommit(
        "read the firing of " + key,
        c -> {
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM schedule_firing WHERE schedule_id = ? AND occurrence_us = ?")) {
            select.setString(1, key.scheduleId());
            Columns.setInstant(select, 2, key.occurrence());
            List<Firing> found = read(select);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
          }
        });
  }

  /** The occurrences in {@code [from, to)} that have a record, whatever its state. */
  public Set<OccurrenceKey> recordedBetween(Instant from, Instant to) {
    return db.autoCommit(
        "read the firings from " + from + " to " + to,
        c -> {
          Set<OccurrenceKey> keys = new HashSet<>();
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT schedule_id, occurrence_us FROM schedule_firing"
                      + " WHERE occurrence_us >= ? AND occurrence_us < ?")) {
            Columns.setInstant(select, 1, from);
            Columns.setInstant(select, 2, to);
            select.setFetchSize(1000);
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                keys.add(
                    new OccurrenceKey(
                        rows.getString("schedule_id"), Columns.getInstant(rows, "occurrence_us")));
              }
            }
          }
          return keys;
        });
  }

  /**
   * Records by occurrence in {@code [from, to)}, newest occurrence first, optionally of one
   * schedule and one state.
   */
  public List<Firing> between(
      Instant from, Instant to, String scheduleId, FiringState state, int limit) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(COLUMNS)
            .append(" FROM schedule_firing WHERE occurrence_us >= ? AND occurrence_us < ?");
    if (scheduleId != null) {
      sql.append(" AND schedule_id = ?");
    }
    if (state != null) {
      sql.append(" AND state = ?");
    }
    sql.append(" ORDER BY occurrence_us DESC, id DESC FETCH FIRST ")
        .append(Columns.limit(limit))
        .append(" ROWS ONLY");
    return db.autoCommit(
        "read the firings from " + from + " to " + to,
        c -> {
          try (PreparedStatement select = c.prepareStatement(sql.toString())) {
            int i = 1;
            Columns.setInstant(select, i++, from);
            Columns.setInstant(select, i++, to);
            if (scheduleId != null) {
              select.setString(i++, scheduleId);
            }
            if (state != null) {
              select.setString(i, state.name());
            }
            return read(select);
          }
        });
  }

  /** Records still CLAIMED: left by a hub that stopped while starting them. */
  public List<Firing> claimed() {
    return db.autoCommit(
        "read the unsettled firings",
        c -> {
          try (PreparedStatement select =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM schedule_firing WHERE state = 'CLAIMED' ORDER BY occurrence_us")) {
            return read(select);
          }
        });
  }

  /** Notes that the scheduler of {@code hub} runs at {@code at}. */
  public void markAlive(String hub, Instant at) {
    db.upsert(
        "note that the scheduler runs",
        c -> {
          try (PreparedStatement update =
              c.prepareStatement("UPDATE scheduler_alive SET alive_us = ? WHERE hub = ?")) {
            Columns.setInstant(update, 1, at);
            update.setString(2, hub);
            if (update.executeUpdate() == 1) {
              return null;
            }
          }
          try (PreparedStatement insert =
              c.prepareStatement("INSERT INTO scheduler_alive (hub, alive_us) VALUES (?, ?)")) {
            insert.setString(1, hub);
            Columns.setInstant(insert, 2, at);
            insert.executeUpdate();
          }
          return null;
        });
  }

  /** The newest alive mark of any hub's scheduler, empty before the first. */
  public Optional<Instant> lastAlive() {
    return db.autoCommit(
        "read when the scheduler last ran",
        c -> {
          try (PreparedStatement select =
                  c.prepareStatement("SELECT MAX(alive_us) AS alive_us FROM scheduler_alive");
              ResultSet rows = select.executeQuery()) {
            rows.next();
            return Optional.ofNullable(Columns.getInstant(rows, "alive_us"));
          }
        });
  }

  private static List<Firing> read(PreparedStatement select) throws SQLException {
    List<Firing> out = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        long broadcast = rows.getLong("broadcast_id");
        Long broadcastId = rows.wasNull() ? null : broadcast;
        out.add(
            new Firing(
                rows.getLong("id"),
                rows.getString("schedule_id"),
                Columns.getInstant(rows, "occurrence_us"),
                Columns.getEnum(rows, "state", FiringState.class),
                Columns.getInstant(rows, "start_at_us"),
                broadcastId,
                rows.getInt("terminals"),
                rows.getString("reason"),
                Columns.getInstant(rows, "recorded_us"),
                Columns.getInstant(rows, "updated_us")));
      }
    }
    return out;
  }

  private static void setLong(PreparedStatement statement, int index, Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, java.sql.Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  private static String cut(String reason) {
    return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
  }
}
