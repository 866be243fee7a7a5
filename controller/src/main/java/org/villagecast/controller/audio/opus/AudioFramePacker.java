package org.villagecast.controller.audio.opus;

import java.util.ArrayList;
import java.util.List;
import org.villagecast.protocol.codec.AudioCodec;
import org.villagecast.protocol.codec.Message;

/**
 * Packs a stream's consecutive Opus packets into AUDIO message bodies (PROTOCOL.md §5.11): as many
 * packets as fit in one body, up to a frame count, so that a terminal verifies few signatures. The
 * broadcast service signs each into a frame and publishes it on the stream's audio topic.
 */
public final class AudioFramePacker {
  /** 16 packets of 20 ms = 320 ms per AUDIO, as PROTOCOL.md sizes it for 24 kbit/s. */
  public static final int DEFAULT_FRAMES_PER_MESSAGE = 16;

  /** Stream id, codec, channels, duration, sequence, time, end flag, count (§5.11). */
  private static final int FIXED_BODY = 22;

  private final long streamId;
  private final int framesPerMessage;

  /**
   * @param streamId the stream id of the PLAY (1 to 2³² − 1)
   * @param framesPerMessage at most this many packets per AUDIO (1 to 50); fewer when the body
   *     would exceed 1024 bytes
   */
  public AudioFramePacker(long streamId, int framesPerMessage) {
    if (streamId < 1 || streamId > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("stream id " + streamId + " is not 1-4294967295");
    }
    if (framesPerMessage < 1 || framesPerMessage > Message.Audio.MAX_FRAMES) {
      throw new IllegalArgumentException(
          "frames per message " + framesPerMessage + " is not 1-" + Message.Audio.MAX_FRAMES);
    }
    this.streamId = streamId;
    this.framesPerMessage = framesPerMessage;
  }

  /**
   * Packs consecutive packets (sequence +1 each) in order. With {@code endOfStream} the last
   * message is marked as the stream's last.
   */
  public List<Message.Audio> pack(List<OpusPacket> packets, boolean endOfStream) {
    if (packets.isEmpty()) {
      throw new IllegalArgumentException("no packets to pack");
    }
    for (int i = 1; i < packets.size(); i++) {
      if (packets.get(i).sequence() != packets.get(i - 1).sequence() + 1) {
        throw new IllegalArgumentException(
            "packets are not consecutive: "
                + packets.get(i - 1).sequence()
                + " then "
                + packets.get(i).sequence());
      }
    }
    List<Message.Audio> messages = new ArrayList<>();
    int first = 0;
    while (first < packets.size()) {
      int size = FIXED_BODY;
      int end = first;
      while (end < packets.size()
          && end - first < framesPerMessage
          && size + 2 + packets.get(end).data().length <= Message.MAX_BODY) {
        size += 2 + packets.get(end).data().length;
        end++;
      }
      if (end == first) {
        throw new IllegalArgumentException(
            "packet " + packets.get(first).sequence() + " does not fit in an AUDIO body");
      }
      List<byte[]> frames = new ArrayList<>();
      for (OpusPacket packet : packets.subList(first, end)) {
        frames.add(packet.data());
      }
      OpusPacket head = packets.get(first);
      messages.add(
          new Message.Audio(
              streamId,
              AudioCodec.OPUS,
              1,
              OpusStreamEncoder.FRAME_MICROS,
              head.sequence() & 0xFFFF_FFFFL,
              head.presentationTime(),
              endOfStream && end == packets.size(),
              frames));
      first = end;
    }
    return messages;
  }
}
