package org.villagecast.controller.store;

/** Where one test's database lives; {@link #open()} may be called again (a hub restart). */
record TestDatabase(StoreVendor vendor, String url, String user, String password)
    implements AutoCloseable {
  Database open() {
    return Database.open(url, user, password);
  }

  /** Deletes the database (PostgreSQL; an H2 file goes with the test's temporary directory). */
  @Override
  public void close() {
    vendor.drop(this);
  }
}
