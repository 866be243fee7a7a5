package org.villagecast.controller.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.villagecast.schedules.Priority;

class RenderQueueTest {
  private static final Instant T = Instant.parse("2026-11-30T07:00:00Z");

  /**
   * Verifies the order renders wait in: the strongest priority first, then the one due first, then
   * the order of request.
   */
  @Test
  void waitingRenders_strongestThenSoonestThenFirstRequested() throws Exception {
    try (RenderQueue queue = new RenderQueue(1)) {
      // GIVEN the only thread busy
      CountDownLatch busy = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      queue.submit(
          Priority.BACKGROUND,
          T,
          () -> {
            busy.countDown();
            return release.await(10, TimeUnit.SECONDS);
          });
      assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
      List<String> order = new CopyOnWriteArrayList<>();

      // WHEN renders queue up behind it
      queue.submit(Priority.BACKGROUND, T.plusSeconds(60), () -> order.add("background, 07:01"));
      queue.submit(Priority.NOTICE, T.plusSeconds(300), () -> order.add("notice, 07:05, first"));
      queue.submit(Priority.BACKGROUND, T, () -> order.add("background, 07:00"));
      queue.submit(Priority.NOTICE, T.plusSeconds(300), () -> order.add("notice, 07:05, second"));
      CompletableFuture<Boolean> last =
          queue.submit(Priority.NOTICE, T.plusSeconds(10), () -> order.add("notice, 07:00:10"));
      assertThat(queue.waiting()).isEqualTo(5);
      release.countDown();
      last.get(10, TimeUnit.SECONDS);
      queue.submit(Priority.BACKGROUND, T, () -> true).get(10, TimeUnit.SECONDS);

      // THEN
      assertThat(order)
          .containsExactly(
              "notice, 07:00:10",
              "notice, 07:05, first",
              "notice, 07:05, second",
              "background, 07:00",
              "background, 07:01");
    }
  }

  /** Verifies that a render's failure reaches its caller, and the queue goes on. */
  @Test
  void failure_reachesCaller() throws Exception {
    try (RenderQueue queue = new RenderQueue(1)) {
      CompletableFuture<Object> failed =
          queue.submit(
              Priority.NOTICE,
              T,
              () -> {
                throw new IllegalArgumentException("no such clip");
              });

      assertThat(failed)
          .failsWithin(10, TimeUnit.SECONDS)
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withCauseInstanceOf(IllegalArgumentException.class);
      assertThat(queue.submit(Priority.NOTICE, T, () -> "next").get(10, TimeUnit.SECONDS))
          .isEqualTo("next");
    }
  }
}
