package org.villagecast.controller.registry;

import java.time.Instant;

/**
 * An alarm on one terminal: raised when the condition appears, cleared (clearedAt set) when it
 * goes. At most one open alarm per terminal and kind.
 *
 * @param id store id, 0 before it is stored
 */
public record Alarm(
    long id,
    String resourceCode,
    AlarmKind kind,
    Instant raisedAt,
    Instant clearedAt,
    String detail) {

  public boolean open() {
    return clearedAt == null;
  }

  public Alarm withId(long newId) {
    return new Alarm(newId, resourceCode, kind, raisedAt, clearedAt, detail);
  }

  public Alarm clear(Instant at) {
    return new Alarm(id, resourceCode, kind, raisedAt, at, detail);
  }
}
