package org.villagecast.controller.audio.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.testing.Programs;

/** The stored clip format: 16-bit mono WAV, exact round trip, read by ffmpeg the same way. */
class EngineWavTest {
  @TempDir Path dir;

  /** Verifies that every 16-bit value survives write and read, and that ±1 are clipped. */
  @Test
  void roundTrip_every16BitValue() throws IOException {
    // GIVEN every 16-bit sample value, as floats, plus out-of-range samples
    float[] samples = new float[65_536 + 2];
    for (int v = -32768; v <= 32767; v++) {
      samples[v + 32768] = v / 32768f;
    }
    samples[65_536] = 1.5f;
    samples[65_537] = -1.5f;

    // WHEN written and read back
    PcmAudio back = EngineWav.read(EngineWav.bytes(new PcmAudio(48_000, samples)));

    // THEN each value is itself, and the out-of-range ones are the extremes
    assertThat(back.sampleRate()).isEqualTo(48_000);
    assertThat(Arrays.copyOf(back.samples(), 65_536)).isEqualTo(Arrays.copyOf(samples, 65_536));
    assertThat(back.samples()[65_536]).isEqualTo(32767 / 32768f);
    assertThat(back.samples()[65_537]).isEqualTo(-1f);
  }

  /** Verifies that ffmpeg decodes the file to the same samples (the header is standard). */
  @Test
  void ffmpegReadsTheSameSamples() throws IOException {
    // GIVEN seeded noise written as a stored clip
    Random random = new Random(3);
    float[] samples = new float[48_000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (random.nextGaussian() * 0.2);
    }
    byte[] wav = EngineWav.bytes(new PcmAudio(48_000, samples));
    Path file = Files.write(dir.resolve("clip.wav"), wav);

    // WHEN ffmpeg decodes it / THEN it has our samples exactly (16-bit values are exact floats)
    assertThat(Programs.decodeWithFfmpeg(file)).isEqualTo(EngineWav.read(wav).samples());
  }

  /** Verifies that a damaged or foreign file is refused, never misread. */
  @Test
  void read_damaged_refused() {
    byte[] wav = EngineWav.bytes(new PcmAudio(48_000, new float[100]));
    byte[] cut = Arrays.copyOf(wav, wav.length - 1);
    byte[] stereo = wav.clone();
    stereo[22] = 2;

    assertThatThrownBy(() -> EngineWav.read(cut)).hasMessageContaining("declares 200 bytes");
    assertThatThrownBy(() -> EngineWav.read(stereo)).hasMessageContaining("byte 22");
    assertThatThrownBy(() -> EngineWav.read(new byte[10])).hasMessageContaining("shorter");
  }
}
