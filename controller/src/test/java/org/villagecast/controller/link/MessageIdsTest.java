package org.villagecast.controller.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Message ids from reserved blocks: in order within a block, the next block reserved ahead on a
 * worker, past the top back to 1 (never 0), never waiting for the store, unique across threads.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MessageIdsTest {
  private final ExecutorService worker = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopWorker() {
    worker.shutdownNow();
  }

  /** A store that hands out consecutive blocks from a start and records each reservation. */
  private static final class Store implements MessageIds.BlockReservation {
    private final AtomicLong next;
    final List<Long> starts = new ArrayList<>();

    Store(long first) {
      this.next = new AtomicLong(first);
    }

    @Override
    public synchronized long reserve(int blockSize) {
      long start = next.getAndAdd(blockSize);
      starts.add(start);
      return start;
    }

    synchronized int reservations() {
      return starts.size();
    }
  }

  /**
   * Verifies that ids run through the first block in order, that the next block is reserved once
   * half the first is used, and that ids continue in it.
   */
  @Test
  void blocks_reservedAheadAndUsedInOrder() throws Exception {
    // GIVEN a store whose blocks start at 1000, 10 ids a block
    Store store = new Store(1000);
    MessageIds ids = MessageIds.open(store, 10, worker);
    assertThat(store.reservations()).isEqualTo(1);

    // WHEN four ids are taken, then the fifth (half the block used)
    List<Long> taken = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      taken.add(ids.next());
    }
    int beforeHalf = store.reservations();
    taken.add(ids.next());
    awaitReservations(store, 2);

    // THEN the second block was asked for at half, not before, and ids go on into it
    assertThat(beforeHalf).isEqualTo(1);
    for (int i = 5; i < 15; i++) {
      taken.add(ids.next());
    }
    List<Long> expected = new ArrayList<>();
    for (long id = 1000; id < 1015; id++) {
      expected.add(id);
    }
    assertThat(taken).isEqualTo(expected);
    assertThat(ids.blocksUsed()).isEqualTo(2);
    assertThat(store.starts).startsWith(1000L, 1010L);
  }

  /**
   * Verifies that ids stop at 4294967295 and go on at 1 with the store's next block, never 0: a
   * block placed across the top (which HubStateRepository never does) ends at the top instead of
   * running on into ids the store hands out again.
   */
  @Test
  void wrap_atTheTopOnToOneNeverZero() throws Exception {
    // GIVEN blocks of 4: the first starting at 4294967294, the next at 1
    long[] starts = {MessageIds.MAX_ID - 1, 1};
    AtomicLong calls = new AtomicLong();
    MessageIds ids = MessageIds.open(size -> starts[(int) calls.getAndIncrement()], 4, worker);

    // WHEN six ids are taken
    List<Long> taken = new ArrayList<>();
    taken.add(ids.next());
    awaitTrue(() -> calls.get() == 2);
    for (int i = 0; i < 5; i++) {
      taken.add(ids.next());
    }

    // THEN
    assertThat(taken).containsExactly(4294967294L, 4294967295L, 1L, 2L, 3L, 4L);
  }

  /**
   * Verifies that next() never waits for the store: while a reservation hangs, ids of the current
   * block keep coming at once, and when the block is used up next() fails fast with a clear message
   * instead of blocking; once the store answers, ids come again.
   */
  @Test
  void slowStore_nextNeverBlocks() throws Exception {
    // GIVEN a store that answers the first reservation and then hangs until released
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong calls = new AtomicLong();
    MessageIds ids =
        MessageIds.open(
            size -> {
              if (calls.getAndIncrement() > 0) {
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return 500;
              }
              return 100;
            },
            10,
            worker);

    // WHEN the whole block is taken while the second reservation hangs
    long begin = System.nanoTime();
    for (int i = 0; i < 10; i++) {
      assertThat(ids.next()).isEqualTo(100 + i);
    }

    // THEN the eleventh fails at once, clearly
    assertThatThrownBy(ids::next)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the next block of ids has not come from the store yet");
    // (a next() that waited for the store would never get here: the store hangs until released)
    assertThat(System.nanoTime() - begin).isLessThan(TimeUnit.SECONDS.toNanos(2));
    awaitTrue(() -> calls.get() >= 2);
    assertThat(calls.get()).as("one reservation at a time").isEqualTo(2);

    // WHEN the store answers
    release.countDown();
    awaitTrue(() -> ids.available() > 0);

    // THEN ids come from the new block
    assertThat(ids.next()).isEqualTo(500);
  }

  /**
   * Verifies that a failing reservation is retried (not at every call: at most once a second) and
   * that ids keep coming from the current block meanwhile.
   */
  @Test
  void failingStore_retriedLater() throws Exception {
    // GIVEN a store that fails its second reservation and succeeds afterwards
    AtomicLong calls = new AtomicLong();
    MessageIds ids =
        MessageIds.open(
            size -> {
              long call = calls.getAndIncrement();
              if (call == 1) {
                throw new IllegalStateException("database down");
              }
              return call == 0 ? 1 : 1_000;
            },
            100,
            worker);

    // WHEN past half of the block, many ids are taken at once
    for (int i = 0; i < 60; i++) {
      ids.next();
    }
    awaitTrue(() -> calls.get() >= 2);
    Thread.sleep(100);

    // THEN the failure was tried once, not at every id
    assertThat(calls.get()).isEqualTo(2);

    // WHEN a second has passed and more ids are taken
    Thread.sleep(MessageIds.RETRY_NANOS / 1_000_000);
    ids.next();
    awaitTrue(() -> calls.get() == 3);

    // THEN the retry brought the next block
    for (int i = 61; i < 100; i++) {
      ids.next();
    }
    assertThat(ids.next()).isEqualTo(1_000);
  }

  /** Verifies that a store answering outside 1..4294967295 is refused at once. */
  @Test
  void outOfRangeBlock_refused() {
    assertThatThrownBy(() -> MessageIds.open(size -> 0, 10, worker))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("outside 1..4294967295");
    assertThatThrownBy(() -> MessageIds.open(size -> MessageIds.MAX_ID + 1, 10, worker))
        .isInstanceOf(IllegalStateException.class);
  }

  /**
   * Verifies that 8 threads taking 20,000 ids each get 160,000 distinct ids, across many blocks.
   */
  @Test
  void concurrency_idsUniqueAcrossThreads() throws Exception {
    // GIVEN blocks of 1000
    Store store = new Store(1);
    MessageIds ids = MessageIds.open(store, 1_000, worker);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    ConcurrentLinkedQueue<Long> all = new ConcurrentLinkedQueue<>();
    AtomicLong refused = new AtomicLong();
    try {
      // WHEN 8 threads take ids as fast as they can (retrying the rare "not yet" refusal)
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        done.add(
            threads.submit(
                () -> {
                  List<Long> mine = new ArrayList<>(20_000);
                  while (mine.size() < 20_000) {
                    try {
                      mine.add(ids.next());
                    } catch (IllegalStateException notYet) {
                      refused.incrementAndGet();
                      Thread.onSpinWait();
                    }
                  }
                  all.addAll(mine);
                }));
      }
      for (Future<?> future : done) {
        future.get(20, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }

    // THEN
    Set<Long> distinct = new HashSet<>(all);
    assertThat(all).hasSize(160_000);
    assertThat(distinct).hasSize(160_000);
    assertThat(ids.blocksUsed()).isGreaterThanOrEqualTo(160);
    System.out.printf(
        "160,000 ids from %d blocks on 8 threads; %d times a thread found no id ready%n",
        ids.blocksUsed(), refused.get());
  }

  private static void awaitReservations(Store store, int count) throws InterruptedException {
    awaitTrue(() -> store.reservations() >= count);
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 5 s");
      }
      Thread.sleep(5);
    }
  }
}
