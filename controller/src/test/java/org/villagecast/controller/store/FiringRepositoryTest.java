package org.villagecast.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.villagecast.controller.scheduling.Firing;
import org.villagecast.controller.scheduling.FiringState;
import org.villagecast.controller.scheduling.OccurrenceKey;

/** Firing records and the scheduler's alive notes, on H2 and PostgreSQL. */
class FiringRepositoryTest extends StoreTestBase {
  private static final Instant NOON = Instant.parse("2026-12-04T04:00:00Z");
  private static final Instant AT = Instant.parse("2026-12-04T03:59:55.000001Z");

  private FiringRepository firings;

  @BeforeEach
  void repository() {
    firings = new FiringRepository(db);
  }

  private static Firing claimOf(String schedule, Instant occurrence) {
    return Firing.of(schedule, occurrence, FiringState.CLAIMED, occurrence, 12, "scheduled", AT);
  }

  /** Verifies that the first claim of an occurrence is stored and a second one is refused. */
  @Test
  void claim_once() {
    Optional<Firing> first = firings.claim(claimOf("noon", NOON));
    Optional<Firing> second = firings.claim(claimOf("noon", NOON));

    assertThat(first).isPresent();
    assertThat(first.get().id()).isPositive();
    assertThat(second).isEmpty();
    // AND another occurrence, or another schedule at the same time, is its own
    assertThat(firings.claim(claimOf("noon", NOON.plusSeconds(86_400)))).isPresent();
    assertThat(firings.claim(claimOf("music", NOON))).isPresent();
    assertThat(firings.find(new OccurrenceKey("noon", NOON))).contains(first.get());
  }

  /**
   * Verifies that when eight threads (two hubs' worth of connections) claim the same occurrence at
   * once, exactly one wins.
   */
  @Test
  void claim_concurrent_exactlyOneWins() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> claims = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        claims.add(() -> firings.claim(claimOf("noon", NOON)).isPresent());
      }
      int winners = 0;
      for (Future<Boolean> f : pool.invokeAll(claims)) {
        winners += f.get() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Verifies that a claim is settled once, to FIRED with its broadcast, and not again. */
  @Test
  void settle_onlyClaimed() {
    firings.claim(claimOf("noon", NOON));
    OccurrenceKey key = new OccurrenceKey("noon", NOON);
    Instant later = AT.plusMillis(40);

    assertThat(firings.settle(key, FiringState.FIRED, 77L, "scheduled", later)).isTrue();
    assertThat(firings.settle(key, FiringState.FAILED, null, "again", later)).isFalse();

    Firing stored = firings.find(key).orElseThrow();
    assertThat(stored.state()).isEqualTo(FiringState.FIRED);
    assertThat(stored.broadcastId()).isEqualTo(77L);
    assertThat(stored.startAt()).isEqualTo(NOON);
    assertThat(stored.terminals()).isEqualTo(12);
    assertThat(stored.recordedAt()).isEqualTo(AT);
    assertThat(stored.updatedAt()).isEqualTo(later);
    assertThat(firings.claimed()).isEmpty();
  }

  /** Verifies the filters and order of the record list, and the keys in a range. */
  @Test
  void between_filtersAndOrder() {
    firings.claim(claimOf("noon", NOON));
    firings.claim(
        Firing.of("music", NOON.plusSeconds(60), FiringState.MISSED, null, 0, "hub down", AT));
    firings.claim(
        Firing.of("noon", NOON.plusSeconds(86_400), FiringState.SKIPPED, null, 0, "holiday", AT));

    assertThat(firings.between(NOON, NOON.plusSeconds(86_401), null, null, 10))
        .extracting(Firing::scheduleId, Firing::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("noon", FiringState.SKIPPED),
            org.assertj.core.groups.Tuple.tuple("music", FiringState.MISSED),
            org.assertj.core.groups.Tuple.tuple("noon", FiringState.CLAIMED));
    assertThat(firings.between(NOON, NOON.plusSeconds(86_401), "noon", null, 10)).hasSize(2);
    assertThat(firings.between(NOON, NOON.plusSeconds(86_401), null, FiringState.MISSED, 10))
        .extracting(Firing::reason)
        .containsExactly("hub down");
    assertThat(firings.between(NOON, NOON.plusSeconds(86_401), null, null, 1)).hasSize(1);
    // [from, to): the end is exclusive
    assertThat(firings.recordedBetween(NOON, NOON.plusSeconds(60)))
        .containsExactly(new OccurrenceKey("noon", NOON));
    assertThat(firings.claimed()).extracting(Firing::scheduleId).containsExactly("noon");
  }

  /** Verifies that the newest alive note of any hub is read, and that a note is replaced. */
  @Test
  void alive_newestOfAnyHub() {
    assertThat(firings.lastAlive()).isEmpty();

    firings.markAlive("hub-a", AT);
    firings.markAlive("hub-b", AT.plusSeconds(30));
    firings.markAlive("hub-a", AT.plusSeconds(10));

    assertThat(firings.lastAlive()).contains(AT.plusSeconds(30));
    firings.markAlive("hub-a", AT.plusSeconds(90));
    assertThat(firings.lastAlive()).contains(AT.plusSeconds(90));
  }

  /** Verifies that a very long reason is cut to fit, not refused. */
  @Test
  void claim_longReason_cut() {
    String reason = "x".repeat(FiringRepository.MAX_REASON + 10);

    Firing stored =
        firings
            .claim(Firing.of("noon", NOON, FiringState.SKIPPED, null, 0, reason, AT))
            .orElseThrow();

    assertThat(stored.reason()).hasSize(FiringRepository.MAX_REASON).endsWith("…");
    assertThat(firings.find(stored.key()).orElseThrow().reason()).isEqualTo(stored.reason());
  }
}
