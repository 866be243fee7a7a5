package org.villagecast.benchmarks.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.villagecast.controller.audio.speech.ChineseReadingNormalizer;

/**
 * Writes the benchmark notice, raw and normalised, for the script that times espeak-ng run
 * directly: {@code notice.txt} and {@code notice-normalised.txt} in the given directory.
 */
public final class SpeechFixture {
  private SpeechFixture() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.writeString(dir.resolve("notice.txt"), SpeechBenchmark.NOTICE);
    Files.writeString(
        dir.resolve("notice-normalised.txt"),
        ChineseReadingNormalizer.normalize(SpeechBenchmark.NOTICE));
    System.out.println(SpeechBenchmark.NOTICE.length() + " characters");
  }
}
