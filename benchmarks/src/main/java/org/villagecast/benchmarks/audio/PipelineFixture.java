package org.villagecast.benchmarks.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.speech.ChineseReadingNormalizer;
import org.villagecast.controller.audio.tone.Chime;

/**
 * The input files of {@link BroadcastPipelineBenchmark}, made once so that the benchmark and ffmpeg
 * ({@code benchmarks/scripts/audio-pipeline.sh}) work on the same bytes:
 *
 * <ul>
 *   <li>{@code music.mp3}: {@value #MUSIC_SECONDS} s of music-like sound (a chord sequence with
 *       struck notes over pink noise, different left and right), 44.1 kHz stereo, 128 kbit/s CBR,
 *       by ffmpeg's libmp3lame;
 *   <li>{@code notice.wav}: {@link SpeechBenchmark#NOTICE} normalised for reading and spoken by
 *       espeak-ng ({@code cmn-latn-pinyin}), its own 22.05 kHz 16-bit mono WAV (about 51 s);
 *   <li>{@code chime.wav}: the two-tone chime the mixer plays before a notice ({@link
 *       Chime#twoTone()}), 48 kHz 32-bit float mono, for ffmpeg only (the hub renders its own).
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.villagecast.benchmarks.audio.PipelineFixture DIR
 * </pre>
 */
public final class PipelineFixture {
  /** Length of the music bed, and so of the programme, seconds. */
  public static final int MUSIC_SECONDS = 60;

  /** ffmpeg arguments (after {@code ffmpeg -nostdin -y -v error}) that write the music bed. */
  public static final List<String> MUSIC_COMMAND =
      List.of(
          "-f",
          "lavfi",
          "-t",
          Integer.toString(MUSIC_SECONDS),
          "-i",
          "aevalsrc=0.15*sin(2*PI*(220+55*floor(mod(t\\,8)/2))*t)"
              + "+0.1*sin(2*PI*(440+110*floor(mod(t\\,4)))*t)*exp(-4*mod(t\\,0.5))"
              + "|0.15*sin(2*PI*(330+55*floor(mod(t\\,8)/2))*t)"
              + "+0.1*sin(2*PI*(660+110*floor(mod(t\\,4)))*t)*exp(-4*mod(t\\,0.5)):s=44100",
          "-f",
          "lavfi",
          "-t",
          Integer.toString(MUSIC_SECONDS),
          "-i",
          "anoisesrc=color=pink:amplitude=0.03:sample_rate=44100:seed=1",
          "-filter_complex",
          "[1]aformat=channel_layouts=stereo[noise];[0][noise]amix=inputs=2:normalize=0",
          "-ac",
          "2",
          "-ar",
          "44100",
          "-c:a",
          "libmp3lame",
          "-b:a",
          "128k");

  private PipelineFixture() {}

  /** The three files in {@code dir}. */
  public record Inputs(Path music, Path notice, Path chime) {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Inputs files = make(Path.of(args[0]));
    System.out.println(
        "music "
            + files.music()
            + ", notice "
            + files.notice()
            + ", chime "
            + files.chime()
            + " ("
            + Chime.twoTone().render().duration().toMillis()
            + " ms)");
  }

  /** Makes the files in {@code dir} (which must exist); needs ffmpeg and espeak-ng. */
  public static Inputs make(Path dir) throws IOException, InterruptedException {
    Path music = dir.resolve("music.mp3");
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-y", "-v", "error"));
    command.addAll(MUSIC_COMMAND);
    command.add(music.toString());
    run(command, "ffmpeg could not make the music bed (apt-get install ffmpeg)");
    Path text = dir.resolve("notice-normalised.txt");
    Files.writeString(text, ChineseReadingNormalizer.normalize(SpeechBenchmark.NOTICE));
    Path notice = dir.resolve("notice.wav");
    run(
        List.of(
            "espeak-ng", "-v", "cmn-latn-pinyin", "-f", text.toString(), "-w", notice.toString()),
        "espeak-ng could not speak the notice (apt-get install espeak-ng)");
    Path chime = dir.resolve("chime.wav");
    Files.write(chime, floatWav(Chime.twoTone().render()));
    return new Inputs(music, notice, chime);
  }

  private static void run(List<String> command, String failure)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(failure);
    }
  }

  /** A mono WAV of 32-bit IEEE float samples (format tag 3). */
  static byte[] floatWav(PcmAudio audio) {
    int data = 4 * audio.length();
    ByteBuffer wav = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + data);
    wav.put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    wav.put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16);
    wav.putShort((short) 3).putShort((short) 1).putInt(audio.sampleRate());
    wav.putInt(4 * audio.sampleRate()).putShort((short) 4).putShort((short) 32);
    wav.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(data);
    for (float sample : audio.samples()) {
      wav.putFloat(sample);
    }
    return wav.array();
  }
}
