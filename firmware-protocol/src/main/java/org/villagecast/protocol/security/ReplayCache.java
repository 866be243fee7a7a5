package org.villagecast.protocol.security;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.villagecast.protocol.codec.NackReason;

/**
 * Message ids accepted within the timestamp window, with the answer each got, so no command is
 * executed twice and a repeated frame gets the same answer as the first (PROTOCOL.md §9.5).
 *
 * <p>Memory is bounded for small firmware: a dropped entry's timestamp becomes a floor, and any
 * frame at or below the floor is refused as stale, so dropping an entry can never let its frame
 * back in. The floor only rises. Not thread-safe: one per terminal.
 */
public final class ReplayCache {
  private static final class Entry {
    final long messageId;
    final long timestamp;
    NackReason refusal;

    Entry(long messageId, long timestamp) {
      this.messageId = messageId;
      this.timestamp = timestamp;
    }
  }

  private final int capacity;
  private final long windowMicros;
  private final ArrayDeque<Entry> byAge = new ArrayDeque<>();
  private final Map<Long, Entry> byId = new HashMap<>();
  private long floor = Long.MIN_VALUE;

  public ReplayCache(int capacity, long windowMicros) {
    this.capacity = capacity;
    this.windowMicros = windowMicros;
  }

  /** Whether a frame with this timestamp is at or below the floor: refused as stale. */
  public boolean belowFloor(long timestamp) {
    return timestamp <= floor;
  }

  /** Refuses every frame at or before this timestamp from now on. */
  public void raiseFloor(long timestamp) {
    floor = Math.max(floor, timestamp);
  }

  public boolean seen(long messageId) {
    return byId.containsKey(messageId);
  }

  /** The NACK reason a remembered frame got after its checks, or null if it was executed. */
  public NackReason refusalOf(long messageId) {
    Entry entry = byId.get(messageId);
    return entry == null ? null : entry.refusal;
  }

  /**
   * Records a frame that passed the security checks; {@code now} is the terminal's estimate of hub
   * time. Entries older than twice the window are dropped (the window alone refuses their frames,
   * and the floor covers a clock that later moves back).
   */
  public void remember(long messageId, long timestamp, long now) {
    while (!byAge.isEmpty() && byAge.peekFirst().timestamp < now - 2 * windowMicros) {
      drop(byAge.pollFirst());
    }
    if (byAge.size() >= capacity) {
      drop(byAge.pollFirst());
    }
    Entry entry = new Entry(messageId, timestamp);
    byAge.addLast(entry);
    byId.put(messageId, entry);
  }

  /** Notes that a remembered frame was refused after the security checks (quiet hours, busy…). */
  public void refused(long messageId, NackReason reason) {
    Entry entry = byId.get(messageId);
    if (entry != null) {
      entry.refusal = reason;
    }
  }

  private void drop(Entry entry) {
    byId.remove(entry.messageId);
    raiseFloor(entry.timestamp);
  }

  public int size() {
    return byId.size();
  }
}
