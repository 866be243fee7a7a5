package org.villagecast.controller.audio.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.villagecast.protocol.testing.ExternalProgram;

/** Runs ffmpeg and ffprobe, the independent judges of the audio tests. */
public final class Programs {
  private Programs() {}

  /** What a program wrote, and how it ended. */
  public record Result(int exitCode, byte[] stdout, String stderr) {
    public String text() {
      return new String(stdout, StandardCharsets.UTF_8);
    }
  }

  public static Path ffmpeg() {
    return ExternalProgram.require("ffmpeg", "ffmpeg");
  }

  public static Path ffprobe() {
    return ExternalProgram.require("ffprobe", "ffmpeg");
  }

  /** Runs a program to its end (at most 60 s), with nothing on its standard input. */
  public static Result run(Path program, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(program.toString());
    command.addAll(List.of(arguments));
    try {
      Process process =
          new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
      process.getOutputStream().close();
      CompletableFuture<byte[]> stdout = readAll(process.getInputStream());
      CompletableFuture<byte[]> stderr = readAll(process.getErrorStream());
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not end within 60 s");
      }
      return new Result(
          process.exitValue(), stdout.join(), new String(stderr.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * What ffprobe says of a file: codec_name, channels, sample_rate, format_name and duration lines;
   * fails the test unless ffprobe read it without a word on stderr.
   */
  public static String probe(Path file) {
    Result probe =
        run(
            ffprobe(),
            "-v",
            "error",
            "-show_entries",
            "stream=codec_name,channels,sample_rate:format=format_name,duration",
            "-of",
            "default=noprint_wrappers=1",
            file.toString());
    if (probe.exitCode() != 0 || !probe.stderr().isEmpty()) {
      throw new AssertionError(
          "ffprobe " + file + " exited " + probe.exitCode() + ": " + probe.stderr());
    }
    return probe.text();
  }

  /** The duration, seconds, from what {@link #probe} returned. */
  public static double probedDuration(String probe) {
    return Double.parseDouble(probe.replaceAll("(?s).*duration=([0-9.]+).*", "$1"));
  }

  /** Decodes any file ffmpeg reads to mono 48 kHz float samples. */
  public static float[] decodeWithFfmpeg(Path file) {
    Result result =
        run(
            ffmpeg(),
            "-v",
            "error",
            "-i",
            file.toString(),
            "-f",
            "f32le",
            "-ac",
            "1",
            "-ar",
            "48000",
            "-");
    if (result.exitCode() != 0) {
      throw new AssertionError("ffmpeg could not decode " + file + ": " + result.stderr());
    }
    java.nio.FloatBuffer floats =
        java.nio.ByteBuffer.wrap(result.stdout())
            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
            .asFloatBuffer();
    float[] samples = new float[floats.remaining()];
    floats.get(samples);
    return samples;
  }

  private static CompletableFuture<byte[]> readAll(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        // A thread of its own per pipe: the common pool may have a single thread on 2 cores,
        // and a pipe that nobody drains stalls the program.
        task -> {
          Thread thread = new Thread(task, "program-output");
          thread.setDaemon(true);
          thread.start();
        });
  }
}
