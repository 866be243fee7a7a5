package org.villagecast.fieldtools.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The terminal's estimate of hub time: its own clock plus an offset learned from NTP-style
 * exchanges (PROTOCOL.md §3.2). Of the samples of a round it keeps the one with the smallest
 * round-trip delay, whose offset error is smallest (at most half that delay). Single-threaded.
 */
final class ClockSync {
  /** One exchange's result, in microseconds. */
  record Sample(long offset, long delay) {}

  private final SimulatedClock own;
  private long offsetMicros;
  private boolean synced;
  private Sample bestOfRound;
  private long pendingMessageId = -1;
  private long pendingT1;

  ClockSync(SimulatedClock own) {
    this.own = own;
  }

  /** Hub time as this terminal believes it, in microseconds. */
  long hubNow() {
    return own.micros() + offsetMicros;
  }

  /** The terminal's own clock reading for a moment given in (estimated) hub time. */
  long toOwn(long hubMicros) {
    return hubMicros - offsetMicros;
  }

  long offsetMicros() {
    return offsetMicros;
  }

  /** Whether any exchange has succeeded since start. */
  boolean synced() {
    return synced;
  }

  void newRound() {
    bestOfRound = null;
  }

  boolean roundHadSample() {
    return bestOfRound != null;
  }

  /** Notes the request being sent now; only a response to it will be taken. Returns t1. */
  long requestSent(long messageId) {
    pendingMessageId = messageId;
    pendingT1 = own.micros();
    return pendingT1;
  }

  /** The outstanding request went unanswered: a late answer to it will be ignored. */
  void abandon() {
    pendingMessageId = -1;
  }

  /** Whether a frame referring to this message id answers the outstanding request. */
  boolean awaits(long refersTo) {
    return pendingMessageId >= 0 && refersTo == pendingMessageId;
  }

  /**
   * Takes the hub's t1, t2, t3 and this terminal's own clock when the frame arrived, t4 (before the
   * signature check, whose time is not network delay): offset = ((t2 − t1) + (t3 − t4)) / 2 and
   * delay = (t4 − t1) − (t3 − t2). Returns the sample, or null when t1 is not the one this terminal
   * sent.
   */
  Sample responseReceived(long t1, long t2, long t3, long t4) {
    if (t1 != pendingT1) {
      return null;
    }
    pendingMessageId = -1;
    Sample sample = new Sample(((t2 - t1) + (t3 - t4)) / 2, (t4 - t1) - (t3 - t2));
    if (bestOfRound == null || sample.delay() < bestOfRound.delay()) {
      bestOfRound = sample;
      offsetMicros = sample.offset();
    }
    synced = true;
    return sample;
  }

  /** A {@link Clock} reading this estimate of hub time, for the command guard's window check. */
  Clock hubClock() {
    return new Clock() {
      @Override
      public Instant instant() {
        return SimulatedClock.ofMicros(hubNow());
      }

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }
    };
  }
}
