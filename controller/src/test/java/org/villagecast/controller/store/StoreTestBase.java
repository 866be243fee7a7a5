package org.villagecast.controller.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs every test of a subclass once on H2 and once on PostgreSQL, each test on a fresh, migrated
 * database ({@link #db}). Subclasses are the repository tests.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(StoreVendor.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class StoreTestBase {
  @Parameter StoreVendor vendor;

  @TempDir Path dir;

  /** This test's database, to open again or a second time. */
  TestDatabase database;

  /** Open on {@link #database}; closed after the test. */
  Database db;

  @BeforeEach
  void openDatabase() {
    database = vendor.create(dir);
    db = database.open();
  }

  @AfterEach
  void closeDatabase() {
    if (db != null) {
      db.close();
    }
    if (database != null) {
      database.close();
    }
  }

  /** Runs SQL behind the repositories' back (to tamper with rows, or to set up a state). */
  int sql(String statement) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      return s.executeUpdate(statement);
    }
  }
}
