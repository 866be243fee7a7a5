package org.villagecast.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.villagecast.controller.registry.Approval;
import org.villagecast.controller.registry.LinkKind;
import org.villagecast.controller.registry.StatusRecord;
import org.villagecast.controller.registry.Terminal;
import org.villagecast.controller.registry.TerminalStatus;

/** Terminals, their latest status and their history, on H2 and PostgreSQL. */
class TerminalRepositoryTest extends StoreTestBase {
  private static final Instant T0 = Instant.parse("2025-06-01T08:00:00.123456Z");
  private static final String RC1 = "10000000000000101010101";
  private static final String RC2 = "10000000000000101010102";

  private TerminalRepository terminals;

  @BeforeEach
  void repository() {
    terminals = new TerminalRepository(db);
  }

  /** Verifies that terminals read back equal, with every nullable field null or set. */
  @Test
  void save_find_roundTripWithAndWithoutNulls() {
    // GIVEN a terminal just seen (gateway, name, location, acceptedAt null) and a described one
    Terminal bare = Terminal.firstSeen(RC1, T0);
    Terminal full =
        new Terminal(
            RC2,
            "000000000001",
            LinkKind.SERIAL,
            "10000000000000101019901",
            "村委会屋顶 'roof' \"east\"",
            "30.123456,120.654321",
            Approval.ACCEPTED,
            T0,
            T0.plusSeconds(90),
            45);

    // WHEN both are saved
    terminals.save(bare);
    terminals.save(full);

    // THEN both read back equal, and an unknown code finds nothing
    assertThat(terminals.find(RC1)).contains(bare);
    assertThat(terminals.find(RC2)).contains(full);
    assertThat(terminals.find("10000000000000101019999")).isEmpty();
    assertThat(terminals.all()).containsExactly(bare, full);
  }

  /** Verifies that saving a known terminal replaces it rather than adding a second row. */
  @Test
  void save_existing_replaces() {
    // GIVEN a pending terminal
    Terminal pending = Terminal.firstSeen(RC1, T0);
    terminals.save(pending);

    // WHEN it is accepted and described, and saved again
    Terminal accepted = pending.accept(T0.plusSeconds(60), 30).withDetails("小学", "north gate");
    terminals.save(accepted);

    // THEN the stored one is the new one, alone
    assertThat(terminals.all()).containsExactly(accepted);
  }

  /** Verifies that all() is ordered by resource code whatever the insertion order. */
  @Test
  void all_orderedByResourceCode() {
    // GIVEN terminals saved in descending order
    for (int i = 9; i >= 0; i--) {
      terminals.save(Terminal.firstSeen("1000000000000010101010" + i, T0));
    }

    // WHEN all are read / THEN they come in ascending order
    assertThat(terminals.all()).extracting(Terminal::resourceCode).isSorted().hasSize(10);
  }

  /** Verifies that instants keep microseconds and drop nanoseconds, as documented. */
  @Test
  void save_instantWithNanoseconds_keepsMicroseconds() {
    // GIVEN a terminal first seen at a time with nanoseconds
    Instant withNanos = Instant.parse("2025-06-01T08:00:00.123456789Z");
    terminals.save(Terminal.firstSeen(RC1, withNanos));

    // WHEN it is read / THEN the time is cut to the microsecond
    assertThat(terminals.find(RC1).orElseThrow().firstSeen())
        .isEqualTo(Instant.parse("2025-06-01T08:00:00.123456Z"));
  }

  /** Verifies that statuses read back equal, the unknown one (all nulls) included. */
  @Test
  void saveStatuses_roundTripWithAndWithoutNulls() {
    // GIVEN a status with nothing heard and a full one
    TerminalStatus unknown = TerminalStatus.unknown();
    TerminalStatus full =
        new TerminalStatus(
            true,
            T0,
            "BROADCASTING",
            0b1010,
            85,
            true,
            4_294_967_295L,
            -125,
            24_000,
            "SHORT",
            -113,
            "2.0.1-rc1",
            0x10,
            T0.minusSeconds(5));

    // WHEN both are saved
    terminals.saveStatuses(Map.of(RC1, unknown, RC2, full));

    // THEN they read back equal, by resource code
    assertThat(terminals.allStatuses())
        .containsExactly(Map.entry(RC1, unknown), Map.entry(RC2, full));
  }

  /** Verifies that a second save of a terminal's status replaces the first. */
  @Test
  void saveStatuses_existing_replaces() {
    // GIVEN an online status
    terminals.saveStatuses(Map.of(RC1, status(true, 1)));

    // WHEN an offline one is saved for the same terminal
    terminals.saveStatuses(Map.of(RC1, status(false, 2)));

    // THEN only the newer one is stored
    assertThat(terminals.allStatuses()).containsExactly(Map.entry(RC1, status(false, 2)));
  }

  /**
   * Verifies that batches of every size around the chunk size store each status, when new and
   * stored rows are mixed in one chunk (every other one stored before).
   */
  @Test
  void saveStatuses_batchSizes_newAndStoredMixed() {
    for (int size : new int[] {0, 1, 2, 999, 1000, 1001, 2500}) {
      // GIVEN every other terminal of the batch already has a status
      Map<String, TerminalStatus> before = new HashMap<>();
      Map<String, TerminalStatus> batch = new LinkedHashMap<>();
      for (int i = 0; i < size; i++) {
        String rc = code(size, i);
        if (i % 2 == 0) {
          before.put(rc, status(false, 0));
        }
        batch.put(rc, status(true, i));
      }
      terminals.saveStatuses(before);

      // WHEN the batch is saved
      terminals.saveStatuses(batch);

      // THEN each terminal of it has the batch's status
      Map<String, TerminalStatus> stored = terminals.allStatuses();
      for (Map.Entry<String, TerminalStatus> e : batch.entrySet()) {
        assertThat(stored.get(e.getKey()))
            .as("size %d, %s", size, e.getKey())
            .isEqualTo(e.getValue());
      }
    }
  }

  /** Verifies that history comes newest first, limited, for the one terminal asked about. */
  @Test
  void history_newestFirst_limited() {
    // GIVEN five records of one terminal in mixed time order (two at the same instant) and one
    // of another
    StatusRecord a = new StatusRecord(RC1, T0, true, "RUNNING", 0);
    StatusRecord b = new StatusRecord(RC1, T0.plusSeconds(20), false, null, 0);
    StatusRecord c = new StatusRecord(RC1, T0.plusSeconds(10), true, "FAULT", 4);
    StatusRecord d1 = new StatusRecord(RC1, T0.plusSeconds(30), true, "RUNNING", 0);
    StatusRecord d2 = new StatusRecord(RC1, T0.plusSeconds(30), true, "BROADCASTING", 0);
    StatusRecord other = new StatusRecord(RC2, T0.plusSeconds(99), true, "RUNNING", 0);
    terminals.appendHistory(List.of(a, b, c, d1, d2, other));

    // WHEN it is read with several limits
    // THEN newest first; of two at one instant the later appended first; nothing of RC2
    assertThat(terminals.history(RC1, 10)).containsExactly(d2, d1, b, c, a);
    assertThat(terminals.history(RC1, 2)).containsExactly(d2, d1);
    assertThat(terminals.history(RC1, 0)).isEmpty();
    assertThat(terminals.history("10000000000000101019999", 10)).isEmpty();
    assertThatThrownBy(() -> terminals.history(RC1, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Verifies that a history batch larger than one chunk is stored whole, in order. */
  @Test
  void appendHistory_largeBatch_storedWhole() {
    // GIVEN 2,345 records, one second apart
    List<StatusRecord> records = new ArrayList<>();
    for (int i = 0; i < 2345; i++) {
      records.add(new StatusRecord(RC1, T0.plusSeconds(i), i % 2 == 0, "RUNNING", i));
    }

    // WHEN they are appended in one call, with an empty call too
    terminals.appendHistory(records);
    terminals.appendHistory(List.of());

    // THEN all are there, newest first
    List<StatusRecord> history = terminals.history(RC1, 10_000);
    assertThat(history).hasSize(2345);
    assertThat(history.get(0)).isEqualTo(records.get(2344));
    assertThat(history.get(2344)).isEqualTo(records.get(0));
  }

  /** Verifies that old history is deleted up to, not including, the given instant. */
  @Test
  void deleteHistoryBefore_keepsNewer() {
    // GIVEN records at T0, T0+1 s and T0+2 s
    StatusRecord r0 = new StatusRecord(RC1, T0, true, "RUNNING", 0);
    StatusRecord r1 = new StatusRecord(RC1, T0.plusSeconds(1), true, "RUNNING", 0);
    StatusRecord r2 = new StatusRecord(RC1, T0.plusSeconds(2), true, "RUNNING", 0);
    terminals.appendHistory(List.of(r0, r1, r2));

    // WHEN history before T0+1 s is deleted
    int deleted = terminals.deleteHistoryBefore(T0.plusSeconds(1));

    // THEN only the oldest went
    assertThat(deleted).isEqualTo(1);
    assertThat(terminals.history(RC1, 10)).containsExactly(r2, r1);
  }

  private static TerminalStatus status(boolean online, int faults) {
    return new TerminalStatus(
        online, T0, "RUNNING", faults, 50, false, 0, null, null, "OK", null, "1.0", 0x10, T0);
  }

  private static String code(int size, int i) {
    return String.format("1%012d%010d", size, i);
  }
}
