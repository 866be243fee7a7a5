package org.villagecast.fieldtools.sim;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.villagecast.protocol.codec.MessageType;

/** Counters of a fleet, updated from its event loops and read from anywhere. */
public final class FleetStats {
  final AtomicInteger connected = new AtomicInteger();
  final LongAdder connects = new LongAdder();
  final LongAdder connectFailures = new LongAdder();
  final LongAdder connectionsLost = new LongAdder();
  final LongAdder framesIn = new LongAdder();
  final LongAdder framesOut = new LongAdder();
  final LongAdder heartbeats = new LongAdder();
  final LongAdder dropped = new LongAdder();
  volatile String lastConnectError;

  void sent(byte[] frame) {
    framesOut.increment();
    if (frame.length > 1 && (frame[1] & 0xFF) == MessageType.HEARTBEAT.code) {
      heartbeats.increment();
    }
  }

  /** Terminals connected to the broker now. */
  public int connected() {
    return connected.get();
  }

  /** Successful connects, reconnects included. */
  public long connects() {
    return connects.sum();
  }

  public long connectFailures() {
    return connectFailures.sum();
  }

  /** Connections that closed without the fleet asking. */
  public long connectionsLost() {
    return connectionsLost.sum();
  }

  /** Frames delivered to terminals. */
  public long framesIn() {
    return framesIn.sum();
  }

  /** Frames published by terminals. */
  public long framesOut() {
    return framesOut.sum();
  }

  public long heartbeats() {
    return heartbeats.sum();
  }

  /** Why the last connect failed (e.g. "Connection refused"), or null. */
  public String lastConnectError() {
    return lastConnectError;
  }

  /** Frames a terminal could not publish (offline and unreliable, or its backlog full). */
  public long dropped() {
    return dropped.sum();
  }
}
