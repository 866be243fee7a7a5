package org.villagecast.benchmarks.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.infra.Blackhole;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.speech.ChineseReadingNormalizer;

/** Checks the audio benchmarks' fixtures without timing anything. */
class AudioFixturesTest {
  @TempDir Path dir;

  /** Verifies that the TTS notice is the 200 characters docs/performance.md quotes. */
  @Test
  void notice_twoHundredCharacters() {
    assertThat(SpeechBenchmark.NOTICE).hasSize(200);
    assertThat(ChineseReadingNormalizer.normalize(SpeechBenchmark.NOTICE))
        .doesNotContainPattern("[0-9]");
  }

  /** Verifies that the benchmark reads the script's f32le PCM file sample for sample. */
  @Test
  void read_pcmFile() throws IOException {
    // GIVEN three little-endian float samples in a file
    Path file = dir.resolve("programme.f32");
    ByteBuffer bytes = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putFloat(0.5f).putFloat(-0.25f).putFloat(1f);
    Files.write(file, bytes.array());

    // WHEN / THEN the benchmark reads them as 48 kHz audio
    PcmAudio audio = OpusEncodeBenchmark.read(file);
    assertThat(audio.sampleRate()).isEqualTo(48_000);
    assertThat(audio.samples()).containsExactly(0.5f, -0.25f, 1f);
  }

  /** Verifies that the generated programme encodes without error. */
  @Test
  void encodeProgramme_runs() throws IOException {
    OpusEncodeBenchmark benchmark = new OpusEncodeBenchmark();
    benchmark.pcmFile = "";
    benchmark.bitrate = 24_000;
    benchmark.complexity = 10;
    benchmark.setUp();
    benchmark.encodeProgramme(
        new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is"
                + " dangerous."));
  }
}
