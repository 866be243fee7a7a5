package org.villagecast.controller.broadcast;

import java.util.concurrent.atomic.LongAdder;

/**
 * What every broadcast stream of the hub has sent, for {@code /metrics}: frames sent, and frames
 * published after their presentation time (an underrun: no terminal can play them). Thread-safe.
 */
public final class StreamMeters {
  private final LongAdder framesSent = new LongAdder();
  private final LongAdder framesLate = new LongAdder();

  void sent(int frames, int late) {
    framesSent.add(frames);
    framesLate.add(late);
  }

  public long framesSent() {
    return framesSent.sum();
  }

  public long framesLate() {
    return framesLate.sum();
  }
}
