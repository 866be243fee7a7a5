package org.villagecast.controller.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * Conversions between Java values and the portable column types of the schema. Instants are BIGINT
 * microseconds since the epoch on every database; nullable numbers go through setNull/wasNull.
 */
final class Columns {
  private Columns() {}

  /** Rows per executeBatch: bounds the driver's memory, keeps round trips few. */
  static final int BATCH_CHUNK = 1000;

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  static void setInstant(PreparedStatement statement, int index, Instant t) throws SQLException {
    if (t == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, micros(t));
    }
  }

  static Instant getInstant(ResultSet rows, String column) throws SQLException {
    long micros = rows.getLong(column);
    return rows.wasNull() ? null : instant(micros);
  }

  static void setInteger(PreparedStatement statement, int index, Integer value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.INTEGER);
    } else {
      statement.setInt(index, value);
    }
  }

  static Integer getInteger(ResultSet rows, String column) throws SQLException {
    int value = rows.getInt(column);
    return rows.wasNull() ? null : value;
  }

  static void setText(PreparedStatement statement, int index, String value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  static <E extends Enum<E>> E getEnum(ResultSet rows, String column, Class<E> type)
      throws SQLException {
    String name = rows.getString(column);
    return name == null ? null : Enum.valueOf(type, name);
  }

  static String name(Enum<?> value) {
    return value == null ? null : value.name();
  }

  /** Checks a LIMIT argument: the API passes what users typed. */
  static int limit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
    return limit;
  }
}
