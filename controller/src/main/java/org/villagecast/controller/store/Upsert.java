package org.villagecast.controller.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Insert-or-update of many rows as JDBC batches, in the caller's transaction: a batch of UPDATEs,
 * then a batch of INSERTs for the rows no UPDATE found. Portable to H2 and PostgreSQL (neither's
 * MERGE nor ON CONFLICT is accepted by the other in the same form) and as fast as a MERGE for the
 * two cases the hub has: all rows new (first fan-out) or all rows there (state changes).
 *
 * @param <T> the record stored in one row
 */
final class Upsert<T> {

  /** Sets the value columns, then the key columns, starting at parameter 1. */
  @FunctionalInterface
  interface Binder<T> {
    void bind(PreparedStatement statement, T item) throws SQLException;
  }

  private final String update;
  private final String insert;
  private final Binder<T> binder;

  Upsert(String table, List<String> keyColumns, List<String> valueColumns, Binder<T> binder) {
    this.binder = binder;
    this.update =
        "UPDATE "
            + table
            + " SET "
            + String.join(" = ?, ", valueColumns)
            + " = ? WHERE "
            + String.join(" = ? AND ", keyColumns)
            + " = ?";
    List<String> all = new ArrayList<>(valueColumns);
    all.addAll(keyColumns);
    this.insert =
        "INSERT INTO "
            + table
            + " ("
            + String.join(", ", all)
            + ") VALUES ("
            + "?, ".repeat(all.size() - 1)
            + "?)";
  }

  /** Writes every item; callers sort them by key so that concurrent hubs lock rows in one order. */
  void run(Connection connection, Collection<T> items) throws SQLException {
    if (items.isEmpty()) {
      return;
    }
    try (PreparedStatement updates = connection.prepareStatement(update);
        PreparedStatement inserts = connection.prepareStatement(insert)) {
      List<T> chunk = new ArrayList<>(Math.min(items.size(), Columns.BATCH_CHUNK));
      for (T item : items) {
        chunk.add(item);
        if (chunk.size() == Columns.BATCH_CHUNK) {
          runChunk(updates, inserts, chunk);
          chunk.clear();
        }
      }
      runChunk(updates, inserts, chunk);
    }
  }

  /**
   * Inserts every item without looking for stored rows first: for rows the caller knows are new (a
   * command's first fan-out). A stored row fails the transaction with a unique violation, which
   * {@link Database#upsert} answers by retrying.
   */
  void insertAll(Connection connection, Collection<T> items) throws SQLException {
    if (items.isEmpty()) {
      return;
    }
    try (PreparedStatement inserts = connection.prepareStatement(insert)) {
      int pending = 0;
      for (T item : items) {
        binder.bind(inserts, item);
        inserts.addBatch();
        if (++pending == Columns.BATCH_CHUNK) {
          inserts.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        inserts.executeBatch();
      }
    }
  }

  private void runChunk(PreparedStatement updates, PreparedStatement inserts, List<T> chunk)
      throws SQLException {
    if (chunk.isEmpty()) {
      return;
    }
    for (T item : chunk) {
      binder.bind(updates, item);
      updates.addBatch();
    }
    int[] counts = updates.executeBatch();
    int missing = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 0) {
        binder.bind(inserts, chunk.get(i));
        inserts.addBatch();
        missing++;
      }
    }
    if (missing > 0) {
      inserts.executeBatch();
    }
  }
}
