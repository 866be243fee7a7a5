package org.villagecast.fieldtools.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The terminal's estimate of hub time: its own clock corrected by an offset and a drift learned
 * from NTP-style exchanges (PROTOCOL.md §3.2). Of the samples of a round it keeps the one with the
 * smallest round-trip delay, whose offset error is smallest (at most half that delay). The best
 * samples of recent rounds give the clock's drift (its frequency error) by a least-squares line, so
 * the estimate stays within a millisecond between rounds: a crystal 100 ppm off drifts 60 ms in 10
 * minutes, enough to hear as echo between horns. Samples delayed far more than the best are left
 * out (a busy network or hub makes the delays asymmetric). Single-threaded.
 */
final class ClockSync {
  /** One exchange's result, in microseconds. */
  record Sample(long offset, long delay) {}

  /** A round's best sample: when (own clock, mid-exchange), the offset and its delay. */
  private record Point(long ownAt, long offset, long delay) {}

  /** Rounds whose best samples the drift is fitted to. */
  static final int HISTORY = 8;

  /** A fitted drift beyond this (ppm) is a bad fit, not a clock: a crystal is within ±100. */
  static final double MAX_DRIFT_PPM = 500;

  /** How far a clock of unknown drift may have drifted per unit of time (a crystal's ±100 ppm). */
  static final double UNKNOWN_DRIFT_PPM = 100;

  /** A fitted drift is used only when known this well (standard error, ppm). */
  static final double MAX_DRIFT_ERROR_PPM = 50;

  /** The fit needs samples at least this far apart (µs): offsets are only known to ~delay/2. */
  static final long MIN_SPAN_MICROS = 10_000_000;

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
   * Least squares over the kept samples whose delay is near the best (within twice the smallest, or
   * 2 ms). The slope is taken as the drift only when it is well determined (three samples or more,
   * its standard error at most {@link #MAX_DRIFT_ERROR_PPM}): two samples seconds apart, or samples
   * made noisy by a loaded network, would give a drift that does more harm than none. Otherwise the
   * drift is kept and the estimate goes through the most trusted sample.
   */
  private void fit() {
    long smallest = history.stream().mapToLong(Point::delay).min().orElseThrow();
    long limit = Math.max(2 * smallest, smallest + 2_000);
    List<Point> good = history.stream().filter(p -> p.delay() <= limit).toList();
    Point newest = good.get(good.size() - 1);
    Point best = mostTrusted(good, newest.ownAt());
    referenceOwn = best.ownAt();
    referenceOffset = best.offset();
    long span = newest.ownAt() - good.get(0).ownAt();
    if (good.size() < 3 || span < MIN_SPAN_MICROS) {
      return;
    }
    // Relative to the first point, so the sums stay small and exact in doubles.
    long t0 = good.get(0).ownAt();
    long y0 = good.get(0).offset();
    double n = good.size();
    double meanX = 0;
    double meanY = 0;
    for (Point p : good) {
      meanX += (p.ownAt() - t0) / n;
      meanY += (p.offset() - y0) / n;
    }
    double sxx = 0;
    double sxy = 0;
    for (Point p : good) {
      double dx = p.ownAt() - t0 - meanX;
      sxx += dx * dx;
      sxy += dx * (p.offset() - y0 - meanY);
    }
    double slope = sxy / sxx;
    double squares = 0;
    for (Point p : good) {
      double residual = p.offset() - y0 - meanY - slope * (p.ownAt() - t0 - meanX);
      squares += residual * residual;
    }
    double standardError = Math.sqrt(squares / (n - 2) / sxx);
    if (standardError > MAX_DRIFT_ERROR_PPM / 1e6 || Math.abs(slope) > MAX_DRIFT_PPM / 1e6) {
      return;
    }
    drift = slope;
    referenceOwn = t0 + Math.round(meanX);
    referenceOffset = y0 + Math.round(meanY);
  }

  /**
   * The sample whose offset is most likely right now: its own error is up to half its delay, and an
   * older one has drifted since by up to the drift's uncertainty (100 ppm until the drift is known)
   * times its age.
   */
  private Point mostTrusted(List<Point> points, long now) {
    double uncertainty = (drift == 0 ? UNKNOWN_DRIFT_PPM : MAX_DRIFT_ERROR_PPM) / 1e6;
    Point best = null;
    double bestError = Double.MAX_VALUE;
    for (Point p : points) {
      double error = p.delay() / 2.0 + uncertainty * (now - p.ownAt());
      if (error < bestError) {
        bestError = error;
        best = p;
      }
    }
    return best;
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
