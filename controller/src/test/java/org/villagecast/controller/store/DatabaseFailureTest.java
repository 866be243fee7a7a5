package org.villagecast.controller.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.protocol.testing.FreePort;

/** The messages an operator reads when the database cannot be opened. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DatabaseFailureTest {
  @TempDir Path dir;

  /** Verifies that a URL of another database, or none, names the two supported forms. */
  @Test
  void open_unsupportedUrl_namesSupportedForms() {
    for (String url : new String[] {"jdbc:mysql://127.0.0.1/villagecast", "", null}) {
      // WHEN the hub is pointed at it / THEN the message shows both supported forms
      assertThatThrownBy(() -> Database.open(url, "hub", "x"))
          .as(url)
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("is not supported")
          .hasMessageContaining("jdbc:h2:file:./data/villagecast")
          .hasMessageContaining("jdbc:postgresql://host:5432/");
    }
  }

  /** Verifies that a password in a URL is not repeated in the message. */
  @Test
  void open_unsupportedUrlWithPassword_hidesIt() {
    assertThatThrownBy(() -> Database.open("jdbc:oracle:thin:@h?password=s3cret", "hub", "x"))
        .isInstanceOf(StoreException.class)
        .hasMessageNotContaining("s3cret")
        .hasMessageContaining("password=***");
  }

  /** Verifies that a PostgreSQL server that does not listen is named, with host and port. */
  @Test
  void open_postgresUnreachable_namesHostAndPort() {
    // GIVEN a port nothing listens on
    int port = FreePort.find();

    // WHEN the hub connects there / THEN the message says it cannot reach PostgreSQL there
    assertThatThrownBy(
            () -> Database.open("jdbc:postgresql://127.0.0.1:" + port + "/villagecast", "hub", "x"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot reach PostgreSQL at 127.0.0.1:" + port)
        .hasMessageContaining("check that the server runs");
  }

  /** Verifies that a database missing on a running PostgreSQL server is named. */
  @Test
  void open_postgresDatabaseMissing_namesIt() {
    // GIVEN a running server without a database 'absent'
    PostgresServer server = PostgresServer.shared();

    // WHEN the hub opens it / THEN the message names the database and how to create it
    assertThatThrownBy(
            () -> Database.open(server.url("absent"), PostgresServer.USER, server.password()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("has no database 'absent'")
        .hasMessageContaining("createdb");
  }

  /**
   * Verifies that a PostgreSQL user who may not create tables (PostgreSQL 15 lets only the database
   * owner create them in schema public) is told so at once, with the commands that fix it.
   */
  @Test
  void open_postgresUserWithoutCreate_saysHowToFix() {
    // GIVEN a database owned by the superuser, and a user who may only log in
    PostgresServer server = PostgresServer.shared();
    String url = server.createDatabase();
    String database = url.substring(url.lastIndexOf('/') + 1);
    server.execute("CREATE ROLE store_reader LOGIN PASSWORD 'reader-pw'");
    try {
      // WHEN that user opens it / THEN the message names the user, the schema and the fixes
      assertThatThrownBy(() -> Database.open(url, "store_reader", "reader-pw"))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining(
              "'store_reader' may not create the hub's tables in schema public of database '"
                  + database
                  + "'")
          .hasMessageContaining("createdb -O store_reader " + database)
          .hasMessageContaining("GRANT CREATE ON SCHEMA public TO store_reader");
    } finally {
      server.dropDatabase(url);
      server.execute("DROP ROLE store_reader");
    }
  }

  /** Verifies that a PostgreSQL database holding another application's tables is not touched. */
  @Test
  void open_postgresDatabaseOfAnotherApplication_saysMigrationFailed() throws SQLException {
    // GIVEN a database with a table of something else and no migration history
    PostgresServer server = PostgresServer.shared();
    String url = server.createDatabase();
    try {
      try (Connection c =
              java.sql.DriverManager.getConnection(url, PostgresServer.USER, server.password());
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE invoices (id BIGINT PRIMARY KEY)");
      }

      // WHEN the hub opens it / THEN migration is refused with what to check, and nothing made
      assertThatThrownBy(() -> Database.open(url, PostgresServer.USER, server.password()))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("migrating the postgresql database")
          .hasMessageContaining("non-empty schema")
          .hasMessageContaining("belongs to this hub");
    } finally {
      server.dropDatabase(url);
    }
  }

  /** Verifies that an H2 file path without ./ or / is refused with the form to use. */
  @Test
  void open_h2ImplicitRelativePath_showsTheForm() {
    assertThatThrownBy(() -> Database.open("jdbc:h2:file:data/villagecast", "hub", "x"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("is malformed")
        .hasMessageContaining("relative paths start with ./");
  }

  /** Verifies that a database whose applied migration was changed fails with a clear message. */
  @Test
  void open_changedMigration_saysMigrationFailed() throws SQLException {
    // GIVEN a migrated H2 database whose recorded migration checksum was changed
    String url = Database.h2FileUrl(dir.resolve("villagecast"));
    try (Database db = Database.open(url, "hub", "pw");
        Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE \"flyway_schema_history\" SET \"checksum\" = 12345");
    }

    // WHEN it is opened again / THEN the message says the migration failed and what to check
    assertThatThrownBy(() -> Database.open(url, "hub", "pw"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("migrating the h2 database")
        .hasMessageContaining("checksum mismatch for migration version 1")
        .hasMessageContaining("does not match this version of villagecast")
        .hasMessageNotContaining("\n");
  }
}
