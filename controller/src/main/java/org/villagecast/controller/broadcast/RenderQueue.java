package org.villagecast.controller.broadcast;

import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.villagecast.schedules.Priority;

/**
 * Renders programmes on threads of its own, the strongest broadcast first, then the one due first,
 * then in order of request: a village's notice "now" is not queued behind the 50 programmes of a
 * county's daily round (each takes seconds of CPU, docs/performance.md).
 *
 * <p>Its own threads, not the hub's worker pool: measured with the shared pool, 50 renders at once
 * blocked it for a minute and took the CPU from the paced audio.
 */
final class RenderQueue implements AutoCloseable {
  private final ThreadPoolExecutor threads;
  private final AtomicLong requests = new AtomicLong();

  RenderQueue(int threadCount) {
    AtomicInteger number = new AtomicInteger();
    this.threads =
        new ThreadPoolExecutor(
            threadCount,
            threadCount,
            0,
            TimeUnit.MILLISECONDS,
            new PriorityBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "broadcast-render-" + number.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Runs {@code render} when its turn comes.
   *
   * @param priority the broadcast's priority (stronger first)
   * @param due when the broadcast is to start (sooner first)
   */
  <T> CompletableFuture<T> submit(Priority priority, Instant due, Callable<T> render) {
    Job<T> job = new Job<>(priority.rank(), due, requests.incrementAndGet(), render);
    try {
      threads.execute(job);
    } catch (RejectedExecutionException stopping) {
      job.result.completeExceptionally(new IllegalStateException("the hub is stopping"));
    }
    return job.result;
  }

  /** Renders still waiting for a thread. */
  int waiting() {
    return threads.getQueue().size();
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }

  private static final class Job<T> implements Runnable, Comparable<Job<?>> {
    final int rank;
    final Instant due;
    final long order;
    final Callable<T> render;
    final CompletableFuture<T> result = new CompletableFuture<>();

    Job(int rank, Instant due, long order, Callable<T> render) {
      this.rank = rank;
      this.due = due;
      this.order = order;
      this.render = render;
    }

    @Override
    public void run() {
      try {
        result.complete(render.call());
      } catch (Exception | Error e) {
        result.completeExceptionally(e);
      }
    }

    @Override
    public int compareTo(Job<?> other) {
      if (rank != other.rank) {
        return Integer.compare(other.rank, rank);
      }
      int byDue = due.compareTo(other.due);
      return byDue != 0 ? byDue : Long.compare(order, other.order);
    }
  }
}
