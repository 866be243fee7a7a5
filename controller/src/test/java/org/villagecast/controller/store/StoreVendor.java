package org.villagecast.controller.store;

import java.nio.file.Path;
import java.util.Locale;

/** The two databases every store test runs on. */
enum StoreVendor {
  /** An H2 file database in the test's temporary directory (which JUnit deletes). */
  H2 {
    @Override
    TestDatabase create(Path dir) {
      return new TestDatabase(
          this, Database.h2FileUrl(dir.resolve("db").resolve("villagecast")), "hub", "h2-secret");
    }

    @Override
    void drop(TestDatabase database) {}
  },
  /** A new database on the test run's PostgreSQL server ({@link PostgresServer#shared()}). */
  POSTGRESQL {
    @Override
    TestDatabase create(Path dir) {
      PostgresServer server = PostgresServer.shared();
      return new TestDatabase(
          this, server.createDatabase(), PostgresServer.USER, server.password());
    }

    @Override
    void drop(TestDatabase database) {
      // Keeps the server's data directory small: it is deleted when the test JVM exits, and
      // surefire allows that only 30 s.
      PostgresServer.shared().dropDatabase(database.url());
    }
  };

  /**
   * A new, empty database of this vendor (tables come with the first {@link TestDatabase#open}).
   */
  abstract TestDatabase create(Path dir);

  /** Deletes a database made by {@link #create} once no test uses it. */
  abstract void drop(TestDatabase database);

  /** The name {@link Database#vendor()} reports. */
  String vendorName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
