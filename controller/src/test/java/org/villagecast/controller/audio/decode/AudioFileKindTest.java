package org.villagecast.controller.audio.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.audio.Ffmpeg;
import org.villagecast.controller.audio.TestSignals;

/** Sniffing the format from the first bytes, and the refusals for what is not MP3 or WAV. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AudioFileKindTest {
  @TempDir Path dir;

  private void assertRefused(byte[] bytes, UnusableAudioException.Reason reason, String text) {
    assertThatThrownBy(() -> new AudioDecoder().decode(bytes))
        .isInstanceOfSatisfying(
            UnusableAudioException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(text);
  }

  /** Verifies that FLAC and Ogg files made by ffmpeg are named in the refusal. */
  @Test
  void sniff_flacAndOgg_unsupportedByName() throws Exception {
    float[] tone = TestSignals.sine(48_000, 1, 440, 0.5);
    Path flac = Ffmpeg.encode(dir.resolve("a.mp3"), tone, 48_000, 1, "-c:a", "flac", "-f", "flac");
    Path ogg = Ffmpeg.encode(dir.resolve("b.mp3"), tone, 48_000, 1, "-c:a", "libopus", "-f", "ogg");
    assertRefused(Files.readAllBytes(flac), UnusableAudioException.Reason.UNSUPPORTED, "FLAC");
    assertRefused(Files.readAllBytes(ogg), UnusableAudioException.Reason.UNSUPPORTED, "Ogg");
  }

  /** Verifies that text, random bytes and an empty file are refused with a clear message. */
  @Test
  void sniff_notAudio_refused() {
    assertRefused(
        "<html>Flood warning</html>".getBytes(StandardCharsets.UTF_8),
        UnusableAudioException.Reason.UNSUPPORTED,
        "not audio the hub recognises");
    byte[] random = new byte[4096];
    new java.util.Random(3).nextBytes(random);
    random[0] = 0x12;
    assertRefused(random, UnusableAudioException.Reason.UNSUPPORTED, "upload an MP3 or WAV file");
    assertRefused(new byte[0], UnusableAudioException.Reason.EMPTY, "empty");
  }

  /** Verifies that an ID3 tag alone, with no frames after it, is refused as empty. */
  @Test
  void sniff_id3WithoutFrames_empty() {
    byte[] tagOnly = {'I', 'D', '3', 3, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0};
    assertRefused(tagOnly, UnusableAudioException.Reason.EMPTY, "no audio frames");
  }

  /** Verifies that an ID3 tag announcing more bytes than the file holds is refused as truncated. */
  @Test
  void sniff_id3LongerThanFile_truncated() {
    byte[] tag = {'I', 'D', '3', 3, 0, 0, 0, 0, 0x7F, 0x7F, 0, 0, 0, 0};
    assertRefused(tag, UnusableAudioException.Reason.TRUNCATED, "inside its ID3 tag");
  }
}
