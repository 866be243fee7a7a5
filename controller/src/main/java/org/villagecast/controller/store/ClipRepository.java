package org.villagecast.controller.store;

import static org.villagecast.controller.store.Columns.getInstant;
import static org.villagecast.controller.store.Columns.setInstant;
import static org.villagecast.controller.store.Columns.setText;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.villagecast.controller.audio.clip.Clip;
import org.villagecast.controller.audio.decode.AudioFileKind;

/**
 * The clip library's rows (table {@code clip}); the audio files themselves are the library's.
 * Blocking; safe from any thread.
 */
public final class ClipRepository {
  private static final String COLUMNS =
      "id, name, file_name, kind, source_rate, source_channels, samples, input_lufs,"
          + " input_true_peak_dbtp, gain_db, output_lufs, true_peak_dbtp, sha256, stored_file,"
          + " uploaded_by, created_at_us";

  private final Database db;

  public ClipRepository(Database db) {
    this.db = db;
  }

  /**
   * Stores a new clip (its id is ignored) and returns it with the id the database gave it; empty
   * when a clip with the same SHA-256 is already stored (also when another hub stored it a moment
   * ago), and then nothing was written.
   */
  public Optional<Clip> insert(Clip clip) {
    // Auto-commit: one statement, and on PostgreSQL a unique violation inside an explicit
    // transaction would leave it aborted.
    return db.autoCommit(
        "store clip '" + clip.name() + "'",
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement(
                  "INSERT INTO clip (name, file_name, kind, source_rate, source_channels, samples,"
                      + " input_lufs, input_true_peak_dbtp, gain_db, output_lufs, true_peak_dbtp,"
                      + " sha256, stored_file, uploaded_by, created_at_us)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            statement.setString(1, clip.name());
            setText(statement, 2, clip.fileName());
            statement.setString(3, clip.kind().name());
            statement.setInt(4, clip.sourceRate());
            statement.setInt(5, clip.sourceChannels());
            statement.setLong(6, clip.samples());
            statement.setDouble(7, clip.inputLufs());
            statement.setDouble(8, clip.inputTruePeakDbtp());
            statement.setDouble(9, clip.gainDb());
            statement.setDouble(10, clip.outputLufs());
            statement.setDouble(11, clip.truePeakDbtp());
            statement.setString(12, clip.sha256());
            statement.setString(13, clip.storedFile());
            statement.setString(14, clip.uploadedBy());
            setInstant(statement, 15, clip.createdAt());
            try {
              statement.executeUpdate();
            } catch (SQLException e) {
              if (Database.isUniqueViolation(e)) {
                return Optional.empty();
              }
              throw e;
            }
            try (ResultSet keys = statement.getGeneratedKeys()) {
              if (!keys.next()) {
                throw new SQLException("the database returned no id for the new clip");
              }
              return Optional.of(clip.withId(keys.getLong("id")));
            }
          }
        });
  }

  /** Every clip, by id. */
  public List<Clip> all() {
    return db.autoCommit(
        "read clips",
        c -> {
          try (PreparedStatement statement =
                  c.prepareStatement("SELECT " + COLUMNS + " FROM clip ORDER BY id");
              ResultSet rows = statement.executeQuery()) {
            List<Clip> clips = new ArrayList<>();
            while (rows.next()) {
              clips.add(clip(rows));
            }
            return clips;
          }
        });
  }

  /** The clip with this id, if any. */
  public Optional<Clip> byId(long id) {
    return one("read clip " + id, "id = ?", id);
  }

  /** The clip holding the file with this SHA-256 (hex), if any. */
  public Optional<Clip> bySha256(String sha256) {
    return one("find clip by SHA-256", "sha256 = ?", sha256);
  }

  /** Deletes the row of a clip; false if there was none. */
  public boolean delete(long id) {
    return db.autoCommit(
        "delete clip " + id,
        c -> {
          try (PreparedStatement statement = c.prepareStatement("DELETE FROM clip WHERE id = ?")) {
            statement.setLong(1, id);
            return statement.executeUpdate() > 0;
          }
        });
  }

  private Optional<Clip> one(String what, String condition, Object key) {
    return db.autoCommit(
        what,
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement("SELECT " + COLUMNS + " FROM clip WHERE " + condition)) {
            statement.setObject(1, key);
            try (ResultSet rows = statement.executeQuery()) {
              return rows.next() ? Optional.of(clip(rows)) : Optional.empty();
            }
          }
        });
  }

  private static Clip clip(ResultSet rows) throws SQLException {
    return new Clip(
        rows.getLong("id"),
        rows.getString("name"),
        rows.getString("file_name"),
        AudioFileKind.valueOf(rows.getString("kind")),
        rows.getInt("source_rate"),
        rows.getInt("source_channels"),
        rows.getLong("samples"),
        rows.getDouble("input_lufs"),
        rows.getDouble("input_true_peak_dbtp"),
        rows.getDouble("gain_db"),
        rows.getDouble("output_lufs"),
        rows.getDouble("true_peak_dbtp"),
        rows.getString("sha256"),
        rows.getString("stored_file"),
        rows.getString("uploaded_by"),
        getInstant(rows, "created_at_us"));
  }
}
