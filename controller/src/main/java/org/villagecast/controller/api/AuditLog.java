package org.villagecast.controller.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import org.villagecast.controller.store.AuditEntry;
import org.villagecast.controller.store.AuditRepository;

/** The audit log as the API uses it: appends and reads off the event loop. */
public final class AuditLog {
  private final Vertx vertx;
  private final AuditRepository repository;
  private final Clock clock;

  public AuditLog(Vertx vertx, AuditRepository repository, Clock clock) {
    this.vertx = vertx;
    this.repository = repository;
    this.clock = clock;
  }

  /** Appends one entry (in order with other appends of this hub). */
  public Future<AuditEntry> record(String actor, String action, String subject, String detail) {
    return vertx.executeBlocking(
        () -> repository.append(clock.instant(), actor, action, subject, detail), true);
  }

  /** The newest {@code limit} entries. */
  public Future<List<AuditEntry>> recent(int limit) {
    return vertx.executeBlocking(() -> repository.recent(limit), false);
  }
}
