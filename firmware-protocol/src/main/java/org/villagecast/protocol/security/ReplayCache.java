package org.villagecast.protocol.security;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * Message ids accepted within the timestamp window, so no command is executed twice.
 *
 * <p>Memory is bounded for small firmware: when full, the oldest entry is dropped and its timestamp
 * becomes a floor; from then on any frame at or before the floor is refused as stale, so dropping
 * an entry can never let its frame back in. Not thread-safe: one per terminal.
 */
public final class ReplayCache {
  private record Entry(long messageId, long timestamp) {}

  private final int capacity;
  private final long windowMicros;
  private final ArrayDeque<Entry> byAge = new ArrayDeque<>();
  private final Set<Long> ids = new HashSet<>();
  private long floor = Long.MIN_VALUE;

  public ReplayCache(int capacity, long windowMicros) {
    this.capacity = capacity;
    this.windowMicros = windowMicros;
  }

  /** Whether the frame is older than what the cache can still vouch for. */
  public boolean belowFloor(long timestamp) {
    return timestamp <= floor;
  }

  public boolean seen(long messageId) {
    return ids.contains(messageId);
  }

  /**
   * Records an accepted frame; {@code now} is the terminal's estimate of hub time. Entries older
   * than twice the window are forgotten, since the window alone refuses their frames.
   */
  public void remember(long messageId, long timestamp, long now) {
    while (!byAge.isEmpty() && byAge.peekFirst().timestamp() < now - 2 * windowMicros) {
      ids.remove(byAge.pollFirst().messageId());
    }
    if (byAge.size() >= capacity) {
      Entry oldest = byAge.pollFirst();
      ids.remove(oldest.messageId());
      floor = Math.max(floor, oldest.timestamp());
    }
    // Entries are nearly in timestamp order; the floor logic only needs the oldest-first order
    // to be approximate, because the floor only ever rises to a timestamp already accepted.
    byAge.addLast(new Entry(messageId, timestamp));
    ids.add(messageId);
  }

  public int size() {
    return ids.size();
  }
}
