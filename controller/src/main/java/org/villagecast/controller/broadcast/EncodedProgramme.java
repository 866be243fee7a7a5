package org.villagecast.controller.broadcast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.mix.ProgrammeMixer;
import org.villagecast.controller.audio.opus.OpusPacket;
import org.villagecast.controller.audio.opus.OpusSettings;
import org.villagecast.controller.audio.opus.OpusStreamEncoder;

/**
 * A finite programme mixed and Opus-encoded whole, before it plays: its stream then only packs,
 * signs and publishes packets, so many broadcasts can play at once without the hub mixing and
 * encoding each in real time (docs/performance.md, "Broadcasts: 50 at once"). It also holds the
 * programme in about 3 kB per second instead of 192 kB of PCM.
 */
final class EncodedProgramme implements ProgrammeAudio {
  private static final int BLOCK = 50 * OpusStreamEncoder.FRAME_SAMPLES;

  private final List<byte[]> packets;
  private final int preSkip;
  private final long lengthSamples;
  private int next;

  private EncodedProgramme(List<byte[]> packets, int preSkip, long lengthSamples) {
    this.packets = packets;
    this.preSkip = preSkip;
    this.lengthSamples = lengthSamples;
  }

  /** Mixes the whole programme and encodes it, ending with the encoder's tail. */
  static EncodedProgramme encode(ProgrammeMixer mixer, OpusSettings opus) {
    if (mixer.lengthSamples() == Long.MAX_VALUE) {
      throw new IllegalArgumentException("a programme over a live relay has no end to encode to");
    }
    OpusStreamEncoder encoder = new OpusStreamEncoder(opus, 0);
    List<byte[]> packets = new ArrayList<>();
    float[] block = new float[BLOCK];
    while (!mixer.finished()) {
      int count = (int) Math.min(BLOCK, mixer.lengthSamples() - mixer.position());
      mixer.render(block, 0, count);
      float[] piece = count == BLOCK ? block : Arrays.copyOf(block, count);
      packets.addAll(OpusPacket.dataOf(encoder.encode(new PcmAudio(PcmAudio.ENGINE_RATE, piece))));
    }
    packets.addAll(OpusPacket.dataOf(encoder.finish()));
    return new EncodedProgramme(packets, encoder.preSkip(), mixer.lengthSamples());
  }

  @Override
  public int preSkip() {
    return preSkip;
  }

  @Override
  public long lengthSamples() {
    return lengthSamples;
  }

  /** Packets of the whole programme, the encoder's tail included. */
  int packetCount() {
    return packets.size();
  }

  @Override
  public List<byte[]> next(int count) {
    int end = Math.min(packets.size(), next + count);
    List<byte[]> taken = packets.subList(next, end);
    next = end;
    return taken;
  }

  @Override
  public boolean exhausted() {
    return next >= packets.size();
  }

  /** When stopped early, one more packet carries the end; at the end, nothing is left to add. */
  @Override
  public List<byte[]> finish() {
    return exhausted() ? List.of() : next(1);
  }

  @Override
  public void close() {
    // Nothing is held but the packets.
  }
}
