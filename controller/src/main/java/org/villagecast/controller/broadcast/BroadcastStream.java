package org.villagecast.controller.broadcast;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.controller.audio.opus.AudioFramePacker;
import org.villagecast.controller.audio.opus.OpusPacket;
import org.villagecast.controller.audio.opus.OpusStreamEncoder;
import org.villagecast.protocol.codec.Message;

/**
 * One broadcast's audio on its way out: the programme's Opus packets, stamped with their
 * presentation times, packed into AUDIO messages on the stream, each published {@code lead} ahead
 * of its presentation time, and the same packets to the listen-back taps.
 *
 * <p>Time comes from the sample count (sample {@code s} is heard at {@code start + s / 48 kHz}), so
 * the stream never drifts from the hub clock, whatever the pacing thread's timing. The stream ends
 * with an AUDIO marked 'end of stream': after the programme, at the end of its window, or after
 * {@link #requestStop()}.
 *
 * <p>{@link #pump} is called by one thread at a time (the pacer); {@link #requestStop()} and the
 * counters may be used from any thread.
 */
final class BroadcastStream {
  private static final Logger LOG = LoggerFactory.getLogger(BroadcastStream.class);

  private final long streamId;
  private final ProgrammeAudio programme;
  private final long startMicros;
  private final AudioFramePacker packer;
  private final AudioOut out;
  private final StreamMeters meters;
  private final int framesPerMessage;
  private final long endMicros;
  private final List<StreamTap> taps = new CopyOnWriteArrayList<>();
  private volatile boolean stopRequested;
  private volatile boolean ended;
  private long nextSequence;

  // Counters, written by the pacing thread.
  private volatile long framesSent;
  private volatile long framesLate;
  private volatile long messagesLost;
  private volatile long smallestHeadroomMicros = Long.MAX_VALUE;

  /**
   * @param startMicros hub time at which the programme's first sample is heard
   * @param endMicros hub time at which the stream ends whatever the programme, or {@link
   *     Long#MAX_VALUE}
   */
  BroadcastStream(
      long streamId,
      ProgrammeAudio programme,
      int framesPerMessage,
      long startMicros,
      long endMicros,
      AudioOut out,
      StreamMeters meters) {
    this.streamId = streamId;
    this.programme = programme;
    this.startMicros = startMicros;
    this.packer = new AudioFramePacker(streamId, framesPerMessage);
    this.framesPerMessage = framesPerMessage;
    this.endMicros = endMicros;
    this.out = out;
    this.meters = meters;
  }

  long streamId() {
    return streamId;
  }

  int preSkip() {
    return programme.preSkip();
  }

  void addTap(StreamTap tap) {
    taps.add(tap);
    if (ended) {
      taps.remove(tap);
      tap.ended();
    }
  }

  void removeTap(StreamTap tap) {
    taps.remove(tap);
  }

  /** Ends the stream at the next pump: the terminals get 'end of stream' within a pacing tick. */
  void requestStop() {
    stopRequested = true;
  }

  boolean ended() {
    return ended;
  }

  /** Hub time (µs) at which the last packet sent so far ends. */
  long sentUntilMicros() {
    return presentationTime(nextSequence);
  }

  /**
   * Sends every AUDIO whose first frame is heard before {@code nowMicros + leadMicros}, and ends
   * the stream when it is due. Returns true once the stream has ended.
   */
  boolean pump(long nowMicros, long leadMicros) {
    while (!ended && (stopRequested || sentUntilMicros() < nowMicros + leadMicros)) {
      step(nowMicros);
    }
    return ended;
  }

  private void step(long nowMicros) {
    boolean last = stopRequested || sentUntilMicros() >= endMicros;
    List<byte[]> payloads = new ArrayList<>(framesPerMessage + 1);
    if (!last) {
      payloads.addAll(programme.next(framesPerMessage));
      last = programme.exhausted() || presentationTime(nextSequence + payloads.size()) >= endMicros;
    }
    if (last) {
      payloads.addAll(programme.finish());
      ended = true;
      programme.close();
    }
    List<OpusPacket> packets = new ArrayList<>(payloads.size());
    for (byte[] payload : payloads) {
      packets.add(new OpusPacket(nextSequence, presentationTime(nextSequence), payload));
      nextSequence++;
    }
    send(packets, last, nowMicros);
    for (StreamTap tap : taps) {
      try {
        for (OpusPacket packet : packets) {
          tap.packet(packet);
        }
        if (last) {
          tap.ended();
        }
      } catch (RuntimeException e) {
        // A listener's fault never reaches the terminals' audio: drop the listener.
        taps.remove(tap);
        LOG.warn("stream {}: a listener failed and was dropped: {}", streamId, e.toString());
      }
    }
  }

  /** Hub time (µs) at which the packet with this sequence number is heard. */
  private long presentationTime(long sequence) {
    return startMicros + OpusStreamEncoder.presentationOffsetMicros(sequence, programme.preSkip());
  }

  private void send(List<OpusPacket> packets, boolean last, long nowMicros) {
    for (Message.Audio audio : packer.pack(packets, last)) {
      long headroom = audio.presentationTime() - nowMicros;
      if (headroom < smallestHeadroomMicros) {
        smallestHeadroomMicros = headroom;
      }
      int frames = audio.frames().size();
      int late = 0;
      for (int i = 0; i < frames; i++) {
        if (audio.presentationTime() + (long) i * audio.frameDuration() < nowMicros) {
          late++; // published after its time: no terminal can play it
        }
      }
      framesLate += late;
      meters.sent(frames, late);
      if (!out.publish(audio)) {
        messagesLost++;
      }
      framesSent += frames;
    }
  }

  /** Packets sent so far. */
  long framesSent() {
    return framesSent;
  }

  /** Packets published after their presentation time: the pacer fell behind (an underrun). */
  long framesLate() {
    return framesLate;
  }

  /** AUDIO messages the broker did not take. */
  long messagesLost() {
    return messagesLost;
  }

  /** The least time any AUDIO had between being published and being heard, µs. */
  long smallestHeadroomMicros() {
    return smallestHeadroomMicros;
  }
}
