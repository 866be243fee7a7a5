package org.villagecast.controller.audio.opus;

import java.util.ArrayList;
import java.util.List;

/**
 * One 20 ms Opus packet of a broadcast and when terminals are to play it.
 *
 * @param sequence 0 for the first packet of the stream, then +1 per packet
 * @param presentationTime when the packet's decoded audio is to be heard, µs of hub time (see
 *     {@link OpusStreamEncoder} for how the encoder delay is accounted)
 * @param data the Opus packet (RFC 6716), one 20 ms frame, mono, 48 kHz
 */
public record OpusPacket(long sequence, long presentationTime, byte[] data) {
  /** The packets' data, in order. */
  public static List<byte[]> dataOf(List<OpusPacket> packets) {
    List<byte[]> data = new ArrayList<>(packets.size());
    for (OpusPacket packet : packets) {
      data.add(packet.data());
    }
    return data;
  }

  public OpusPacket {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence " + sequence + " is negative");
    }
    if (data == null || data.length == 0) {
      throw new IllegalArgumentException("an Opus packet has at least one byte");
    }
  }
}
