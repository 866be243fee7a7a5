package org.villagecast.controller.audio.clip;

import java.nio.file.Files;
import java.nio.file.Path;
import org.villagecast.controller.audio.Ffmpeg;
import org.villagecast.controller.audio.TestSignals;

/** Upload files for the clip tests, made by the real ffmpeg from seeded signals. */
public final class TestClips {
  private TestClips() {}

  /**
   * A quiet 4 s stereo MP3 (44.1 kHz, 128 kbit/s) of speech-like sound, about −37 LUFS: it needs a
   * large gain. Different seeds give different files.
   */
  public static byte[] quietMp3(Path dir, long seed) throws Exception {
    float[] speech = TestSignals.speechLike(44_100, 4, seed, 0.1);
    Path mp3 =
        Ffmpeg.encode(
            dir.resolve("quiet-" + seed + ".mp3"),
            TestSignals.interleave(speech, speech),
            44_100,
            2,
            "-c:a",
            "libmp3lame",
            "-b:a",
            "128k");
    return Files.readAllBytes(mp3);
  }

  /** A loud 3 s mono 16-bit WAV at 22,050 Hz, about −10 LUFS: it needs attenuation. */
  public static byte[] loudWav(Path dir, long seed) throws Exception {
    float[] speech = TestSignals.speechLike(22_050, 3, seed, 0.95);
    Path wav =
        Ffmpeg.encode(dir.resolve("loud-" + seed + ".wav"), speech, 22_050, 1, "-c:a", "pcm_s16le");
    return Files.readAllBytes(wav);
  }

  /** One second of digital silence as a 16-bit WAV at 48 kHz. */
  public static byte[] silentWav(Path dir) throws Exception {
    return Files.readAllBytes(
        Ffmpeg.encode(
            dir.resolve("silent.wav"), new float[48_000], 48_000, 1, "-c:a", "pcm_s16le"));
  }
}
