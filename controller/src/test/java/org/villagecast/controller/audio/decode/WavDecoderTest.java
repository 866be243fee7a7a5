package org.villagecast.controller.audio.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.audio.Compare;
import org.villagecast.controller.audio.Ffmpeg;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.TestSignals;

/** WAV decoding against ffmpeg's decode of WAVs that ffmpeg writes in the test. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WavDecoderTest {
  @TempDir Path dir;

  private final AudioDecoder decoder = new AudioDecoder();

  private Path makeWav(String name, int rate, int channels, String codec) throws Exception {
    float[] left = TestSignals.musicLike(rate, 2, 21);
    float[] samples =
        channels == 1 ? left : TestSignals.interleave(left, TestSignals.musicLike(rate, 2, 22));
    return Ffmpeg.encode(dir.resolve(name), samples, rate, channels, "-c:a", codec);
  }

  /** PCM decodes to the very values ffmpeg reads: aligned, same length, SNR far above 40 dB. */
  private void assertMatchesFfmpeg(Path wav, int rate, int channels) throws Exception {
    PcmAudio ours = decoder.decode(wav);
    float[] reference = Ffmpeg.decodeMono(wav, channels);
    assertThat(ours.sampleRate()).isEqualTo(rate);
    assertThat(ours.length()).isEqualTo(reference.length).isEqualTo(2 * rate);
    assertThat(Compare.bestLag(reference, ours.samples(), 100)).isZero();
    assertThat(Compare.snrDb(reference, ours.samples(), 0)).isGreaterThan(100);
  }

  /** Verifies 16-bit stereo at 44.1 kHz. */
  @Test
  void decode_pcm16Stereo44100() throws Exception {
    assertMatchesFfmpeg(makeWav("a.wav", 44_100, 2, "pcm_s16le"), 44_100, 2);
  }

  /** Verifies 16-bit mono at 22.05 kHz (espeak-ng's output format). */
  @Test
  void decode_pcm16Mono22050() throws Exception {
    assertMatchesFfmpeg(makeWav("a.wav", 22_050, 1, "pcm_s16le"), 22_050, 1);
  }

  /** Verifies 8-bit unsigned mono at 8 kHz. */
  @Test
  void decode_pcmU8Mono8000() throws Exception {
    assertMatchesFfmpeg(makeWav("a.wav", 8_000, 1, "pcm_u8"), 8_000, 1);
  }

  /** Verifies 8-bit unsigned stereo at 11.025 kHz. */
  @Test
  void decode_pcmU8Stereo11025() throws Exception {
    assertMatchesFfmpeg(makeWav("a.wav", 11_025, 2, "pcm_u8"), 11_025, 2);
  }

  /** Verifies 24-bit stereo at 48 kHz (written as WAVE_FORMAT_EXTENSIBLE by ffmpeg). */
  @Test
  void decode_pcm24Stereo48000() throws Exception {
    assertMatchesFfmpeg(makeWav("a.wav", 48_000, 2, "pcm_s24le"), 48_000, 2);
  }

  /** Verifies 24-bit mono at 96 kHz and 32-bit float mono at 32 kHz. */
  @Test
  void decode_pcm24Mono96000_float32Mono32000() throws Exception {
    assertMatchesFfmpeg(makeWav("a.wav", 96_000, 1, "pcm_s24le"), 96_000, 1);
    assertMatchesFfmpeg(makeWav("b.wav", 32_000, 1, "pcm_f32le"), 32_000, 1);
  }

  /** Verifies that the format comes from the bytes: a WAV named .mp3 decodes as WAV. */
  @Test
  void decode_wavNamedMp3_sniffedFromBytes() throws Exception {
    // GIVEN a WAV saved under an MP3 name
    Path wav = makeWav("a.wav", 16_000, 1, "pcm_s16le");
    Path misnamed = Files.copy(wav, dir.resolve("notice.mp3"));
    // WHEN decoded THEN it is read as the WAV it is
    assertThat(decoder.decodeFile(Files.readAllBytes(misnamed)).kind())
        .isEqualTo(AudioFileKind.WAV);
    assertMatchesFfmpeg(misnamed, 16_000, 1);
  }

  /** Verifies that a WAV whose data stops before its declared length is refused as truncated. */
  @Test
  void decode_truncated() throws Exception {
    byte[] whole = Files.readAllBytes(makeWav("a.wav", 44_100, 2, "pcm_s16le"));
    byte[] cut = Arrays.copyOf(whole, whole.length / 2 + 1);
    assertThatThrownBy(() -> decoder.decode(cut))
        .isInstanceOfSatisfying(
            UnusableAudioException.class,
            e -> assertThat(e.reason()).isEqualTo(UnusableAudioException.Reason.TRUNCATED))
        .hasMessageContaining("cut short")
        .hasMessageContaining("announces 88200 sample frames");
  }

  /**
   * Verifies that a streaming placeholder size (0xFFFFFFFF, written by programs that could not seek
   * back, e.g. {@code espeak-ng --stdout}) is read to the end instead of refused.
   */
  @Test
  void decode_placeholderDataSize_readToEnd() throws Exception {
    // GIVEN a 16-bit WAV whose RIFF and data sizes are patched to 0xFFFFFFFF
    byte[] bytes = Files.readAllBytes(makeWav("a.wav", 22_050, 1, "pcm_s16le"));
    int data = indexOf(bytes, "data");
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(4, -1).putInt(data + 4, -1);
    // WHEN decoded THEN every sample is there
    assertThat(decoder.decode(bytes).length()).isEqualTo(2 * 22_050);
  }

  /** Verifies that a compressed WAV (Microsoft ADPCM) is refused as unsupported. */
  @Test
  void decode_adpcm_unsupported() throws Exception {
    Path wav = makeWav("a.wav", 22_050, 1, "adpcm_ms");
    assertThatThrownBy(() -> decoder.decode(wav))
        .isInstanceOfSatisfying(
            UnusableAudioException.class,
            e -> assertThat(e.reason()).isEqualTo(UnusableAudioException.Reason.UNSUPPORTED))
        .hasMessageContaining("convert it to 16-bit PCM WAV or MP3");
  }

  /**
   * Verifies that a WAV with a header but no samples is refused as empty, not played as silence.
   */
  @Test
  void decode_noSamples_empty() throws Exception {
    byte[] bytes = Files.readAllBytes(makeWav("a.wav", 22_050, 1, "pcm_s16le"));
    int data = indexOf(bytes, "data");
    byte[] header = Arrays.copyOf(bytes, data + 8);
    ByteBuffer.wrap(header)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(4, header.length - 8)
        .putInt(data + 4, 0);
    assertThatThrownBy(() -> decoder.decode(header))
        .isInstanceOfSatisfying(
            UnusableAudioException.class,
            e -> assertThat(e.reason()).isEqualTo(UnusableAudioException.Reason.EMPTY));
  }

  private static int indexOf(byte[] bytes, String ascii) {
    for (int i = 12; i < bytes.length - 4; i++) {
      if (AudioFileKind.startsWith(bytes, i, ascii)) {
        return i;
      }
    }
    throw new AssertionError("no " + ascii + " chunk");
  }
}
