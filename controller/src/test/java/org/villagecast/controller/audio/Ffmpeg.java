package org.villagecast.controller.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.villagecast.protocol.testing.ExternalProgram;

/**
 * The real ffmpeg, as the independent reference of the audio tests: it makes the test files and
 * decodes and measures them its own way.
 */
public final class Ffmpeg {
  private static final Pattern INTEGRATED =
      Pattern.compile("Integrated loudness:\\s+I:\\s+(-?[0-9.]+|-inf) LUFS");
  private static final Pattern TRUE_PEAK =
      Pattern.compile("True peak:\\s+Peak:\\s+(-?[0-9.]+|-inf) dBFS");

  private Ffmpeg() {}

  /** What ffmpeg's {@code ebur128} filter reports for a whole file. */
  public record Ebur128(double integratedLufs, double truePeakDbtp) {}

  /** Runs ffmpeg with {@code args}; returns its standard error; fails on a non-zero exit. */
  public static String run(List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ExternalProgram.require("ffmpeg", "ffmpeg").toString());
    command.addAll(List.of("-hide_banner", "-nostats", "-nostdin", "-y"));
    command.addAll(args);
    Process process =
        new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    byte[] stderr = process.getErrorStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("ffmpeg did not finish: " + command);
    }
    String text = new String(stderr, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IllegalStateException("ffmpeg failed: " + command + "\n" + text);
    }
    return text;
  }

  /** Writes interleaved float samples as raw little-endian f32. */
  public static void writeRaw(Path file, float[] interleaved) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(interleaved.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(interleaved);
    Files.write(file, buffer.array());
  }

  /**
   * Encodes interleaved samples into {@code out} with ffmpeg; {@code codecArgs} choose the codec
   * and container, e.g. {@code -c:a libmp3lame -b:a 128k}.
   */
  public static Path encode(
      Path out, float[] interleaved, int rate, int channels, String... codecArgs)
      throws IOException, InterruptedException {
    Path raw = out.resolveSibling(out.getFileName() + ".f32");
    writeRaw(raw, interleaved);
    List<String> args =
        new ArrayList<>(
            List.of(
                "-f",
                "f32le",
                "-ar",
                Integer.toString(rate),
                "-ac",
                Integer.toString(channels),
                "-i",
                raw.toString()));
    args.addAll(List.of(codecArgs));
    args.add(out.toString());
    run(args);
    Files.delete(raw);
    return out;
  }

  /**
   * ffmpeg's own decode of {@code file}, at the file's rate, mixed to mono here as (L + R) / 2 (the
   * same mix-down as the hub's, independent of ffmpeg's channel matrix).
   */
  public static float[] decodeMono(Path file, int channels)
      throws IOException, InterruptedException {
    Path raw = file.resolveSibling(file.getFileName() + ".decoded.f32");
    run(List.of("-i", file.toString(), "-f", "f32le", "-c:a", "pcm_f32le", raw.toString()));
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
    Files.delete(raw);
    int frames = bytes.remaining() / 4 / channels;
    float[] mono = new float[frames];
    for (int i = 0; i < frames; i++) {
      float sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += bytes.getFloat();
      }
      mono[i] = sum / channels;
    }
    return mono;
  }

  /** Integrated loudness and true peak of {@code file} by ffmpeg's {@code ebur128}. */
  public static Ebur128 ebur128(Path file) throws IOException, InterruptedException {
    return ebur128(file, "");
  }

  /**
   * Like {@link #ebur128(Path)}, of a stereo file mixed to mono as (L + R) / 2 first: what the hub
   * measures (BS.1770 would add the two channels' powers, reading 3 dB more for the same signal).
   */
  public static Ebur128 ebur128OfMonoMix(Path file) throws IOException, InterruptedException {
    return ebur128(file, "pan=mono|c0=0.5*c0+0.5*c1,");
  }

  private static Ebur128 ebur128(Path file, String before)
      throws IOException, InterruptedException {
    String log =
        run(
            List.of(
                "-i",
                file.toString(),
                "-af",
                before + "ebur128=peak=true:framelog=verbose",
                "-f",
                "null",
                "-"));
    Matcher integrated = INTEGRATED.matcher(log);
    Matcher peak = TRUE_PEAK.matcher(log);
    if (!integrated.find() || !peak.find()) {
      throw new IllegalStateException("no ebur128 summary in ffmpeg's output:\n" + log);
    }
    return new Ebur128(parse(integrated.group(1)), parse(peak.group(1)));
  }

  /** Measures mono {@code audio} with ebur128 through a float WAV in {@code dir}. */
  public static Ebur128 ebur128(Path dir, PcmAudio audio) throws IOException, InterruptedException {
    Path wav =
        encode(
            dir.resolve("measure-" + System.nanoTime() + ".wav"),
            audio.samples(),
            audio.sampleRate(),
            1,
            "-c:a",
            "pcm_f32le");
    return ebur128(wav);
  }

  private static double parse(String value) {
    return value.equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(value);
  }
}
