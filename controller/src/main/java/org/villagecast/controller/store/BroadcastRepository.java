package org.villagecast.controller.store;

import static org.villagecast.controller.store.Columns.getEnum;
import static org.villagecast.controller.store.Columns.getInstant;
import static org.villagecast.controller.store.Columns.setInstant;
import static org.villagecast.controller.store.Columns.setText;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.villagecast.controller.broadcast.BroadcastRecord;
import org.villagecast.controller.broadcast.BroadcastState;
import org.villagecast.schedules.Priority;

/** Broadcasts (table {@code broadcast}). Blocking; safe from any thread. */
public final class BroadcastRepository {
  private static final String COLUMNS =
      "id, stream_id, title, origin, priority, request, requested_by, created_at_us, start_at_us,"
          + " ended_at_us, state, detail";

  private final Database db;

  public BroadcastRepository(Database db) {
    this.db = db;
  }

  public void insert(BroadcastRecord b) {
    db.transaction(
        "store broadcast " + b.id(),
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO broadcast ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, b.id());
            s.setLong(2, b.streamId());
            s.setString(3, b.title());
            s.setString(4, b.origin());
            s.setString(5, b.priority().name());
            s.setString(6, b.request());
            s.setString(7, b.requestedBy());
            setInstant(s, 8, b.createdAt());
            setInstant(s, 9, b.startAt());
            setInstant(s, 10, b.endedAt());
            s.setString(11, b.state().name());
            setText(s, 12, b.detail());
            s.executeUpdate();
          }
          return null;
        });
  }

  /** Records how a broadcast ended (or that it was stopped). */
  public void ended(long id, BroadcastState state, String detail, Instant endedAt) {
    db.transaction(
        "record the end of broadcast " + id,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE broadcast SET state = ?, detail = ?, ended_at_us = ? WHERE id = ?")) {
            s.setString(1, state.name());
            setText(s, 2, detail);
            setInstant(s, 3, endedAt);
            s.setLong(4, id);
            s.executeUpdate();
          }
          return null;
        });
  }

  /**
   * Ends, as STOPPED with {@code detail}, every broadcast still recorded as playing: after a
   * restart its audio is gone (terminals end the task when no audio comes). Returns their ids.
   */
  public List<Long> endInterrupted(String detail, Instant at) {
    return db.transaction(
        "end broadcasts interrupted by a restart",
        c -> {
          List<Long> ids = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement("SELECT id FROM broadcast WHERE state IN (?, ?)")) {
            s.setString(1, BroadcastState.PREPARING.name());
            s.setString(2, BroadcastState.PLAYING.name());
            try (ResultSet rows = s.executeQuery()) {
              while (rows.next()) {
                ids.add(rows.getLong(1));
              }
            }
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE broadcast SET state = ?, detail = ?, ended_at_us = ? WHERE id = ?")) {
            for (long id : ids) {
              s.setString(1, BroadcastState.STOPPED.name());
              s.setString(2, detail);
              setInstant(s, 3, at);
              s.setLong(4, id);
              s.addBatch();
            }
            s.executeBatch();
          }
          return ids;
        });
  }

  /** The largest stream id ever used, 0 if none. */
  public long largestStreamId() {
    return db.autoCommit(
        "read the largest stream id",
        c -> {
          try (PreparedStatement s = c.prepareStatement("SELECT MAX(stream_id) FROM broadcast");
              ResultSet rows = s.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0L;
          }
        });
  }

  public Optional<BroadcastRecord> find(long id) {
    return db.autoCommit(
        "read broadcast " + id,
        c -> {
          List<BroadcastRecord> found =
              query(c, "SELECT " + COLUMNS + " FROM broadcast WHERE id = ?", id);
          return found.stream().findFirst();
        });
  }

  /** The {@code limit} newest broadcasts, newest first. */
  public List<BroadcastRecord> recent(int limit) {
    Columns.limit(limit);
    return db.autoCommit(
        "read recent broadcasts",
        c ->
            query(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM broadcast ORDER BY created_at_us DESC, id DESC FETCH FIRST ? ROWS ONLY",
                limit));
  }

  private static List<BroadcastRecord> query(Connection c, String sql, long parameter)
      throws SQLException {
    List<BroadcastRecord> out = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, parameter);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(
              new BroadcastRecord(
                  r.getLong("id"),
                  r.getLong("stream_id"),
                  r.getString("title"),
                  r.getString("origin"),
                  getEnum(r, "priority", Priority.class),
                  r.getString("request"),
                  r.getString("requested_by"),
                  getInstant(r, "created_at_us"),
                  getInstant(r, "start_at_us"),
                  getInstant(r, "ended_at_us"),
                  getEnum(r, "state", BroadcastState.class),
                  r.getString("detail")));
        }
      }
    }
    return out;
  }
}
