package org.villagecast.controller;

import java.time.Clock;
import org.villagecast.controller.store.AuditRepository;

/**
 * Writes what changes what people hear (commands, acceptance, groups, areas) to the append-only,
 * hash-chained audit log, in order, behind the hub's context.
 */
public final class Auditor {
  private final AuditRepository log;
  private final WriteQueue writes;
  private final Clock clock;

  public Auditor(AuditRepository log, WriteQueue writes, Clock clock) {
    this.log = log;
    this.writes = writes;
    this.clock = clock;
  }

  /** Records one action; the write is queued after every earlier store write of the hub. */
  public void record(String actor, String action, String subject, String detail) {
    var at = clock.instant();
    writes.submit(
        "audit " + action + " " + subject, () -> log.append(at, actor, action, subject, detail));
  }
}
