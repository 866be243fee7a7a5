package org.villagecast.benchmarks.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.opus.OpusPacket;
import org.villagecast.controller.audio.opus.OpusSettings;
import org.villagecast.controller.audio.opus.OpusStreamEncoder;
import org.villagecast.controller.audio.tone.Chime;

/**
 * Encoding a whole programme to 20 ms Opus packets with presentation times, one operation per
 * programme. Multiply operations per CPU-second by the programme's length for the multiple of real
 * time per core; {@code benchmarks/scripts/audio-output.sh} does that and times ffmpeg's libopus on
 * the same PCM in the same run.
 *
 * <p>The programme is a file of 48 kHz mono 32-bit float samples ({@code pcmFile}, what the script
 * makes: speech and music), or without one, 30 s of chimes over noise made here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OpusEncodeBenchmark {
  @Param({""})
  public String pcmFile;

  @Param({"24000"})
  public int bitrate;

  @Param({"10"})
  public int complexity;

  private PcmAudio programme;
  private OpusSettings settings;

  @Setup
  public void setUp() throws IOException {
    programme = pcmFile.isEmpty() ? generated(30) : read(Path.of(pcmFile));
    settings = new OpusSettings(bitrate, complexity);
  }

  @Benchmark
  public void encodeProgramme(Blackhole sink) {
    OpusStreamEncoder encoder = new OpusStreamEncoder(settings, 1_796_032_800_000_000L);
    List<OpusPacket> packets = encoder.encode(programme);
    sink.consume(packets);
    sink.consume(encoder.finish());
  }

  static PcmAudio read(Path file) throws IOException {
    FloatBuffer floats =
        ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] samples = new float[floats.remaining()];
    floats.get(samples);
    return new PcmAudio(PcmAudio.ENGINE_RATE, samples);
  }

  private static PcmAudio generated(int seconds) {
    float[] x = new float[PcmAudio.ENGINE_RATE * seconds];
    float[] chime = Chime.fourTone().render().samples();
    Random random = new Random(1);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (0.02 * random.nextGaussian()) + 0.8f * chime[i % chime.length];
    }
    return new PcmAudio(PcmAudio.ENGINE_RATE, x);
  }
}
