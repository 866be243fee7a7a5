package org.villagecast.fieldtools.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;

/**
 * The terminal's estimate of hub time: its own clock corrected by an offset and a drift learned
 * from NTP-style exchanges (PROTOCOL.md §3.2). Of the samples of a round it keeps the one with the
 * smallest round-trip delay, whose offset error is smallest (at most half that delay). The best
 * samples of recent rounds give offset and drift (the clock's frequency error) by a line fitted to
 * them, each counted by how little it was delayed, so the estimate stays within a millisecond or
 * two between rounds: a crystal 100 ppm off drifts 60 ms in 10 minutes, enough to hear as echo
 * between horns, and a busy network or hub makes delays asymmetric, a sample's error growing with
 * its delay. Single-threaded.
 */
final class ClockSync {
  /** One exchange's result, in microseconds. */
  record Sample(long offset, long delay) {}

  /** A round's best sample: when (own clock, mid-exchange), the offset and its delay. */
  private record Point(long ownAt, long offset, long delay) {}

  /** Rounds whose best samples the drift is fitted to. */
  static final int HISTORY = 8;

  /**
   * How far crystals' drifts spread (ppm, one standard deviation): ±100 ppm taken as evenly likely.
   */
  static final double DRIFT_SPREAD_PPM = 60;

  /** The least error assumed of a sample (µs): clock readings and timers are not exact. */
  static final double LEAST_ERROR = 250;

  private final SimulatedClock own;
  private final ArrayDeque<Point> history = new ArrayDeque<>();
  // The estimate: offset(t) = referenceOffset + drift × (t − referenceOwn), t on the own clock.
  private long referenceOwn;
  private long referenceOffset;
  private double drift;
  private boolean synced;
  private Point bestOfRound;
  private long pendingMessageId = -1;
  private long pendingT1;

  ClockSync(SimulatedClock own) {
    this.own = own;
  }

  /** Hub time as this terminal believes it, in microseconds. */
  long hubNow() {
    long now = own.micros();
    return now + offsetAt(now);
  }

  /** The terminal's own clock reading for a moment given in (estimated) hub time. */
  long toOwn(long hubMicros) {
    // own + referenceOffset + drift × (own − referenceOwn) = hub, solved for own
    long fromReference = hubMicros - referenceOffset - referenceOwn;
    return referenceOwn + Math.round(fromReference / (1 + drift));
  }

  /** The offset to hub time now, µs. */
  long offsetMicros() {
    return offsetAt(own.micros());
  }

  /** Rounds with a sample, of those kept for the drift estimate. */
  int rounds() {
    return history.size();
  }

  private long offsetAt(long ownMicros) {
    return referenceOffset + Math.round(drift * (ownMicros - referenceOwn));
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

  /** The round is over: its best sample joins the history, and the estimate is fitted again. */
  void endRound() {
    if (bestOfRound == null) {
      return;
    }
    history.addLast(bestOfRound);
    while (history.size() > HISTORY) {
      history.removeFirst();
    }
    fit();
  }

  /**
   * The line through the kept samples that fits them best, each counted by how far it can be off
   * (weight 1 / σ², σ = half its delay: a sample queued behind a crowd of others, 10-300 ms where a
   * quiet exchange takes 1-2 ms, counts next to nothing), with the drift drawn towards 0 as far as
   * a crystal's spread makes likely ({@link #DRIFT_SPREAD_PPM}): a posterior under a normal prior.
   * So the drift is as good as the samples allow, and a few noisy samples cannot bend it far (a
   * drift wrong by 100 ppm is 6 ms a minute).
   */
  private void fit() {
    long t0 = history.peekFirst().ownAt();
    long y0 = history.peekFirst().offset();
    // Relative to the first point, so the sums stay small and exact in doubles.
    double weights = 0;
    double meanX = 0;
    double meanY = 0;
    for (Point p : history) {
      double w = weight(p);
      weights += w;
      meanX += w * (p.ownAt() - t0);
      meanY += w * (p.offset() - y0);
    }
    meanX /= weights;
    meanY /= weights;
    double sxx = 0;
    double sxy = 0;
    for (Point p : history) {
      double dx = p.ownAt() - t0 - meanX;
      sxx += weight(p) * dx * dx;
      sxy += weight(p) * dx * (p.offset() - y0 - meanY);
    }
    double spread = DRIFT_SPREAD_PPM / 1e6;
    drift = sxy / (sxx + 1 / (spread * spread));
    referenceOwn = t0 + Math.round(meanX);
    referenceOffset = y0 + Math.round(meanY);
  }

  /** 1 / σ², σ = half the sample's delay (its largest error), at least {@link #LEAST_ERROR}. */
  private static double weight(Point p) {
    double sigma = Math.max(LEAST_ERROR, p.delay() / 2.0);
    return 1 / (sigma * sigma);
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
   * sent. The first sample ever is used at once; later ones when their round ends.
   */
  Sample responseReceived(long t1, long t2, long t3, long t4) {
    if (t1 != pendingT1) {
      return null;
    }
    pendingMessageId = -1;
    Sample sample = new Sample(((t2 - t1) + (t3 - t4)) / 2, (t4 - t1) - (t3 - t2));
    if (bestOfRound == null || sample.delay() < bestOfRound.delay()) {
      bestOfRound = new Point(t1 + (t4 - t1) / 2, sample.offset(), sample.delay());
      if (history.isEmpty()) {
        referenceOwn = bestOfRound.ownAt();
        referenceOffset = sample.offset();
      }
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
