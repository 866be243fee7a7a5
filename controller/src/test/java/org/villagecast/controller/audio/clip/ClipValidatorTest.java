package org.villagecast.controller.audio.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.audio.Ffmpeg;
import org.villagecast.controller.audio.TestSignals;
import org.villagecast.controller.audio.decode.AudioFileKind;
import org.villagecast.controller.audio.decode.DecodeLimits;
import org.villagecast.controller.audio.decode.UnusableAudioException;

/** Upload validation: accepted files come back measured, refused ones with the reason. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClipValidatorTest {
  @TempDir Path dir;

  private final ClipValidator validator = new ClipValidator();

  /** Verifies that a stereo MP3 is accepted with its duration, rate, channels and loudness. */
  @Test
  void validate_mp3_measured() throws Exception {
    // GIVEN a 4 s stereo MP3 of speech-like audio
    float[] speech = TestSignals.speechLike(44_100, 4, 31, 0.5);
    Path mp3 =
        Ffmpeg.encode(
            dir.resolve("notice.mp3"),
            TestSignals.interleave(speech, speech),
            44_100,
            2,
            "-c:a",
            "libmp3lame",
            "-b:a",
            "128k");
    // WHEN validated
    ValidatedClip clip = validator.validate(mp3);
    // THEN it is accepted and described
    assertThat(clip.kind()).isEqualTo(AudioFileKind.MP3);
    assertThat(clip.sampleRate()).isEqualTo(44_100);
    assertThat(clip.sourceChannels()).isEqualTo(2);
    assertThat(clip.duration()).isEqualTo(Duration.ofSeconds(4));
    // AND its loudness is what ffmpeg measures of the same file, mixed to mono as the hub does
    Ffmpeg.Ebur128 reference = Ffmpeg.ebur128OfMonoMix(mp3);
    assertThat(clip.integratedLufs()).isCloseTo(reference.integratedLufs(), offset(0.5));
    assertThat(clip.truePeakDbtp()).isCloseTo(reference.truePeakDbtp(), offset(0.5));
  }

  /** Verifies that an 8-bit mono 8 kHz WAV is accepted. */
  @Test
  void validate_wav8bit_accepted() throws Exception {
    Path wav =
        Ffmpeg.encode(
            dir.resolve("a.wav"),
            TestSignals.speechLike(8_000, 3, 32, 0.8),
            8_000,
            1,
            "-c:a",
            "pcm_u8");
    ValidatedClip clip = validator.validate(wav);
    assertThat(clip.kind()).isEqualTo(AudioFileKind.WAV);
    assertThat(clip.sourceChannels()).isEqualTo(1);
    assertThat(clip.duration()).isEqualTo(Duration.ofSeconds(3));
    assertThat(clip.integratedLufs()).isBetween(-30.0, -5.0);
  }

  /** Verifies that a WAV of digital silence is refused: silence is not passed off as audio. */
  @Test
  void validate_silence_refused() throws Exception {
    Path wav =
        Ffmpeg.encode(dir.resolve("s.wav"), new float[48_000 * 3], 48_000, 1, "-c:a", "pcm_s16le");
    assertThatThrownBy(() -> validator.validate(wav))
        .isInstanceOfSatisfying(
            UnusableAudioException.class,
            e -> assertThat(e.reason()).isEqualTo(UnusableAudioException.Reason.SILENT))
        .hasMessageContaining("silence");
  }

  /** Verifies that a truncated MP3 is refused with the decoder's message. */
  @Test
  void validate_truncatedMp3_refused() throws Exception {
    Path mp3 =
        Ffmpeg.encode(
            dir.resolve("t.mp3"),
            TestSignals.musicLike(44_100, 3, 33),
            44_100,
            1,
            "-c:a",
            "libmp3lame",
            "-b:a",
            "64k");
    byte[] bytes = Files.readAllBytes(mp3);
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 100);
    assertThatThrownBy(() -> validator.validate(cut))
        .isInstanceOfSatisfying(
            UnusableAudioException.class,
            e -> assertThat(e.reason()).isEqualTo(UnusableAudioException.Reason.TRUNCATED));
  }

  /** Verifies that the limits given to the validator apply. */
  @Test
  void validate_tooLong_refused() throws Exception {
    Path wav =
        Ffmpeg.encode(
            dir.resolve("l.wav"),
            TestSignals.musicLike(16_000, 3, 34),
            16_000,
            1,
            "-c:a",
            "pcm_s16le");
    ClipValidator strict = new ClipValidator(new DecodeLimits(1 << 20, Duration.ofSeconds(2)));
    assertThatThrownBy(() -> strict.validate(wav))
        .isInstanceOfSatisfying(
            UnusableAudioException.class,
            e -> assertThat(e.reason()).isEqualTo(UnusableAudioException.Reason.TOO_LONG));
  }
}
