package org.villagecast.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.decode.AudioDecoder;
import org.villagecast.controller.audio.decode.UnusableAudioException;
import org.villagecast.controller.audio.loudness.LoudnessMeter;
import org.villagecast.controller.audio.loudness.LoudnessNormalizer;
import org.villagecast.controller.audio.loudness.NormalizedAudio;
import org.villagecast.controller.audio.loudness.TruePeakMeter;
import org.villagecast.controller.audio.resample.Resampler;

/**
 * The audio source path on one thread, one operation = one whole {@value #CLIP_SECONDS}-second
 * clip: MP3 decode (jlayer, 44.1 kHz stereo, 128 kbit/s CBR), resampling to 48 kHz, BS.1770
 * integrated loudness, and the three together. Operations per CPU-second × {@value #CLIP_SECONDS}
 * is the multiple of real time per core.
 *
 * <p>The clip is made by ffmpeg in {@link #setUp} with {@link #CLIP_COMMAND}, the command that
 * {@code benchmarks/scripts/audio-ffmpeg.sh} uses for the ffmpeg side of the comparison; give an
 * existing file with {@code -Daudio.clip=PATH} to skip that.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AudioPipelineBenchmark {
  /** Length of the clip in seconds. */
  public static final int CLIP_SECONDS = 60;

  /**
   * ffmpeg arguments that write the clip (pink noise left, 440 Hz right) to the path after them.
   */
  public static final List<String> CLIP_COMMAND =
      List.of(
          "-f",
          "lavfi",
          "-i",
          "anoisesrc=color=pink:sample_rate=44100:amplitude=0.2:duration=60:seed=1",
          "-f",
          "lavfi",
          "-i",
          "sine=frequency=440:sample_rate=44100:duration=60",
          "-filter_complex",
          "[0][1]amerge=inputs=2",
          "-c:a",
          "libmp3lame",
          "-b:a",
          "128k");

  private byte[] mp3;
  private PcmAudio decoded;
  private PcmAudio engineRate;
  private final AudioDecoder decoder = new AudioDecoder();
  private final LoudnessNormalizer normalizer = new LoudnessNormalizer();

  @Setup
  public void setUp() throws IOException, InterruptedException, UnusableAudioException {
    String given = System.getProperty("audio.clip");
    Path clip = given != null ? Path.of(given) : makeClip();
    mp3 = Files.readAllBytes(clip);
    decoded = decoder.decode(mp3);
    engineRate = Resampler.toEngineRate(decoded);
    if (Math.abs(decoded.duration().toSeconds() - CLIP_SECONDS) > 1) {
      throw new IllegalStateException("the clip lasts " + decoded.duration() + ", not 60 s");
    }
  }

  private static Path makeClip() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("audio-benchmark");
    Path clip = dir.resolve("clip.mp3");
    List<String> command =
        new java.util.ArrayList<>(List.of("ffmpeg", "-nostdin", "-y", "-v", "error"));
    command.addAll(CLIP_COMMAND);
    command.add(clip.toString());
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("ffmpeg could not make the clip (apt-get install ffmpeg)");
    }
    clip.toFile().deleteOnExit();
    dir.toFile().deleteOnExit();
    return clip;
  }

  /** MP3 to mono PCM at 44.1 kHz. */
  @Benchmark
  public PcmAudio decode() throws UnusableAudioException {
    return decoder.decode(mp3);
  }

  /** 44.1 kHz to 48 kHz. */
  @Benchmark
  public PcmAudio resample() {
    return Resampler.toEngineRate(decoded);
  }

  /** Integrated loudness at 48 kHz. */
  @Benchmark
  public double measureLoudness() {
    return LoudnessMeter.integratedLoudness(engineRate);
  }

  /** True peak at 48 kHz (4× oversampling). */
  @Benchmark
  public double measureTruePeak() {
    return TruePeakMeter.truePeakDbtp(engineRate);
  }

  /** Decode, resample to 48 kHz, measure integrated loudness: the clip-upload path. */
  @Benchmark
  public double decodeResampleMeasure() throws UnusableAudioException {
    return LoudnessMeter.integratedLoudness(Resampler.toEngineRate(decoder.decode(mp3)));
  }

  /** Normalise to −16 LUFS with the true-peak limiter, at 48 kHz (informative). */
  @Benchmark
  public NormalizedAudio normalize() {
    return normalizer.normalize(engineRate);
  }
}
