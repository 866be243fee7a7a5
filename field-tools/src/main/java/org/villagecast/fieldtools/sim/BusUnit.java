package org.villagecast.fieldtools.sim;

import java.util.ArrayDeque;
import java.util.Iterator;
import org.villagecast.protocol.codec.MessageType;

/**
 * One reference terminal as a unit on an RS-485 bus (PROTOCOL.md §8.3): the answer to a COMMAND
 * addressed to it goes back at once, everything else waits in its queue for a POLL.
 */
final class BusUnit implements TerminalOutput {
  /** Frames a unit holds for POLL; the protocol asks for at least 8. */
  static final int QUEUE_CAPACITY = 16;

  private final int address;
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private ReferenceTerminal terminal;
  private long answering = -1;
  private byte[] immediate;
  private long dropped;

  BusUnit(int address) {
    this.address = address;
  }

  void attach(ReferenceTerminal unitTerminal) {
    this.terminal = unitTerminal;
  }

  int address() {
    return address;
  }

  ReferenceTerminal terminal() {
    return terminal;
  }

  boolean dead() {
    return terminal.faults().dead();
  }

  /**
   * Runs a COMMAND addressed to this unit; returns its immediate answer (the ACK, NACK or report
   * referring to it), or null for NOTHING. Anything else it sends meanwhile is queued.
   */
  byte[] command(byte[] message) {
    answering = HeaderPeek.messageId(message);
    immediate = null;
    try {
      terminal.onFrame(message);
    } finally {
      answering = -1;
    }
    return immediate;
  }

  /** Runs a broadcast COMMAND: never answered directly, its answers are queued. */
  void broadcast(byte[] message) {
    terminal.onFrame(message);
  }

  /**
   * The oldest queued frame for a POLL, or null for NOTHING. A queued TIME_SYNC_REQUEST gets its t1
   * only now, when it is actually sent; one abandoned meanwhile is skipped.
   */
  byte[] poll() {
    while (!queue.isEmpty()) {
      byte[] next = queue.pollFirst();
      if (isType(next, MessageType.TIME_SYNC_REQUEST)) {
        next = terminal.retimeTimeSyncRequest(next);
      }
      if (next != null) {
        return next;
      }
    }
    return null;
  }

  int queued() {
    return queue.size();
  }

  long dropped() {
    return dropped;
  }

  @Override
  public void send(byte[] frame, boolean reliable) {
    if (answering >= 0 && immediate == null && HeaderPeek.refersTo(frame) == answering) {
      immediate = frame;
      return;
    }
    if (queue.size() >= QUEUE_CAPACITY) {
      dropOne();
    }
    queue.addLast(frame);
  }

  /** When full, the oldest HEARTBEAT goes first, else the oldest frame. */
  private void dropOne() {
    dropped++;
    for (Iterator<byte[]> it = queue.iterator(); it.hasNext(); ) {
      if (isType(it.next(), MessageType.HEARTBEAT)) {
        it.remove();
        return;
      }
    }
    queue.pollFirst();
  }

  private static boolean isType(byte[] frame, MessageType type) {
    return frame.length > 1 && (frame[1] & 0xFF) == type.code;
  }
}
