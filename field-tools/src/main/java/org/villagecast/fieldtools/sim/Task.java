package org.villagecast.fieldtools.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.SourceKind;

/**
 * One broadcast on one terminal, from an accepted PLAY to its TASK_FINISHED. Times are the
 * terminal's estimate of hub time, in microseconds. Holds the stream frames received but not yet
 * due, so nothing needs a timer per frame.
 */
final class Task {
  /** A stream frame waiting for its presentation time. */
  record PendingFrame(long sequence, long presentationTime) {}

  final Message.Play play;
  final long playMessageId;
  final long startTime;
  final ArrayDeque<PendingFrame> pending = new ArrayDeque<>();
  final List<TerminalTimer.Cancellable> timers = new ArrayList<>(3);

  /** When the first frame (or the clip) sounded; 0 while waiting. */
  long startedAt;

  long framesPlayed;
  long framesMissed;

  /** The sequence number the next AUDIO frame should carry; -1 before the first. */
  long nextSequence = -1;

  /** The AUDIO marked 'end of stream' has come: the task completes after its frames. */
  boolean endOfStream;

  /** Whether the wake-up for the first frame is set. */
  boolean startArmed;

  /** End of the last frame received (presentation time plus duration). */
  long audioEnd;

  /** The idle or no-audio check, and when it fires. */
  TerminalTimer.Cancellable idleCheck = TerminalTimer.Cancellable.NONE;

  long idleAt = Long.MAX_VALUE;

  Task(Message.Play play, long playMessageId, long startTime) {
    this.play = play;
    this.playMessageId = playMessageId;
    this.startTime = startTime;
  }

  long broadcastId() {
    return play.broadcastId();
  }

  boolean streamed() {
    return play.source() == SourceKind.STREAM;
  }

  boolean started() {
    return startedAt != 0;
  }

  void cancelTimers() {
    timers.forEach(TerminalTimer.Cancellable::cancel);
    timers.clear();
    idleCheck.cancel();
  }
}
