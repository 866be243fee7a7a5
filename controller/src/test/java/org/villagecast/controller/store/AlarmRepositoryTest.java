package org.villagecast.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.villagecast.controller.registry.Alarm;
import org.villagecast.controller.registry.AlarmKind;

/** Alarms raised and cleared, on H2 and PostgreSQL. */
class AlarmRepositoryTest extends StoreTestBase {
  private static final Instant T0 = Instant.parse("2025-06-01T08:00:00.000001Z");
  private static final String RC1 = "10000000000000101010101";
  private static final String RC2 = "10000000000000101010102";

  private AlarmRepository alarms;

  @BeforeEach
  void repository() {
    alarms = new AlarmRepository(db);
  }

  /** Verifies that insert returns the alarm with a new id, and it reads back equal. */
  @Test
  void insert_returnsGeneratedId_roundTrip() {
    // GIVEN an open alarm without detail and a cleared one with detail, both with id 0
    Alarm open = new Alarm(0, RC1, AlarmKind.OFFLINE, T0, null, null);
    Alarm cleared = new Alarm(0, RC2, AlarmKind.LINE_SHORT, T0, T0.plusSeconds(5), "短路 line 2");

    // WHEN they are inserted
    Alarm first = alarms.insert(open);
    Alarm second = alarms.insert(cleared);

    // THEN each got its own id and is otherwise unchanged, and reads back equal
    assertThat(first.id()).isPositive();
    assertThat(second.id()).isGreaterThan(first.id());
    assertThat(first).isEqualTo(open.withId(first.id()));
    assertThat(second).isEqualTo(cleared.withId(second.id()));
    assertThat(alarms.recent(10)).containsExactlyInAnyOrder(first, second);
  }

  /** Verifies that saveCleared sets clearedAt of the alarms given, by id, and no others. */
  @Test
  void saveCleared_updatesByIdOnly() {
    // GIVEN three open alarms
    Alarm a = alarms.insert(new Alarm(0, RC1, AlarmKind.OFFLINE, T0, null, null));
    Alarm b = alarms.insert(new Alarm(0, RC1, AlarmKind.LOW_SIGNAL, T0.plusSeconds(1), null, null));
    Alarm c = alarms.insert(new Alarm(0, RC2, AlarmKind.OFFLINE, T0.plusSeconds(2), null, null));

    // WHEN two are cleared (one passed with a stale detail that must not be written)
    Alarm aCleared = a.clear(T0.plusSeconds(60));
    Alarm cCleared =
        new Alarm(c.id(), c.resourceCode(), c.kind(), c.raisedAt(), T0.plusSeconds(61), "x");
    alarms.saveCleared(List.of(aCleared, cCleared));
    alarms.saveCleared(List.of());

    // THEN only b is open; a and c carry their clearedAt
    assertThat(alarms.open()).containsExactly(b);
    assertThat(alarms.recent(10)).containsExactly(c.clear(T0.plusSeconds(61)), b, aCleared);
  }

  /** Verifies that open() lists open alarms oldest first, and recent() newest raised first. */
  @Test
  void open_oldestFirst_recent_newestFirstLimited() {
    // GIVEN alarms inserted out of time order
    Alarm late =
        alarms.insert(new Alarm(0, RC1, AlarmKind.OFFLINE, T0.plusSeconds(30), null, null));
    Alarm early = alarms.insert(new Alarm(0, RC1, AlarmKind.SUPPLY_LOW, T0, null, null));
    Alarm middle =
        alarms.insert(new Alarm(0, RC2, AlarmKind.AMPLIFIER_FAULT, T0.plusSeconds(10), null, null));

    // WHEN they are listed / THEN by raisedAt, and recent() is limited
    assertThat(alarms.open()).containsExactly(early, middle, late);
    assertThat(alarms.recent(2)).containsExactly(late, middle);
    assertThat(alarms.recent(0)).isEmpty();
  }

  /** Verifies that every alarm kind is stored and read back by name. */
  @Test
  void insert_everyKind_roundTrip() {
    for (AlarmKind kind : AlarmKind.values()) {
      Alarm stored = alarms.insert(new Alarm(0, RC1, kind, T0, null, kind.name()));
      assertThat(alarms.recent(1)).containsExactly(stored);
    }
  }
}
