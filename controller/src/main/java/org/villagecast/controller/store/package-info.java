/**
 * The hub's store: JDBC repositories over one {@link org.villagecast.controller.store.Database}
 * (HikariCP pool, Flyway migrations from {@code db/migration}), on an embedded H2 file database by
 * default and on PostgreSQL for production and several hubs. The same migrations and the same
 * repository tests run on both.
 *
 * <p>Conventions: every method blocks (call from worker threads); instants are stored as BIGINT
 * microseconds since the epoch; enums by name; batch methods write in one transaction of JDBC
 * batches; upserts are UPDATE-then-INSERT, retried when another hub inserts the same key at once.
 * Failures are {@link org.villagecast.controller.store.StoreException}s whose message says what the
 * hub was doing and what to check; they are already logged.
 */
package org.villagecast.controller.store;
