package org.villagecast.fieldtools.sim;

import java.time.Duration;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.TaskOutcome;

/**
 * The terminal's one task (PROTOCOL.md §3.4): waits for its start time, sounds stream frames at
 * their presentation time by the terminal's clock, reports TASK_STARTED and TASK_FINISHED, and
 * writes the play-out log.
 *
 * <p>Stream frames wait in the task until due and are moved to the log whenever something happens
 * (audio, a query, a timer), so no timer runs per frame; only the first frame gets one, because
 * TASK_STARTED must go out when sound begins. A stream ends with the frames of the AUDIO marked
 * 'end of stream', or, if that AUDIO was lost, when no audio came for {@link
 * TerminalProfile#streamIdleTimeout()}.
 */
final class Playback {
  private final TerminalProfile profile;
  private final ClockSync sync;
  private final TerminalTimer timer;
  private final Outbox outbox;
  private final PlayoutLog log;
  private final TerminalOutput output;
  private Task task;

  Playback(
      TerminalProfile profile,
      ClockSync sync,
      TerminalTimer timer,
      Outbox outbox,
      PlayoutLog log,
      TerminalOutput output) {
    this.profile = profile;
    this.sync = sync;
    this.timer = timer;
    this.outbox = outbox;
    this.log = log;
    this.output = output;
  }

  Task current() {
    return task;
  }

  /** Starts a task for an accepted PLAY, pre-empting the current one. */
  void start(Frame frame, Message.Play play, long start) {
    if (task != null) {
      finish(task, TaskOutcome.PREEMPTED, sync.hubNow());
    }
    Task started = new Task(play, frame.messageId(), start);
    task = started;
    if (started.streamed() && !profile.wired()) {
      output.listenToStream(play.streamId());
      armIdleCheck(started, start + micros(profile.noAudioTimeout()));
    } else {
      // A clip, text or URL the terminal renders; on a bus, the gateway's line input.
      started.timers.add(atHubTime(start, () -> startUnframed(started)));
      if (!started.streamed() && play.repeats() > 0) {
        long end = start + micros(profile.clipDuration()) * play.repeats();
        started.timers.add(atHubTime(end, () -> finish(started, TaskOutcome.COMPLETED, end)));
      }
    }
    if (play.endTime() != 0) {
      long end = play.endTime();
      started.timers.add(atHubTime(end, () -> finish(started, TaskOutcome.END_TIME, end)));
    }
  }

  /** STOP: the given broadcast, or whatever the terminal holds when the id is 0. */
  void stop(long broadcastId) {
    if (task != null && (broadcastId == 0 || broadcastId == task.broadcastId())) {
      finish(task, TaskOutcome.STOPPED, sync.hubNow());
    }
  }

  void finishCurrent(TaskOutcome outcome) {
    if (task != null) {
      finish(task, outcome, sync.hubNow());
    }
  }

  void shutdown() {
    if (task != null) {
      task.cancelTimers();
    }
  }

  /** Sounds, as of now, every frame that is due. */
  void catchUp() {
    if (task != null) {
      advance(task, sync.hubNow());
    }
  }

  void audio(Message.Audio audio) {
    Task current = task;
    if (current == null
        || !current.streamed()
        || profile.wired()
        || current.play.streamId() != audio.streamId()) {
      return; // a stream this terminal does not play (any more)
    }
    long now = sync.hubNow();
    advance(current, now);
    long step = audio.frameDuration(); // µs
    int count = audio.frames().size();
    long endTime = current.play.endTime();
    for (int i = 0; i < count; i++) {
      long sequence = audio.sequence() + i; // wraps after 2^32 frames, years of audio: ignored
      long presentation = audio.presentationTime() + i * step;
      if (current.nextSequence >= 0) {
        if (sequence < current.nextSequence) {
          continue; // already played or counted
        }
        current.framesMissed += sequence - current.nextSequence; // lost on the way
      } else {
        // The first audio heard: frames of the stream due since the task's start that never came
        // (the first AUDIO lost, or sent before this terminal subscribed) are missed.
        current.framesMissed +=
            Math.max(0, Math.min(sequence, (presentation - current.startTime) / step));
      }
      current.nextSequence = sequence + 1;
      current.audioEnd = Math.max(current.audioEnd, presentation + step);
      if (presentation + step <= now) {
        current.framesMissed++; // arrived after its time slot
      } else if (presentation >= current.startTime && (endTime == 0 || presentation < endTime)) {
        current.pending.addLast(new Task.PendingFrame(sequence, presentation));
      }
    }
    if (audio.endOfStream()) {
      current.endOfStream = true;
      armIdleCheck(current, Math.max(current.audioEnd, now));
    } else {
      long idleAt = current.audioEnd + micros(profile.streamIdleTimeout());
      if (idleAt < current.idleAt) {
        armIdleCheck(current, idleAt); // the first audio: no longer waiting for the no-audio limit
      }
    }
    if (!current.started() && !current.pending.isEmpty() && !current.startArmed) {
      current.startArmed = true;
      long first = current.pending.peekFirst().presentationTime();
      current.timers.add(atHubTime(first, () -> advance(current, sync.hubNow())));
    }
  }

  private void advance(Task current, long upTo) {
    while (!current.pending.isEmpty() && current.pending.peekFirst().presentationTime() <= upTo) {
      Task.PendingFrame frame = current.pending.pollFirst();
      if (!current.started()) {
        begin(current, frame.presentationTime(), frame.sequence());
      }
      current.framesPlayed++;
      // Played at its presentation time by the terminal's own clock, as a DAC fed in time would.
      log.played(
          new PlayoutLog.PlayedFrame(
              current.broadcastId(),
              frame.sequence(),
              frame.presentationTime(),
              sync.toOwn(frame.presentationTime())));
    }
  }

  private void startUnframed(Task current) {
    if (task == current && !current.started()) {
      begin(current, current.startTime, 0);
    }
  }

  private void begin(Task current, long at, long firstSequence) {
    current.startedAt = at;
    outbox.report(
        current.playMessageId, new Message.TaskStarted(current.broadcastId(), at, firstSequence));
  }

  /** Completes a stream after 'end of stream' or silence, or fails one that never sounded. */
  private void idle(Task current) {
    if (task != current) {
      return;
    }
    long now = sync.hubNow();
    advance(current, now);
    long deadline;
    if (current.endOfStream) {
      deadline = current.audioEnd;
    } else if (current.audioEnd == 0) {
      deadline = current.startTime + micros(profile.noAudioTimeout());
    } else {
      deadline = current.audioEnd + micros(profile.streamIdleTimeout());
    }
    if (now < deadline || !current.pending.isEmpty()) {
      armIdleCheck(current, Math.max(deadline, now + 1));
      return;
    }
    finish(
        current,
        current.framesPlayed == 0 ? TaskOutcome.FAILED : TaskOutcome.COMPLETED,
        current.endOfStream ? Math.min(now, current.audioEnd) : now);
  }

  /** One idle check per task, re-armed when it fires early rather than per AUDIO frame. */
  private void armIdleCheck(Task current, long at) {
    current.idleCheck.cancel();
    current.idleAt = at;
    current.idleCheck = atHubTime(at, () -> idle(current));
  }

  private void finish(Task current, TaskOutcome outcome, long at) {
    if (task != current) {
      return;
    }
    current.cancelTimers();
    advance(current, at);
    current.pending.clear();
    if (current.streamed() && !profile.wired()) {
      output.stopListening(current.play.streamId());
    }
    task = null;
    log.finished(
        new Message.PlayLogEntry(
            current.broadcastId(), current.startedAt, at, outcome, current.framesPlayed));
    outbox.report(
        current.playMessageId,
        new Message.TaskFinished(
            current.broadcastId(),
            current.startedAt,
            at,
            outcome,
            current.framesPlayed,
            current.framesMissed));
  }

  /** Runs {@code action} once the terminal's estimate of hub time reaches {@code target}. */
  TerminalTimer.Cancellable atHubTime(long target, Runnable action) {
    HubTimeAlarm alarm = new HubTimeAlarm(target, action);
    alarm.arm();
    return alarm;
  }

  /** Re-arms itself if it fires early: the terminal's clock drifts and time sync may move it. */
  private final class HubTimeAlarm implements TerminalTimer.Cancellable {
    private final long target;
    private final Runnable action;
    private TerminalTimer.Cancellable current = TerminalTimer.Cancellable.NONE;
    private boolean cancelled;

    HubTimeAlarm(long target, Runnable action) {
      this.target = target;
      this.action = action;
    }

    void arm() {
      long wait = target - sync.hubNow();
      current = timer.schedule(Duration.ofNanos(Math.max(0, wait) * 1000), this::fire);
    }

    private void fire() {
      if (cancelled) {
        return;
      }
      if (sync.hubNow() < target) {
        arm();
      } else {
        action.run();
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      current.cancel();
    }
  }

  static long micros(Duration duration) {
    return duration.toNanos() / 1000;
  }
}
