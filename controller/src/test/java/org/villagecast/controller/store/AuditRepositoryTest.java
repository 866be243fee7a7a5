package org.villagecast.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hash-chained audit log, on H2 and PostgreSQL. */
class AuditRepositoryTest extends StoreTestBase {
  private static final Instant T0 = Instant.parse("2025-06-01T08:00:00.000250Z");

  private AuditRepository audit;

  @BeforeEach
  void repository() {
    audit = new AuditRepository(db);
  }

  /**
   * Verifies that appended entries are numbered from 1, chained, and hashed exactly as the class
   * documents (recomputed here from that description, with nulls and non-ASCII text).
   */
  @Test
  void append_chainsAndHashesAsDocumented() throws Exception {
    // GIVEN an empty log
    assertThat(audit.firstBrokenLink()).isEmpty();

    // WHEN three entries are appended, one with null subject and detail
    AuditEntry e1 = audit.append(T0, "admin", "user.create", "clerk", "role=VILLAGE_STAFF");
    AuditEntry e2 = audit.append(T0.plusSeconds(1), "clerk", "command", "42", "PLAY 停水通知");
    AuditEntry e3 = audit.append(T0.plusSeconds(2), "system", "hub.start", null, null);

    // THEN they are numbered and chained, hashes match the documented formula, and the log reads
    // back newest first and intact
    assertThat(List.of(e1.sequence(), e2.sequence(), e3.sequence())).containsExactly(1L, 2L, 3L);
    assertThat(e1.previousHash()).isEqualTo("0".repeat(64));
    assertThat(e2.previousHash()).isEqualTo(e1.hash());
    assertThat(e3.previousHash()).isEqualTo(e2.hash());
    String text2 =
        e1.hash()
            + "\n2\n"
            + (T0.plusSeconds(1).getEpochSecond() * 1_000_000 + 250)
            + "\n5:clerk\n7:command\n2:42\n17:PLAY 停水通知";
    assertThat(e2.hash()).isEqualTo(sha256(text2));
    String text3 =
        e2.hash()
            + "\n3\n"
            + (T0.plusSeconds(2).getEpochSecond() * 1_000_000 + 250)
            + "\n6:system\n9:hub.start\n-\n-";
    assertThat(e3.hash()).isEqualTo(sha256(text3));
    assertThat(audit.recent(10)).containsExactly(e3, e2, e1);
    assertThat(audit.recent(1)).containsExactly(e3);
    assertThat(audit.firstBrokenLink()).isEmpty();
  }

  /** Verifies that editing any field of a stored entry with SQL is found at that entry. */
  @Test
  void firstBrokenLink_editedField_found() throws Exception {
    String[] edits = {
      "detail = 'PLAY nothing'",
      "actor = 'someone else'",
      "at_us = at_us + 1",
      "subject = NULL",
      "previous_hash = '" + "1".repeat(64) + "'"
    };
    for (String edit : edits) {
      // GIVEN a log of five entries
      sql("DELETE FROM audit_log");
      sql("UPDATE audit_head SET seq = 0, hash = '" + "0".repeat(64) + "'");
      appendFive();
      assertThat(audit.firstBrokenLink()).isEmpty();

      // WHEN entry 3 is edited behind the hub's back
      assertThat(sql("UPDATE audit_log SET " + edit + " WHERE seq = 3")).isEqualTo(1);

      // THEN the check names entry 3
      assertThat(audit.firstBrokenLink()).as(edit).hasValue(3);
    }
  }

  /** Verifies that a deleted entry in the middle is found at its sequence number. */
  @Test
  void firstBrokenLink_deletedEntry_found() throws Exception {
    // GIVEN five entries, the second deleted
    appendFive();
    sql("DELETE FROM audit_log WHERE seq = 2");

    // WHEN / THEN the check names the missing number
    assertThat(audit.firstBrokenLink()).hasValue(2);
  }

  /** Verifies that deleting the newest entries is found, though the rest still chain. */
  @Test
  void firstBrokenLink_deletedNewest_found() throws Exception {
    // GIVEN five entries, the last two deleted
    appendFive();
    sql("DELETE FROM audit_log WHERE seq >= 4");

    // WHEN / THEN the check names the first missing one
    assertThat(audit.firstBrokenLink()).hasValue(4);
  }

  /** Verifies that a well-chained entry added with SQL, not through the hub, is found. */
  @Test
  void firstBrokenLink_rowAddedBehindTheHub_found() throws Exception {
    // GIVEN five entries and a sixth inserted with SQL, chained correctly, head not moved
    appendFive();
    AuditEntry last = audit.recent(1).get(0);
    Instant at = T0.plusSeconds(10);
    String hash = AuditRepository.hash(last.hash(), 6, at, "intruder", "command", "1", "x");
    sql(
        "INSERT INTO audit_log (seq, at_us, actor, action, subject, detail, previous_hash, hash)"
            + " VALUES (6, "
            + Columns.micros(at)
            + ", 'intruder', 'command', '1', 'x', '"
            + last.hash()
            + "', '"
            + hash
            + "')");

    // WHEN / THEN the check names it
    assertThat(audit.firstBrokenLink()).hasValue(6);
  }

  /**
   * Verifies that appends from 8 threads on two pools (two hubs) are serialised: numbers 1..N
   * without gaps or repeats, and an intact chain.
   */
  @Test
  void append_concurrentHubs_intactChain() throws Exception {
    // GIVEN a second pool on the same database and 8 threads
    try (Database second = database.open()) {
      AuditRepository other = new AuditRepository(second);
      ExecutorService threads = Executors.newFixedThreadPool(8);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<Long>>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        AuditRepository repository = t % 2 == 0 ? audit : other;
        String actor = "thread-" + t;
        results.add(
            threads.submit(
                () -> {
                  go.await();
                  List<Long> seqs = new ArrayList<>();
                  for (int i = 0; i < 25; i++) {
                    seqs.add(repository.append(T0, actor, "test", "n" + i, null).sequence());
                  }
                  return seqs;
                }));
      }

      // WHEN they all append at once
      go.countDown();
      List<Long> seqs = new ArrayList<>();
      for (Future<List<Long>> result : results) {
        seqs.addAll(result.get());
      }
      threads.shutdown();

      // THEN 200 distinct numbers 1..200, and the chain holds
      assertThat(seqs).hasSize(200).doesNotHaveDuplicates().allMatch(s -> s >= 1 && s <= 200);
      assertThat(audit.firstBrokenLink()).isEmpty();
    }
  }

  private void appendFive() {
    for (int i = 0; i < 5; i++) {
      audit.append(T0.plusSeconds(i), "operator", "command", Integer.toString(i), "detail " + i);
    }
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
