package org.villagecast.controller.scheduling;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.villagecast.controller.broadcast.Broadcast;
import org.villagecast.controller.broadcast.BroadcastRequest;
import org.villagecast.controller.broadcast.BroadcastState;
import org.villagecast.controller.broadcast.Broadcasts;

/**
 * A fake of {@link Broadcasts} that records every start: the real broadcast service is being
 * written in parallel and is not on this branch yet. It answers at once with a PLAYING broadcast,
 * or fails or never answers when told to, which is what the scheduler's error and restart paths
 * need. The end-to-end firing against reference terminals is the lead's test once the real service
 * lands (see docs/scheduling.md).
 */
final class RecordingBroadcasts implements Broadcasts {
  /** One call of start: what was asked, by whom, and when by the injected clock and by nanoTime. */
  record Start(BroadcastRequest request, String actor, Instant calledAt, long calledNanos) {}

  /** How the fake answers. */
  enum Mode {
    ACCEPT,
    REFUSE,
    NEVER_ANSWER
  }

  private final Clock clock;
  private final AtomicLong ids = new AtomicLong(1000);
  final List<Start> starts = new CopyOnWriteArrayList<>();
  volatile Mode mode = Mode.ACCEPT;
  volatile RuntimeException refusal;

  RecordingBroadcasts(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Future<Broadcast> start(BroadcastRequest request, String actor) {
    starts.add(new Start(request, actor, clock.instant(), System.nanoTime()));
    switch (mode) {
      case REFUSE:
        return Future.failedFuture(refusal);
      case NEVER_ANSWER:
        return Promise.<Broadcast>promise().future();
      default:
        long id = ids.incrementAndGet();
        return Future.succeededFuture(
            new Broadcast(id, id, request, request.startAt(), BroadcastState.PLAYING, null));
    }
  }

  @Override
  public Future<Broadcast> stop(long broadcastId, String actor) {
    return Future.failedFuture(new UnsupportedOperationException("not used by the scheduler"));
  }

  @Override
  public Optional<Broadcast> find(long broadcastId) {
    return Optional.empty();
  }
}
