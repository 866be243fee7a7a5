package org.villagecast.controller.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The county's schedule set as versions of its schedule-file text (table {@code
 * schedule_set_version}). Blocking; safe from any thread and from several hubs at once.
 *
 * <p>Why whole files: the set is one consistent thing (schedules refer to calendars; conflict rules
 * and quiet hours apply to all), the documented file format already says everything about it, and
 * one INSERT per change makes every change whole-or-nothing without a multi-table diff. A county's
 * file is small (kilobytes to a few megabytes); the hub holds the parsed set in memory and reads
 * the newest version once at start.
 */
public final class ScheduleSetRepository {

  /** One stored version. */
  public record StoredSet(
      long version, String fileText, Instant savedAt, String savedBy, String changeNote) {}

  private final Database db;

  public ScheduleSetRepository(Database db) {
    this.db = db;
  }

  /** The newest version, empty before the first save. */
  public Optional<StoredSet> latest() {
    return db.autoCommit(
        "read the schedule set",
        c -> {
          try (PreparedStatement select =
                  c.prepareStatement(
                      "SELECT version, file_text, saved_at_us, saved_by, change_note"
                          + " FROM schedule_set_version ORDER BY version DESC FETCH FIRST 1 ROWS"
                          + " ONLY");
              ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
              return Optional.empty();
            }
            return Optional.of(
                new StoredSet(
                    rows.getLong("version"),
                    rows.getString("file_text"),
                    Columns.getInstant(rows, "saved_at_us"),
                    rows.getString("saved_by"),
                    rows.getString("change_note")));
          }
        });
  }

  /**
   * Stores {@code fileText} as {@code version}, which must be one more than the newest version the
   * caller read. Returns false, storing nothing, when that version exists: someone else saved in
   * between, and the caller must read again rather than overwrite their change.
   */
  public boolean save(long version, String fileText, Instant at, String by, String note) {
    if (version < 1) {
      throw new IllegalArgumentException("versions start at 1, was " + version);
    }
    return db.autoCommit(
        "save schedule set version " + version,
        c -> {
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO schedule_set_version (version, file_text, saved_at_us, saved_by,"
                      + " change_note) VALUES (?, ?, ?, ?, ?)")) {
            insert.setLong(1, version);
            insert.setString(2, fileText);
            Columns.setInstant(insert, 3, at);
            insert.setString(4, by);
            insert.setString(5, note.length() <= 4000 ? note : note.substring(0, 3999) + "…");
            insert.executeUpdate();
            return true;
          } catch (SQLException e) {
            if (Database.isUniqueViolation(e)) {
              return false;
            }
            throw e;
          }
        });
  }
}
