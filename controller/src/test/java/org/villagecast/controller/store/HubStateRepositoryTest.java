package org.villagecast.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.villagecast.controller.store.HubStateRepository.MAX_MESSAGE_ID;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Message id blocks and key/value hub state, on H2 and PostgreSQL. */
class HubStateRepositoryTest extends StoreTestBase {
  private HubStateRepository state;

  @BeforeEach
  void repository() {
    state = new HubStateRepository(db);
  }

  /** Verifies that blocks follow each other without gaps after the first. */
  @Test
  void reserveMessageIds_consecutiveBlocks() throws SQLException {
    // GIVEN a database whose next id is 1,000
    setNext(1000);

    // WHEN blocks of several sizes are reserved / THEN each starts where the last ended
    assertThat(state.reserveMessageIds(100)).isEqualTo(1000);
    assertThat(state.reserveMessageIds(1)).isEqualTo(1100);
    assertThat(state.reserveMessageIds(4096)).isEqualTo(1101);
    assertThat(state.reserveMessageIds(10)).isEqualTo(5197);
  }

  /**
   * Verifies that the first block of a fresh database starts at a random id that leaves room for
   * the block, so two fresh databases hand out different ids.
   */
  @Test
  void reserveMessageIds_freshDatabases_startAtRandom() {
    // GIVEN two fresh databases
    try (TestDatabase otherDatabase = vendor.create(dir.resolve("other"));
        Database other = otherDatabase.open()) {
      // WHEN each reserves its first block
      long first = state.reserveMessageIds(1000);
      long otherFirst = new HubStateRepository(other).reserveMessageIds(1000);

      // THEN the blocks lie within the id range and start apart (1 in 4 million chance of a
      // false failure)
      assertThat(first).isBetween(1L, MAX_MESSAGE_ID - 999);
      assertThat(otherFirst).isBetween(1L, MAX_MESSAGE_ID - 999);
      assertThat(first).isNotEqualTo(otherFirst);
      // AND the next block continues after the random one
      assertThat(state.reserveMessageIds(1000))
          .isEqualTo(first + 1000 > MAX_MESSAGE_ID - 999 ? 1 : first + 1000);
    }
  }

  /** Verifies that a block ending exactly at 2^32−1 is handed out, and the next starts at 1. */
  @Test
  void reserveMessageIds_exactFitAtTop_thenWraps() throws SQLException {
    // GIVEN the next id is ten below the top
    setNext(MAX_MESSAGE_ID - 9);

    // WHEN two blocks of ten are reserved
    // THEN the first ends at the top and the second starts again at 1
    assertThat(state.reserveMessageIds(10)).isEqualTo(MAX_MESSAGE_ID - 9);
    assertThat(state.reserveMessageIds(10)).isEqualTo(1);
    assertThat(state.reserveMessageIds(10)).isEqualTo(11);
  }

  /** Verifies that a block that would pass 2^32−1 starts at 1 instead. */
  @Test
  void reserveMessageIds_pastTop_wrapsToOne() throws SQLException {
    // GIVEN the next id is five below the top
    setNext(MAX_MESSAGE_ID - 5);

    // WHEN a block of ten is reserved / THEN it starts at 1 (ids 0 and above the top never used)
    assertThat(state.reserveMessageIds(10)).isEqualTo(1);
    assertThat(state.reserveMessageIds(10)).isEqualTo(11);
  }

  /** Verifies that a block size below 1 is refused. */
  @Test
  void reserveMessageIds_badBlockSize_refused() {
    assertThatThrownBy(() -> state.reserveMessageIds(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> state.reserveMessageIds(-5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Verifies that two repositories on two pools of one database (two hubs), reserving from 8
   * threads at once, never get overlapping blocks, and together use the ids without gaps.
   */
  @Test
  void reserveMessageIds_twoHubsConcurrently_neverOverlap() throws Exception {
    // GIVEN a second pool on the same database, and the next id at 1,000
    setNext(1000);
    int blockSize = 100;
    int blocksPerThread = 25;
    try (Database second = database.open()) {
      HubStateRepository other = new HubStateRepository(second);
      ExecutorService threads = Executors.newFixedThreadPool(8);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<Long>>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        HubStateRepository repository = t % 2 == 0 ? state : other;
        results.add(
            threads.submit(
                () -> {
                  go.await();
                  List<Long> firsts = new ArrayList<>();
                  for (int i = 0; i < blocksPerThread; i++) {
                    firsts.add(repository.reserveMessageIds(blockSize));
                  }
                  return firsts;
                }));
      }

      // WHEN all threads reserve at once
      go.countDown();
      List<Long> firsts = new ArrayList<>();
      for (Future<List<Long>> result : results) {
        firsts.addAll(result.get());
      }
      threads.shutdown();

      // THEN the 200 blocks tile 1,000 … 20,999 exactly: none overlaps, none is skipped
      Collections.sort(firsts);
      assertThat(firsts).hasSize(8 * blocksPerThread);
      for (int i = 0; i < firsts.size(); i++) {
        assertThat(firsts.get(i)).as("block %d", i).isEqualTo(1000L + (long) i * blockSize);
      }
    }
  }

  /** Verifies that get/put store, replace and read text values, and guard the message id key. */
  @Test
  void getPut_roundTrip() {
    // GIVEN nothing under a key
    assertThat(state.get("hub.name")).isEmpty();

    // WHEN a value is put, then replaced
    state.put("hub.name", "县中心");
    state.put("hub.name", "county hub 2");

    // THEN the latest reads back; the message id key cannot be written this way
    assertThat(state.get("hub.name")).contains("county hub 2");
    assertThat(state.get(HubStateRepository.NEXT_MESSAGE_ID)).contains("0");
    assertThatThrownBy(() -> state.put(HubStateRepository.NEXT_MESSAGE_ID, "1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private void setNext(long next) throws SQLException {
    assertThat(
            sql(
                "UPDATE hub_state SET state_value = '"
                    + next
                    + "' WHERE state_key = '"
                    + HubStateRepository.NEXT_MESSAGE_ID
                    + "'"))
        .isEqualTo(1);
  }
}
