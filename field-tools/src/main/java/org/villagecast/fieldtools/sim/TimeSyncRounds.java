package org.villagecast.fieldtools.sim;

import java.time.Duration;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.Message;

/**
 * Time sync as PROTOCOL.md §3.2 runs it: a round of four exchanges one after the other at link-up,
 * then rounds 4 s, 8 s, 16 s … apart up to the interval, so the drift of the terminal's clock is
 * known within a minute of start ({@link ClockSync}); a request unanswered after 5 s is abandoned
 * and the next one sent. In the later rounds the exchanges are 0.1-0.6 s apart at random, so that a
 * round is not spent whole inside a burst of other terminals' exchanges. A round without any answer
 * is retried sooner, backing off from 10 s to the interval, so a fleet without a hub does not flood
 * the broker.
 */
final class TimeSyncRounds {
  static final int EXCHANGES = 4;
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);
  static final Duration FIRST_RETRY = Duration.ofSeconds(10);
  static final Duration FIRST_POLL = Duration.ofSeconds(4);
  static final Duration LEAST_GAP = Duration.ofMillis(100);
  static final Duration GAP_SPREAD = Duration.ofMillis(500);

  /** What the terminal does when a round ends. */
  interface Listener {
    /** A round ended, with or without a sample. */
    void roundEnded(boolean synced);
  }

  private final ClockSync sync;
  private final Outbox outbox;
  private final TerminalTimer timer;
  private final Duration interval;
  private final Listener listener;
  private int exchangesLeft;
  private Duration retry = FIRST_RETRY;
  private Duration poll = FIRST_POLL;
  private final java.util.Random random;
  private boolean running;
  private boolean firstRound;
  private TerminalTimer.Cancellable answerTimeout = TerminalTimer.Cancellable.NONE;

  /** The next round, or the next exchange of a round. */
  private TerminalTimer.Cancellable nextStep = TerminalTimer.Cancellable.NONE;

  /** {@code seed} spreads this terminal's rounds (e.g. its resource code's hash: repeatable). */
  TimeSyncRounds(
      ClockSync sync,
      Outbox outbox,
      TerminalTimer timer,
      Duration interval,
      Listener listener,
      long seed) {
    this.random = new java.util.Random(seed);
    this.sync = sync;
    this.outbox = outbox;
    this.timer = timer;
    this.interval = interval;
    this.listener = listener;
  }

  void start() {
    running = true;
    firstRound = true;
    retry = FIRST_RETRY;
    poll = FIRST_POLL;
    beginRound();
  }

  void stop() {
    running = false;
    answerTimeout.cancel();
    nextStep.cancel();
    sync.abandon();
  }

  /** Starts a round now (or restarts the one under way). */
  void beginRound() {
    if (!running) {
      return;
    }
    nextStep.cancel();
    answerTimeout.cancel();
    exchangesLeft = EXCHANGES;
    sync.newRound();
    sendRequest();
  }

  private void sendRequest() {
    exchangesLeft--;
    long id = outbox.nextId();
    long t1 = sync.requestSent(id);
    outbox.emit(id, 0, new Message.TimeSyncRequest(t1), false);
    answerTimeout = timer.schedule(ANSWER_TIMEOUT, this::unanswered);
  }

  private void unanswered() {
    sync.abandon();
    next();
  }

  /**
   * Takes a TIME_SYNC_RESPONSE that passed the signature checks, and the terminal's own clock when
   * it arrived; false (ignore it) unless it answers the outstanding request with its t1.
   */
  boolean onResponse(Frame frame, Message.TimeSyncResponse response, long arrivedAt) {
    if (!sync.awaits(frame.refersTo())
        || sync.responseReceived(response.t1(), response.t2(), response.t3(), arrivedAt) == null) {
      return false;
    }
    answerTimeout.cancel();
    next();
    return true;
  }

  /**
   * The outstanding request with this id is being transmitted only now (a bus unit's queue): t1 is
   * the moment of sending, so it is taken again. Returns the new t1, or -1 when the request was
   * abandoned meanwhile and must not be sent.
   */
  long transmitting(long messageId) {
    if (!sync.awaits(messageId)) {
      return -1;
    }
    answerTimeout.cancel();
    answerTimeout = timer.schedule(ANSWER_TIMEOUT, this::unanswered);
    return sync.requestSent(messageId);
  }

  private void next() {
    if (!running) {
      return;
    }
    if (exchangesLeft > 0) {
      if (firstRound) {
        sendRequest(); // the terminal refuses commands until synchronised: no waiting
      } else {
        Duration gap = LEAST_GAP.plusMillis((long) (random.nextDouble() * GAP_SPREAD.toMillis()));
        nextStep = timer.schedule(gap, this::sendRequest);
      }
      return;
    }
    boolean synced = sync.roundHadSample();
    firstRound = firstRound && !synced;
    sync.endRound();
    Duration wait = synced ? spread(min(poll, interval)) : retry;
    if (synced) {
      poll = min(poll.multipliedBy(2), interval);
    }
    retry = synced ? FIRST_RETRY : min(retry.multipliedBy(2), interval);
    nextStep = timer.schedule(wait, this::beginRound);
    listener.roundEnded(synced);
  }

  /**
   * The wait, made 0-25 % longer at random: terminals that came up together (after a power cut, a
   * broker restart) would otherwise keep syncing in bursts, and the hub's answers to a burst queue
   * behind each other, which skews every sample of the burst.
   */
  private Duration spread(Duration wait) {
    return wait.plusMillis((long) (random.nextDouble() * 0.25 * wait.toMillis()));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
