package org.villagecast.controller.store;

import static org.villagecast.controller.store.Columns.getInstant;
import static org.villagecast.controller.store.Columns.setText;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;

/**
 * The append-only, hash-chained audit log (tables {@code audit_log} and its head {@code
 * audit_head}). Blocking; safe from any thread and from several hubs at once.
 *
 * <p>Entry {@code n} has {@code hash} = lowercase hex SHA-256 over the UTF-8 text
 *
 * <pre>
 * previousHash "\n" n "\n" atMicros "\n" f(actor) "\n" f(action) "\n" f(subject) "\n" f(detail)
 * </pre>
 *
 * where numbers are decimal, {@code atMicros} is microseconds since the epoch, {@code f(null)} is
 * {@code "-"} and {@code f(s)} is the UTF-8 byte length of {@code s}, {@code ":"} and {@code s}.
 * Entry 1's previous hash is 64 zeros. So anyone can re-check an export of the log, and any edited,
 * removed or inserted entry breaks the chain from there on.
 */
public final class AuditRepository {
  /** The previous hash of the first entry. */
  public static final String GENESIS_HASH = "0".repeat(64);

  private static final String COLUMNS =
      "seq, at_us, actor, action, subject, detail, previous_hash, hash";
  private static final int FETCH_SIZE = 1000;

  private final Database db;

  public AuditRepository(Database db) {
    this.db = db;
  }

  /**
   * Appends an entry and returns it ({@code at} kept to the microsecond, as stored). Appends are
   * serialised by a lock on the log's head, also between hubs sharing one PostgreSQL database.
   */
  public AuditEntry append(Instant at, String actor, String action, String subject, String detail) {
    Instant stored = Columns.instant(Columns.micros(at));
    return db.transaction(
        "append to the audit log (" + action + ")",
        c -> {
          long previousSeq;
          String previousHash;
          try (PreparedStatement statement =
                  c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE");
              ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
              throw new SQLException("the audit log has no head row (table audit_head)");
            }
            previousSeq = rows.getLong("seq");
            previousHash = rows.getString("hash");
          }
          long seq = previousSeq + 1;
          String hash = hash(previousHash, seq, stored, actor, action, subject, detail);
          try (PreparedStatement statement =
              c.prepareStatement(
                  "INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            statement.setLong(1, seq);
            Columns.setInstant(statement, 2, stored);
            statement.setString(3, actor);
            statement.setString(4, action);
            setText(statement, 5, subject);
            setText(statement, 6, detail);
            statement.setString(7, previousHash);
            statement.setString(8, hash);
            statement.executeUpdate();
          }
          try (PreparedStatement statement =
              c.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")) {
            statement.setLong(1, seq);
            statement.setString(2, hash);
            statement.executeUpdate();
          }
          return new AuditEntry(seq, stored, actor, action, subject, detail, previousHash, hash);
        });
  }

  /** The {@code limit} newest entries, newest first. */
  public List<AuditEntry> recent(int limit) {
    Columns.limit(limit);
    return db.autoCommit(
        "read the audit log",
        c -> {
          List<AuditEntry> entries = new ArrayList<>();
          try (PreparedStatement statement =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM audit_log ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")) {
            statement.setInt(1, limit);
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                entries.add(entry(rows));
              }
            }
          }
          return entries;
        });
  }

  /**
   * Re-checks the whole chain and returns the first sequence number whose entry is missing,
   * altered, or not part of the chain; empty when the log is intact. Does not block appends.
   */
  public OptionalLong firstBrokenLink() {
    // Autocommit off: PostgreSQL streams FETCH_SIZE rows at a time only inside a transaction.
    return db.transaction(
        "check the audit log",
        c -> {
          long headSeq;
          String headHash;
          try (PreparedStatement statement =
                  c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1");
              ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
              return OptionalLong.of(1);
            }
            headSeq = rows.getLong("seq");
            headHash = rows.getString("hash");
          }
          // Entries up to the head read above; later ones are appends made meanwhile.
          long expectedSeq = 1;
          String expectedPrevious = GENESIS_HASH;
          try (PreparedStatement statement =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM audit_log WHERE seq <= ? ORDER BY seq")) {
            statement.setFetchSize(FETCH_SIZE);
            statement.setLong(1, headSeq);
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                AuditEntry e = entry(rows);
                if (e.sequence() != expectedSeq) {
                  return OptionalLong.of(Math.min(e.sequence(), expectedSeq));
                }
                String recomputed =
                    hash(
                        e.previousHash(),
                        e.sequence(),
                        e.at(),
                        e.actor(),
                        e.action(),
                        e.subject(),
                        e.detail());
                if (!e.previousHash().equals(expectedPrevious) || !recomputed.equals(e.hash())) {
                  return OptionalLong.of(e.sequence());
                }
                expectedPrevious = e.hash();
                expectedSeq++;
              }
            }
          }
          if (expectedSeq - 1 != headSeq) {
            return OptionalLong.of(expectedSeq); // the newest entries were deleted
          }
          if (!expectedPrevious.equals(headHash)) {
            return OptionalLong.of(headSeq); // the newest entry was rewritten
          }
          return rowsBeyondHead(c);
        });
  }

  /** Rows above the head were not appended by a hub; one statement sees head and rows at once. */
  private static OptionalLong rowsBeyondHead(Connection c) throws SQLException {
    try (PreparedStatement statement =
            c.prepareStatement(
                "SELECT MIN(seq) FROM audit_log"
                    + " WHERE seq > (SELECT seq FROM audit_head WHERE id = 1)");
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      long seq = rows.getLong(1);
      return rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(seq);
    }
  }

  /** The hash of an entry, as documented on this class. */
  static String hash(
      String previousHash,
      long seq,
      Instant at,
      String actor,
      String action,
      String subject,
      String detail) {
    StringBuilder text =
        new StringBuilder(previousHash)
            .append('\n')
            .append(seq)
            .append('\n')
            .append(Columns.micros(at));
    for (String field : new String[] {actor, action, subject, detail}) {
      text.append('\n');
      if (field == null) {
        text.append('-');
      } else {
        text.append(field.getBytes(StandardCharsets.UTF_8).length).append(':').append(field);
      }
    }
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha256.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static AuditEntry entry(ResultSet rows) throws SQLException {
    return new AuditEntry(
        rows.getLong("seq"),
        getInstant(rows, "at_us"),
        rows.getString("actor"),
        rows.getString("action"),
        rows.getString("subject"),
        rows.getString("detail"),
        rows.getString("previous_hash"),
        rows.getString("hash"));
  }
}
