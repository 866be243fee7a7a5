package org.villagecast.benchmarks.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.speech.ChineseReadingNormalizer;
import org.villagecast.controller.audio.speech.EspeakSynthesizer;
import org.villagecast.controller.audio.speech.SpeechRequest;

/**
 * Speaking a 200-character Chinese flood notice with espeak-ng, uncached: normalisation, the
 * process, reading its WAV. Wall-clock time per notice (the work is in a child process, which the
 * CPU-time profiler of this JVM does not see); read the median of the sample distribution.
 *
 * <p>Baseline in the same run: espeak-ng started directly on the normalised text with its output
 * discarded, the least any wrapper must wait for.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SpeechBenchmark {
  /** A notice of exactly 200 characters, with a date, times, a level, rain and phone numbers. */
  public static final String NOTICE =
      "各位村民请注意：根据县气象台2026年11月30日14:30发布的暴雨橙色预警，今天夜间到明天白天，"
          + "我镇将有大到暴雨，局部降雨量可达120mm，河口水位预计上涨1.5米。请沿河两岸和低洼地带的村民"
          + "于18:00前转移到村委会和小学安置点，不要在河边停留，不要涉水过河。老人和儿童由村干部负责"
          + "联系，请大家相互转告一下。如有险情，请立即拨打村委会值班电话0571-88886666或拨打110、119报警。";

  private final EspeakSynthesizer synthesizer = new EspeakSynthesizer();
  private Path normalised;

  @Setup
  public void setUp() throws IOException {
    normalised = Files.createTempFile("notice", ".txt");
    Files.writeString(normalised, ChineseReadingNormalizer.normalize(NOTICE));
  }

  @TearDown
  public void tearDown() throws IOException {
    Files.deleteIfExists(normalised);
  }

  @Benchmark
  public PcmAudio synthesizeNotice() {
    return synthesizer.synthesize(SpeechRequest.of(NOTICE));
  }

  @Benchmark
  public String normalizeNotice() {
    return ChineseReadingNormalizer.normalize(NOTICE);
  }

  @Benchmark
  public int baselineEspeakDirect() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                "espeak-ng", "-v", "cmn-latn-pinyin", "-f", normalised.toString(), "--stdout")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    return process.waitFor();
  }
}
