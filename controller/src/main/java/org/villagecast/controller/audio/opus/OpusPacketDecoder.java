package org.villagecast.controller.audio.opus;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.util.List;
import org.villagecast.controller.audio.PcmAudio;

/**
 * Decodes a stream's Opus packets back to 48 kHz mono PCM, as a terminal would: for tests, for
 * checking what was sent, and for a hub that plays a stream on a local sound card.
 */
public final class OpusPacketDecoder {
  /** The longest packet Opus defines: 120 ms at 48 kHz. */
  private static final int MAX_FRAME_SAMPLES = 5_760;

  private final OpusDecoder decoder;
  private final short[] pcm = new short[MAX_FRAME_SAMPLES];

  public OpusPacketDecoder() {
    try {
      decoder = new OpusDecoder(PcmAudio.ENGINE_RATE, 1);
    } catch (OpusException e) {
      throw new IllegalStateException("cannot create the Opus decoder: " + e.getMessage(), e);
    }
  }

  /** Decodes one packet, in stream order. */
  public float[] decode(byte[] packet) {
    int samples;
    try {
      samples = decoder.decode(packet, 0, packet.length, pcm, 0, MAX_FRAME_SAMPLES, false);
    } catch (OpusException e) {
      throw new IllegalArgumentException("not a valid Opus packet: " + e.getMessage(), e);
    }
    float[] out = new float[samples];
    for (int i = 0; i < samples; i++) {
      out[i] = pcm[i] / 32768f;
    }
    return out;
  }

  /**
   * Decodes a whole stream and drops the encoder delay, so that sample {@code s} of the result is
   * sample {@code s} of the source; {@code sourceSamples} trims the padding at the end.
   */
  public static PcmAudio decodeStream(List<OpusPacket> packets, int preSkip, long sourceSamples) {
    OpusPacketDecoder decoder = new OpusPacketDecoder();
    float[] out = new float[Math.toIntExact(sourceSamples)];
    long position = -preSkip;
    for (OpusPacket packet : packets) {
      float[] decoded = decoder.decode(packet.data());
      for (float sample : decoded) {
        if (position >= 0 && position < out.length) {
          out[(int) position] = sample;
        }
        position++;
      }
    }
    return new PcmAudio(PcmAudio.ENGINE_RATE, out);
  }
}
