package org.villagecast.controller.broadcast;

import java.util.List;
import org.villagecast.controller.audio.AudioFeed;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.mix.ProgrammeMixer;
import org.villagecast.controller.audio.opus.OpusPacket;
import org.villagecast.controller.audio.opus.OpusSettings;
import org.villagecast.controller.audio.opus.OpusStreamEncoder;

/**
 * A programme over a live relay: mixed and Opus-encoded as it plays, since the relay has no end to
 * encode to. Closing it closes the relay's feed.
 */
final class RelayEncoding implements ProgrammeAudio {
  private final ProgrammeMixer mixer;
  private final AudioFeed live;
  private final OpusStreamEncoder encoder;

  RelayEncoding(ProgrammeMixer mixer, AudioFeed live, OpusSettings opus) {
    this.mixer = mixer;
    this.live = live;
    this.encoder = new OpusStreamEncoder(opus, 0);
  }

  @Override
  public int preSkip() {
    return encoder.preSkip();
  }

  @Override
  public long lengthSamples() {
    return Long.MAX_VALUE;
  }

  @Override
  public List<byte[]> next(int count) {
    float[] samples = new float[count * OpusStreamEncoder.FRAME_SAMPLES];
    mixer.render(samples, 0, samples.length);
    return OpusPacket.dataOf(encoder.encode(new PcmAudio(PcmAudio.ENGINE_RATE, samples)));
  }

  @Override
  public boolean exhausted() {
    return false;
  }

  @Override
  public List<byte[]> finish() {
    return OpusPacket.dataOf(encoder.finish());
  }

  @Override
  public void close() {
    live.close();
  }
}
