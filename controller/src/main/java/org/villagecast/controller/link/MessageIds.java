package org.villagecast.controller.link;

import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.controller.store.HubStateRepository;

/**
 * Hands out the message ids of hub frames: u32, 1..{@value #MAX_ID}, never 0 (refers-to 0 means
 * "none"). Ids come from blocks reserved in the store, so they do not repeat across restarts or
 * between the hubs sharing a database (PROTOCOL.md §3.5: a reused id is refused as DUPLICATE and
 * counted as acknowledged). A restart skips the rest of its block; at {@value #DEFAULT_BLOCK_SIZE}
 * ids a block, 2<sup>32</sup> ids last hundreds of thousands of restarts before they wrap.
 *
 * <p>{@link #next()} is cheap, thread-safe and never waits for the store: when half of the current
 * block is used, the next block is reserved on a worker thread, so it is ready before it is needed.
 */
public final class MessageIds {
  private static final Logger LOG = LoggerFactory.getLogger(MessageIds.class);

  /** The largest message id. */
  public static final long MAX_ID = 0xFFFF_FFFFL;

  public static final int DEFAULT_BLOCK_SIZE = 10_000;

  /** After a failed reservation, the next attempt waits this long (the store may be down). */
  static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  /**
   * Reserves a block of ids in the store and returns its first id: the block is [first, first +
   * blockSize), and no other caller ever gets an id of it. Blocking.
   */
  @FunctionalInterface
  public interface BlockReservation {
    long reserve(int blockSize);
  }

  private final BlockReservation reservation;
  private final int blockSize;
  private final Executor worker;

  // All guarded by this.
  private long cursor;
  private long end;
  private long nextBlock = -1; // first id of the block reserved ahead, or -1
  private boolean reserving;
  private long lastFailure = System.nanoTime() - RETRY_NANOS;
  private long blocks;

  private MessageIds(BlockReservation reservation, int blockSize, Executor worker) {
    this.reservation = reservation;
    this.blockSize = blockSize;
    this.worker = worker;
  }

  /**
   * Ids from the hub's store: the first block is reserved now (blocking: call this at start-up, not
   * on an event loop), later ones on Vert.x worker threads, {@value #DEFAULT_BLOCK_SIZE} at a time.
   */
  public static MessageIds reservingFrom(HubStateRepository repository, Vertx vertx) {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(vertx, "vertx");
    Executor worker =
        task ->
            vertx.executeBlocking(
                () -> {
                  task.run();
                  return null;
                },
                false);
    return open(repository::reserveMessageIds, DEFAULT_BLOCK_SIZE, worker);
  }

  /**
   * Ids from any reservation: the first block is reserved now, on the calling thread; later blocks
   * on {@code worker}.
   *
   * @throws RuntimeException whatever the first reservation throws (the store is unreachable)
   */
  public static MessageIds open(BlockReservation reservation, int blockSize, Executor worker) {
    Objects.requireNonNull(reservation, "reservation");
    Objects.requireNonNull(worker, "worker");
    if (blockSize < 2) {
      throw new IllegalArgumentException("block size must be at least 2, not " + blockSize);
    }
    MessageIds ids = new MessageIds(reservation, blockSize, worker);
    long first = checked(reservation.reserve(blockSize));
    synchronized (ids) {
      ids.cursor = first;
      ids.end = ids.blockEnd(first);
      ids.blocks = 1;
    }
    return ids;
  }

  /**
   * The next message id. Never blocks.
   *
   * @throws IllegalStateException when the current block is used up and the next one has not come
   *     from the store yet (the store is slow or down: the reservation's failure is in the log)
   */
  public long next() {
    long id = -1;
    boolean reserve;
    synchronized (this) {
      if (cursor == end && nextBlock >= 0) {
        cursor = nextBlock;
        end = blockEnd(nextBlock);
        nextBlock = -1;
        blocks++;
      }
      if (cursor < end) {
        id = cursor++;
        reserve = nextBlock < 0 && end - cursor <= blockSize / 2 && startReservation();
      } else {
        reserve = startReservation();
      }
    }
    if (reserve) {
      reserveAhead();
    }
    if (id < 0) {
      throw new IllegalStateException(
          "no message id available: the next block of ids has not come from the store yet;"
              + " is the database reachable? (see the log)");
    }
    return id;
  }

  /** How many blocks this instance has used so far, the first included. */
  public synchronized long blocksUsed() {
    return blocks;
  }

  /** Ids left before the store must have answered: the rest of this block and the next one. */
  public synchronized long available() {
    return (end - cursor) + (nextBlock < 0 ? 0 : blockSize);
  }

  public int blockSize() {
    return blockSize;
  }

  /** Whether to start a reservation now; marks one as running if so. Holds the lock. */
  private boolean startReservation() {
    if (reserving || System.nanoTime() - lastFailure < RETRY_NANOS) {
      return false;
    }
    reserving = true;
    return true;
  }

  private void reserveAhead() {
    try {
      worker.execute(this::reserveNow);
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        reserving = false;
        lastFailure = System.nanoTime();
      }
      LOG.warn("Cannot reserve message ids: the worker refused the task ({})", e.toString());
    }
  }

  private void reserveNow() {
    try {
      long first = checked(reservation.reserve(blockSize));
      synchronized (this) {
        nextBlock = first;
        reserving = false;
      }
    } catch (RuntimeException e) {
      synchronized (this) {
        reserving = false;
        lastFailure = System.nanoTime();
      }
      LOG.warn(
          "Reserving the next {} message ids in the store failed: {}; retrying when more ids are"
              + " needed. Commands fail once the current block is used up.",
          blockSize,
          e.toString());
    }
  }

  private static long checked(long first) {
    if (first < 1 || first > MAX_ID) {
      throw new IllegalStateException(
          "the store reserved message ids from " + first + ", outside 1.." + MAX_ID);
    }
    return first;
  }

  /**
   * Where a block ends (exclusive). A block the store placed across the top ends at the top: the
   * store itself starts again at 1 (HubStateRepository does), so running on to 1, 2, ... here would
   * hand out its next block's ids twice.
   */
  private long blockEnd(long first) {
    return Math.min(first + blockSize, MAX_ID + 1);
  }
}
