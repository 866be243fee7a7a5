package org.villagecast.fieldtools.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.villagecast.protocol.codec.Message.PlayLogEntry;

/**
 * What a terminal played: every audio frame (broadcast, sequence, the presentation time the hub
 * asked for, and when the terminal sounded it by its own clock), and every task as the play log
 * reports it. In memory and bounded: the oldest entries go first. Single-threaded.
 */
public final class PlayoutLog {

  /**
   * One audio frame sounded: {@code presentationTime} in hub time as the AUDIO frame said, {@code
   * playedAt} by the terminal's own clock, both in microseconds since the Unix epoch.
   */
  public record PlayedFrame(
      long broadcastId, long sequence, long presentationTime, long playedAt) {}

  private final int frameCapacity;
  private final int taskCapacity;
  private final ArrayDeque<PlayedFrame> frames = new ArrayDeque<>();
  private final ArrayDeque<PlayLogEntry> tasks = new ArrayDeque<>();
  private long framesForgotten;

  public PlayoutLog(int frameCapacity, int taskCapacity) {
    this.frameCapacity = frameCapacity;
    this.taskCapacity = taskCapacity;
  }

  void played(PlayedFrame frame) {
    if (frames.size() >= frameCapacity) {
      frames.removeFirst();
      framesForgotten++;
    }
    frames.addLast(frame);
  }

  void finished(PlayLogEntry task) {
    if (tasks.size() >= taskCapacity) {
      tasks.removeFirst();
    }
    tasks.addLast(task);
  }

  /** Frames played, oldest first. */
  public List<PlayedFrame> frames() {
    return List.copyOf(frames);
  }

  /** Frames of one broadcast, oldest first. */
  public List<PlayedFrame> frames(long broadcastId) {
    return frames.stream().filter(f -> f.broadcastId() == broadcastId).toList();
  }

  /** Finished tasks, oldest first. */
  public List<PlayLogEntry> tasks() {
    return List.copyOf(tasks);
  }

  /** Frames dropped from the front of the log to keep it bounded. */
  public long framesForgotten() {
    return framesForgotten;
  }

  /** The PLAY_LOG_QUERY answer: tasks that started in [from, to], oldest first, at most max. */
  List<PlayLogEntry> query(long from, long to, int max) {
    List<PlayLogEntry> out = new ArrayList<>();
    for (PlayLogEntry task : tasks) {
      if (Long.compareUnsigned(task.startedAt(), from) >= 0
          && Long.compareUnsigned(task.startedAt(), to) <= 0) {
        out.add(task);
        if (out.size() == max) {
          break;
        }
      }
    }
    return out;
  }
}
