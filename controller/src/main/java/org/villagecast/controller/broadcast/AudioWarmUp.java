package org.villagecast.controller.broadcast;

import java.time.Duration;
import java.util.List;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.mix.Programme;
import org.villagecast.controller.audio.mix.ProgrammeItem;
import org.villagecast.controller.audio.mix.ProgrammeMixer;
import org.villagecast.controller.audio.opus.AudioFramePacker;
import org.villagecast.controller.audio.opus.OpusSettings;
import org.villagecast.controller.audio.opus.OpusStreamEncoder;
import org.villagecast.controller.audio.tone.TestTone;

/**
 * Runs the broadcast audio path (mixer, limiter, Opus, packing) over a few seconds of tone at
 * start, so the JIT has compiled it before the first broadcast. Without it the first broadcast
 * after a start (after a restart, often the urgent one) is mixed and encoded by the interpreter,
 * many times slower: measured when streams were still encoded as they played, its first second of
 * audio was published after its presentation time on a loaded machine; now it would be a slower
 * render, and a relay's stream.
 */
final class AudioWarmUp {
  private static final Duration LENGTH = Duration.ofSeconds(8);

  private AudioWarmUp() {}

  /** Renders and encodes {@link #LENGTH} of a programme; returns the packets made. */
  static int run(OpusSettings opus) {
    PcmAudio tone = TestTone.sine(440, -20, LENGTH);
    Programme programme =
        Programme.of(
            List.of(ProgrammeItem.of(tone)),
            Duration.ofSeconds(1),
            List.of(ProgrammeItem.withChime(TestTone.sine(880, -20, Duration.ofSeconds(3)))),
            Duration.ofSeconds(1));
    ProgrammeMixer mixer = new ProgrammeMixer(programme);
    OpusStreamEncoder encoder = new OpusStreamEncoder(opus, 0);
    AudioFramePacker packer = new AudioFramePacker(1, AudioFramePacker.DEFAULT_FRAMES_PER_MESSAGE);
    int packets = 0;
    while (!mixer.finished()) {
      float[] block = mixer.nextBlock();
      var made = encoder.encode(new PcmAudio(PcmAudio.ENGINE_RATE, block));
      if (!made.isEmpty()) {
        packets += packer.pack(made, false).stream().mapToInt(a -> a.frames().size()).sum();
      }
    }
    return packets;
  }
}
