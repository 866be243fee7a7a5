package org.villagecast.controller.audio.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.villagecast.controller.audio.testing.Programs;

/**
 * A real ffmpeg sending a sine tone as MP3 to an Icecast mount in real time ({@code -re}): the
 * encoder of a live relay, which a test can kill with SIGKILL like a crashed studio PC.
 */
public final class StreamEncoder implements AutoCloseable {
  private final Process process;
  private final Path log;

  private StreamEncoder(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts sending {@code hz} at 44.1 kHz stereo, 128 kbit/s, to {@code icecastUrl}. */
  public static StreamEncoder start(Path dir, String icecastUrl, int hz) throws IOException {
    Path log = dir.resolve("ffmpeg-" + hz + "-" + System.nanoTime() + ".log");
    Process process =
        new ProcessBuilder(
                Programs.ffmpeg().toString(),
                "-hide_banner",
                "-nostdin",
                "-loglevel",
                "error",
                "-re",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=" + hz + ":sample_rate=44100",
                "-ac",
                "2",
                "-c:a",
                "libmp3lame",
                "-b:a",
                "128k",
                "-content_type",
                "audio/mpeg",
                "-f",
                "mp3",
                icecastUrl)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    return new StreamEncoder(process, log);
  }

  boolean alive() {
    return process.isAlive();
  }

  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** SIGKILL: the encoder vanishes without a goodbye, and Icecast drops the mount. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(5, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
