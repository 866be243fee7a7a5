package org.villagecast.controller.audio.opus;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.villagecast.controller.audio.PcmAudio;

/**
 * Encodes one broadcast's audio, as it is rendered, into 20 ms Opus packets stamped with
 * presentation times in hub time. Not thread-safe: one encoder per broadcast, fed in order.
 *
 * <p><b>Timing.</b> Sample {@code s} of the source (counting from 0 over everything fed) is heard
 * at {@code start + s / 48 kHz}. Opus delays its output by {@link #preSkip()} samples (6.5 ms, the
 * encoder's look-ahead), so packet {@code k} decodes to source samples from {@code k × 960 −
 * preSkip}, and that is when it is stamped: the first packet starts 6.5 ms before {@code start},
 * and its first 6.5 ms are the decoder's warm-up, the same on every terminal. Times come from the
 * sample count, not from adding 20 ms per packet, so they never drift.
 */
public final class OpusStreamEncoder {
  /** Samples per packet: 20 ms at 48 kHz. */
  public static final int FRAME_SAMPLES = 960;

  /** Packet duration in µs, the 'frame duration' of AUDIO frames. */
  public static final int FRAME_MICROS = 20_000;

  /** Opus allows at most 1275 bytes for one frame (RFC 6716 §3.4, R2). */
  private static final int MAX_PACKET = 1275;

  private final OpusEncoder encoder;
  private final long startMicros;
  private final int preSkip;
  private final short[] frame = new short[FRAME_SAMPLES];
  private final byte[] packet = new byte[MAX_PACKET];
  private int buffered;
  private long sourceSamples;
  private long sequence;
  private boolean finished;

  /**
   * @param settings bitrate and complexity
   * @param startMicros hub time in µs at which the first source sample is to be heard
   */
  public OpusStreamEncoder(OpusSettings settings, long startMicros) {
    try {
      // AUDIO, not VOIP: programmes mix music, chimes and speech, and VOIP's speech filtering
      // would dull the music; the encoder still picks its speech mode for speech by itself.
      encoder = new OpusEncoder(PcmAudio.ENGINE_RATE, 1, OpusApplication.OPUS_APPLICATION_AUDIO);
    } catch (OpusException e) {
      throw new IllegalStateException("cannot create the Opus encoder: " + e.getMessage(), e);
    }
    encoder.setBitrate(settings.bitrate());
    encoder.setComplexity(settings.complexity());
    encoder.setSignalType(OpusSignal.OPUS_SIGNAL_AUTO);
    // Constrained VBR: better quality than constant bitrate, yet every packet stays near the
    // nominal size, so AUDIO frames of a stream stay a predictable size on 4G.
    encoder.setUseVBR(true);
    encoder.setUseConstrainedVBR(true);
    this.startMicros = startMicros;
    this.preSkip = encoder.getLookahead();
  }

  /** Samples (48 kHz) a decoder drops at the start of the stream: the encoder's look-ahead. */
  public int preSkip() {
    return preSkip;
  }

  /** Source samples fed so far (without the padding {@link #finish()} adds). */
  public long sourceSamples() {
    return sourceSamples;
  }

  /**
   * Encodes the next piece of the broadcast (any length, 48 kHz) and returns the packets it
   * completes, possibly none. Samples beyond ±1 are clipped.
   */
  public List<OpusPacket> encode(PcmAudio audio) {
    if (finished) {
      throw new IllegalStateException("the stream is finished");
    }
    if (audio.sampleRate() != PcmAudio.ENGINE_RATE) {
      throw new IllegalArgumentException(
          "Opus encodes " + PcmAudio.ENGINE_RATE + " Hz audio, not " + audio.sampleRate() + " Hz");
    }
    List<OpusPacket> packets = new ArrayList<>();
    for (float sample : audio.samples()) {
      frame[buffered++] = toShort(sample);
      if (buffered == FRAME_SAMPLES) {
        packets.add(encodeFrame());
      }
    }
    sourceSamples += audio.length();
    return packets;
  }

  /**
   * Ends the stream: pads with silence until every source sample has left the encoder's look-ahead,
   * and returns the last packets. The encoder cannot be used afterwards.
   */
  public List<OpusPacket> finish() {
    if (finished) {
      throw new IllegalStateException("the stream is finished");
    }
    finished = true;
    List<OpusPacket> packets = new ArrayList<>();
    long needed = sourceSamples + preSkip;
    while (sequence * FRAME_SAMPLES < needed) {
      while (buffered < FRAME_SAMPLES) {
        frame[buffered++] = 0;
      }
      packets.add(encodeFrame());
    }
    return packets;
  }

  /** Presentation time in µs of hub time of the packet with this sequence number. */
  public long presentationTime(long packetSequence) {
    return startMicros + presentationOffsetMicros(packetSequence, preSkip);
  }

  /**
   * When the packet with this sequence number is heard, µs after the stream's start: its first
   * sample is source sample {@code sequence × 960 − preSkip} (negative for the first packet).
   */
  public static long presentationOffsetMicros(long packetSequence, int preSkip) {
    long firstSourceSample = packetSequence * FRAME_SAMPLES - preSkip;
    return Math.floorDiv(firstSourceSample * 1_000_000L, PcmAudio.ENGINE_RATE);
  }

  private OpusPacket encodeFrame() {
    int length;
    try {
      length = encoder.encode(frame, 0, FRAME_SAMPLES, packet, 0, MAX_PACKET);
    } catch (OpusException e) {
      throw new IllegalStateException("Opus encoding failed: " + e.getMessage(), e);
    }
    buffered = 0;
    OpusPacket encoded =
        new OpusPacket(sequence, presentationTime(sequence), Arrays.copyOf(packet, length));
    sequence++;
    return encoded;
  }

  private static short toShort(float sample) {
    float clipped = Math.max(-1f, Math.min(1f, sample));
    return (short) Math.round(clipped * 32767f);
  }
}
