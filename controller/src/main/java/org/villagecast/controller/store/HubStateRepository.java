package org.villagecast.controller.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Small state shared by the hubs on one database (table {@code hub_state}, one text value per key),
 * above all the message id high-water mark. Blocking; safe from any thread and from several hubs at
 * once.
 */
public final class HubStateRepository {
  private static final Logger LOG = LoggerFactory.getLogger(HubStateRepository.class);

  /** The highest message id: ids are u32 and 0 means "none" on the wire. */
  public static final long MAX_MESSAGE_ID = 0xFFFF_FFFFL;

  /** Key of the next message id to hand out; "0" until the first block. */
  static final String NEXT_MESSAGE_ID = "message-id.next";

  /** One row of hub_state. */
  private record Entry(String key, String value) {}

  private static final Upsert<Entry> UPSERT =
      new Upsert<>(
          "hub_state",
          List.of("state_key"),
          List.of("state_value"),
          (statement, entry) -> {
            statement.setString(1, entry.value());
            statement.setString(2, entry.key());
          });

  private final Database db;
  private final SecureRandom random = new SecureRandom();

  public HubStateRepository(Database db) {
    this.db = db;
  }

  /**
   * Reserves a block of {@code blockSize} message ids no other caller on this database gets, and
   * returns its first id: the block is [first, first + blockSize) within 1..{@value
   * #MAX_MESSAGE_ID}. Blocks follow each other; a block that would pass the top starts again at 1.
   * The very first block of a database starts at a random id, so that two fresh databases (a hub
   * reinstalled next to terminals that remember old ids) do not hand out the same ids.
   */
  public long reserveMessageIds(int blockSize) {
    if (blockSize < 1) {
      throw new IllegalArgumentException("blockSize must be at least 1, was " + blockSize);
    }
    // The row lock (SELECT ... FOR UPDATE) makes concurrent callers, in this hub or another on
    // the same PostgreSQL, take turns; the second reads what the first wrote.
    return db.upsert(
        "reserve " + blockSize + " message ids",
        c -> {
          Optional<String> stored = selectForUpdate(c, NEXT_MESSAGE_ID);
          long next = Long.parseLong(stored.orElse("0"));
          long lastStart = MAX_MESSAGE_ID - blockSize + 1;
          long first;
          if (next == 0) {
            first = 1 + random.nextLong(lastStart);
            LOG.info("Message ids: the first block of this database starts at {}", first);
          } else if (next > lastStart) {
            first = 1;
            LOG.info("Message ids: passed {}, starting again at 1", MAX_MESSAGE_ID);
          } else {
            first = next;
          }
          UPSERT.run(c, List.of(new Entry(NEXT_MESSAGE_ID, Long.toString(first + blockSize))));
          return first;
        });
  }

  /** The value stored under {@code key}, or empty. */
  public Optional<String> get(String key) {
    return db.autoCommit(
        "read hub state " + key,
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement("SELECT state_value FROM hub_state WHERE state_key = ?")) {
            statement.setString(1, key);
            try (ResultSet rows = statement.executeQuery()) {
              return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
            }
          }
        });
  }

  /** Stores {@code value} under {@code key} (not the message id key: use the method above). */
  public void put(String key, String value) {
    if (NEXT_MESSAGE_ID.equals(key)) {
      throw new IllegalArgumentException(key + " is written by reserveMessageIds only");
    }
    db.upsert(
        "write hub state " + key,
        c -> {
          UPSERT.run(c, List.of(new Entry(key, value)));
          return null;
        });
  }

  private static Optional<String> selectForUpdate(Connection c, String key) throws SQLException {
    try (PreparedStatement statement =
        c.prepareStatement("SELECT state_value FROM hub_state WHERE state_key = ? FOR UPDATE")) {
      statement.setString(1, key);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
    }
  }
}
