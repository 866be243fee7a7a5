package org.villagecast.controller;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store writes in the order they were made, on one thread of their own, so the hub's context never
 * waits for the database and a later change never lands before an earlier one. A failed write is
 * logged and the next ones go on: the live state stays right, and the log says what was not kept.
 */
public final class WriteQueue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WriteQueue.class);

  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "store-writer");
            thread.setDaemon(true);
            return thread;
          });

  /** Queues a write; {@code what} names it in the log if it fails. */
  public void submit(String what, Runnable write) {
    writer.execute(
        () -> {
          try {
            write.run();
          } catch (RuntimeException e) {
            LOG.error(
                "store write failed ({}): {}. The hub keeps running with its live state; check"
                    + " the database (readiness at /ready says whether it answers).",
                what,
                e.getMessage(),
                e);
          }
        });
  }

  /** Waits until every queued write is done (or the timeout passes), then stops the thread. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.error("store writes still queued after 30 s at shutdown; some changes are not kept");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
