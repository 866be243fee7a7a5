package org.villagecast.protocol.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.MessageType;
import org.villagecast.protocol.codec.NackReason;

/**
 * The terminal's security checks for a hub frame, in the order of PROTOCOL.md §9.3: signature
 * present, key known, signature valid, clock synchronised and timestamp inside the window, message
 * id not seen before. The caller has already decoded the frame and checked its address.
 *
 * <p>Until {@link #synchronised()} is called after the first time sync, every frame but
 * TIME_SYNC_RESPONSE is refused as stale, and from then on nothing older than that moment is
 * accepted: frames captured before a restart cannot be replayed after it.
 *
 * <p>TIME_SYNC_RESPONSE skips the window and the replay cache: a terminal whose clock is wrong must
 * still be able to learn the time. It is accepted only when its refers-to names the terminal's
 * outstanding TIME_SYNC_REQUEST, which the caller checks, and it is valid once.
 */
public final class CommandGuard {
  /** Default window: a frame is accepted up to 30 s before or after the terminal's hub time. */
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);

  /** Default replay cache size. */
  public static final int DEFAULT_REPLAY_CAPACITY = 512;

  private final KeyRing keys;
  private final Clock hubTime;
  private final long windowMicros;
  private final ReplayCache replays;
  private boolean synchronised;

  /**
   * @param hubTime the terminal's estimate of the hub clock (its own clock plus the offset learned
   *     by time sync)
   */
  public CommandGuard(KeyRing keys, Clock hubTime, Duration window, int replayCapacity) {
    this.keys = keys;
    this.hubTime = hubTime;
    this.windowMicros = window.toNanos() / 1000;
    this.replays = new ReplayCache(replayCapacity, windowMicros);
  }

  public CommandGuard(KeyRing keys, Clock hubTime) {
    this(keys, hubTime, DEFAULT_WINDOW, DEFAULT_REPLAY_CAPACITY);
  }

  /** The verdict on one frame: accepted, or the NACK reason with a detail for the log. */
  public record Verdict(NackReason reason, String detail) {
    static final Verdict ACCEPTED = new Verdict(null, "accepted");

    public boolean accepted() {
      return reason == null;
    }
  }

  /**
   * The first time sync since start has completed; {@code hubTime} now gives hub time. Frames
   * stamped at or before this moment are refused from now on. Later calls change nothing.
   */
  public void synchronised() {
    if (!synchronised) {
      synchronised = true;
      replays.raiseFloor(micros(hubTime.instant()));
    }
  }

  public boolean isSynchronised() {
    return synchronised;
  }

  public Verdict check(byte[] wire, Frame frame) {
    switch (keys.verify(wire, frame)) {
      case UNSIGNED:
        return new Verdict(NackReason.UNSIGNED, frame.type() + " must be signed by the hub");
      case UNKNOWN_KEY:
        return new Verdict(
            NackReason.UNKNOWN_KEY, "key id " + frame.signature().keyId() + " is not trusted");
      case BAD_SIGNATURE:
        return new Verdict(NackReason.BAD_SIGNATURE, "signature does not verify");
      case VALID:
        break;
    }
    if (frame.type() == MessageType.TIME_SYNC_RESPONSE) {
      return Verdict.ACCEPTED;
    }
    if (!synchronised) {
      return new Verdict(
          NackReason.STALE, "clock not synchronised since start; waiting for TIME_SYNC_RESPONSE");
    }
    long now = micros(hubTime.instant());
    long age = now - frame.timestamp();
    // Both bounds, not Math.abs(age): a timestamp 2^63 µs away gives age == Long.MIN_VALUE, whose
    // absolute value is still negative, so it would pass as inside the window.
    if (age > windowMicros || age < -windowMicros) {
      return new Verdict(
          NackReason.STALE,
          String.format(
              "timestamp is %+.3f s from hub time, window ±%d s",
              -age / 1e6, windowMicros / 1_000_000));
    }
    if (replays.seen(frame.messageId())) {
      NackReason first = replays.refusalOf(frame.messageId());
      return first == null
          ? new Verdict(
              NackReason.DUPLICATE,
              "message id " + frame.messageId() + " was already executed; not again")
          : new Verdict(first, "repeat of the first answer to message id " + frame.messageId());
    }
    if (replays.belowFloor(frame.timestamp())) {
      return new Verdict(NackReason.STALE, "timestamp is at or below the replay floor");
    }
    replays.remember(frame.messageId(), frame.timestamp(), now);
    return Verdict.ACCEPTED;
  }

  /**
   * Records that an accepted frame was then refused by the terminal (quiet hours, busy, fault, bad
   * value), so that a repeat of it gets the same answer instead of DUPLICATE.
   */
  public void refused(Frame frame, NackReason reason) {
    replays.refused(frame.messageId(), reason);
  }

  public static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
  }
}
