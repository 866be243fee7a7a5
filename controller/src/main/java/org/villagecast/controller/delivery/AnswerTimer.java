package org.villagecast.controller.delivery;

import java.time.Duration;

/**
 * How long terminals take to answer a command, learnt from their answers the way TCP learns its
 * retransmission timeout (RFC 6298: smoothed time and its variation, updated per answer; answers to
 * retried frames are not sampled, since which frame they answer is unknown). A command's first
 * retry waits at least the smoothed time plus four variations: when a large fan-out makes the
 * broker or the network slow, the hub does not retry terminals that are only slow, which would add
 * a second fan-out to the load that made them slow. Hub context only.
 */
final class AnswerTimer {
  private double smoothedMillis = -1;
  private double variationMillis;

  /** An answer to a frame sent once, {@code took} after the command was sent. */
  void answered(Duration took) {
    double sample = Math.max(0, took.toNanos() / 1e6);
    if (smoothedMillis < 0) {
      smoothedMillis = sample;
      variationMillis = sample / 2;
    } else {
      variationMillis = 0.75 * variationMillis + 0.25 * Math.abs(smoothedMillis - sample);
      smoothedMillis = 0.875 * smoothedMillis + 0.125 * sample;
    }
  }

  /** The wait before a new command's first retry: the estimate, kept within the bounds. */
  Duration firstRetry(Duration atLeast, Duration atMost) {
    if (smoothedMillis < 0) {
      return atLeast;
    }
    Duration estimate = Duration.ofMillis(Math.round(smoothedMillis + 4 * variationMillis));
    if (estimate.compareTo(atLeast) < 0) {
      return atLeast;
    }
    return estimate.compareTo(atMost) > 0 ? atMost : estimate;
  }
}
