package org.villagecast.protocol.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.villagecast.protocol.codec.NackReason;

/** The bounded replay cache: ids, eviction with a floor, and forgetting after the window. */
class ReplayCacheTest {
  private static final long WINDOW = 30_000_000L;
  private static final long NOW = 1_740_816_000_000_000L;

  /** Verifies that remembered ids are seen, others not, and each id counts once. */
  @Test
  void remember_andSeen() {
    ReplayCache cache = new ReplayCache(4, WINDOW);

    cache.remember(1, NOW, NOW);
    cache.remember(2, NOW, NOW);

    assertThat(cache.seen(1)).isTrue();
    assertThat(cache.seen(2)).isTrue();
    assertThat(cache.seen(3)).isFalse();
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.belowFloor(0)).isFalse();
  }

  /**
   * Verifies that a full cache drops its oldest entry and raises the floor to that entry's
   * timestamp: frames at or below it are refused from then on.
   */
  @Test
  void remember_whenFull_raisesTheFloor() {
    ReplayCache cache = new ReplayCache(3, WINDOW);
    for (int i = 0; i < 3; i++) {
      cache.remember(i, NOW + i, NOW);
    }
    assertThat(cache.belowFloor(NOW)).isFalse();

    cache.remember(3, NOW + 3, NOW);

    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.seen(0)).isFalse();
    assertThat(cache.belowFloor(NOW)).isTrue();
    assertThat(cache.belowFloor(NOW - 5)).isTrue();
    assertThat(cache.belowFloor(NOW + 1)).isFalse();
  }

  /** Verifies that the floor never falls, even when entries arrive out of timestamp order. */
  @Test
  void floor_neverFalls() {
    ReplayCache cache = new ReplayCache(1, WINDOW);
    cache.remember(1, NOW + 10, NOW);
    cache.remember(2, NOW + 5, NOW); // drops id 1: floor NOW + 10
    cache.remember(3, NOW + 20, NOW); // drops id 2 (NOW + 5): the floor stays

    assertThat(cache.belowFloor(NOW + 10)).isTrue();
    assertThat(cache.belowFloor(NOW + 11)).isFalse();
  }

  /**
   * Verifies that entries older than twice the window are forgotten, their timestamps joining the
   * floor (which covers a clock that later moves back).
   */
  @Test
  void remember_forgetsEntriesOlderThanTwoWindows() {
    ReplayCache cache = new ReplayCache(8, WINDOW);
    cache.remember(1, NOW, NOW);

    cache.remember(2, NOW + 2 * WINDOW + 1, NOW + 2 * WINDOW + 1);

    assertThat(cache.seen(1)).isFalse();
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.belowFloor(NOW)).isTrue();
    assertThat(cache.belowFloor(NOW + 1)).isFalse();
  }

  /** Verifies that raiseFloor only ever raises it. */
  @Test
  void raiseFloor_onlyRises() {
    ReplayCache cache = new ReplayCache(8, WINDOW);

    cache.raiseFloor(NOW);
    cache.raiseFloor(NOW - 100);

    assertThat(cache.belowFloor(NOW)).isTrue();
    assertThat(cache.belowFloor(NOW + 1)).isFalse();
  }

  /** Verifies that a refusal is kept with its id, and only for ids the cache holds. */
  @Test
  void refused_isKeptWithTheId() {
    ReplayCache cache = new ReplayCache(8, WINDOW);
    cache.remember(1, NOW, NOW);
    cache.remember(2, NOW, NOW);

    cache.refused(1, NackReason.BUSY);
    cache.refused(3, NackReason.FAULT);

    assertThat(cache.refusalOf(1)).isEqualTo(NackReason.BUSY);
    assertThat(cache.refusalOf(2)).isNull();
    assertThat(cache.refusalOf(3)).isNull();
    assertThat(cache.seen(3)).isFalse();
  }
}
