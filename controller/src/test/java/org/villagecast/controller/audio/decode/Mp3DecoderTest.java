package org.villagecast.controller.audio.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.audio.Compare;
import org.villagecast.controller.audio.Ffmpeg;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.TestSignals;

/**
 * MP3 decoding against ffmpeg's own decode of files that ffmpeg (libmp3lame) makes in the test.
 *
 * <p>Alignment: files with a LAME/Info tag are compared sample for sample with no shift at all,
 * because the decoder trims the encoder delay and padding that the tag records, as ffmpeg does; the
 * lag found by cross-correlation must be 0 and the lengths equal, which checks the trimming. A file
 * without the tag is aligned by cross-correlation (its delay is unknown to both decoders).
 *
 * <p>The timeout runs each test on a separate thread, so a decoder that hangs on a damaged file
 * fails the test instead of stalling the build.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Mp3DecoderTest {
  private static final double MIN_SNR_DB = 40;

  @TempDir Path dir;

  private final AudioDecoder decoder = new AudioDecoder();

  private Path makeMp3(String name, int rate, int channels, String... codecArgs) throws Exception {
    float[] left = TestSignals.musicLike(rate, 3, 11);
    float[] samples =
        channels == 1 ? left : TestSignals.interleave(left, TestSignals.musicLike(rate, 3, 12));
    return Ffmpeg.encode(dir.resolve(name), samples, rate, channels, codecArgs);
  }

  /** Decodes with both and checks exact alignment, equal length and the SNR. */
  private PcmAudio assertMatchesFfmpegExactly(Path mp3, int rate, int channels) throws Exception {
    PcmAudio ours = decoder.decode(mp3);
    float[] reference = Ffmpeg.decodeMono(mp3, channels);
    assertThat(ours.sampleRate()).isEqualTo(rate);
    assertThat(Compare.bestLag(reference, ours.samples(), 2000)).isZero();
    assertThat(ours.length()).isEqualTo(reference.length);
    assertThat(Compare.snrDb(reference, ours.samples(), 0)).isGreaterThan(MIN_SNR_DB);
    return ours;
  }

  /** Verifies that a constant-bitrate 44.1 kHz stereo MP3 decodes like ffmpeg's decode. */
  @Test
  void decode_cbr44100Stereo() throws Exception {
    // GIVEN a 128 kbit/s CBR stereo MP3 (ffmpeg writes an Info header with the LAME fields)
    Path mp3 = makeMp3("cbr.mp3", 44_100, 2, "-c:a", "libmp3lame", "-b:a", "128k");
    Mp3Layout layout = Mp3Layout.scan(Files.readAllBytes(mp3));
    assertThat(layout.vbrHeader()).isTrue();
    assertThat(layout.encoderDelay()).isPositive();
    // WHEN decoded THEN it equals ffmpeg's decode, mixed down, sample-aligned, within 40 dB
    PcmAudio ours = assertMatchesFfmpegExactly(mp3, 44_100, 2);
    // AND it is the length of the recording, not of the frames
    assertThat(ours.length()).isEqualTo(3 * 44_100);
  }

  /** Verifies that a VBR MP3 with a Xing header decodes like ffmpeg's decode. */
  @Test
  void decode_vbrXing() throws Exception {
    // GIVEN a VBR (quality 4) stereo MP3, which carries a "Xing" header with a frame count
    Path mp3 = makeMp3("vbr.mp3", 44_100, 2, "-c:a", "libmp3lame", "-q:a", "4");
    byte[] bytes = Files.readAllBytes(mp3);
    assertThat(new String(bytes, 0, 200, java.nio.charset.StandardCharsets.ISO_8859_1))
        .contains("Xing");
    // WHEN decoded THEN it matches ffmpeg exactly aligned
    assertMatchesFfmpegExactly(mp3, 44_100, 2);
    // AND the bitrate really varies between frames
    assertThat(frameBitrates(bytes)).hasSizeGreaterThan(1);
  }

  /** Verifies that an ID3v2 tag holding a picture is skipped and the audio decodes. */
  @Test
  void decode_id3v2WithPicture() throws Exception {
    // GIVEN an MP3 with an ID3v2.3 tag carrying a title and a 320×240 PNG cover picture
    Path cover = dir.resolve("cover.png");
    Ffmpeg.run(
        List.of("-f", "lavfi", "-i", "testsrc=size=320x240", "-frames:v", "1", cover.toString()));
    Path wav =
        Ffmpeg.encode(
            dir.resolve("source.wav"),
            TestSignals.musicLike(44_100, 3, 5),
            44_100,
            1,
            "-c:a",
            "pcm_s16le");
    Path mp3 = dir.resolve("tagged.mp3");
    Ffmpeg.run(
        List.of(
            "-i",
            wav.toString(),
            "-i",
            cover.toString(),
            "-map",
            "0:a",
            "-map",
            "1:v",
            "-c:a",
            "libmp3lame",
            "-b:a",
            "96k",
            "-c:v",
            "png",
            "-id3v2_version",
            "3",
            "-metadata",
            "title=Flood warning",
            "-metadata:s:v",
            "comment=Cover (front)",
            "-disposition:v",
            "attached_pic",
            mp3.toString()));
    byte[] bytes = Files.readAllBytes(mp3);
    assertThat(new String(bytes, 0, 3, java.nio.charset.StandardCharsets.ISO_8859_1))
        .isEqualTo("ID3");
    int tagEnd = Mp3Layout.skipId3v2(bytes);
    assertThat(tagEnd).isGreaterThan((int) Files.size(cover));
    assertThat(new String(bytes, 0, tagEnd, java.nio.charset.StandardCharsets.ISO_8859_1))
        .contains("APIC");
    // WHEN decoded THEN the picture is no obstacle and the audio matches ffmpeg's decode
    assertMatchesFfmpegExactly(mp3, 44_100, 1);
  }

  /** Verifies MPEG-1 at 48 kHz, mono and stereo. */
  @Test
  void decode_mpeg1_48000() throws Exception {
    Path mono = makeMp3("48k.mp3", 48_000, 1, "-c:a", "libmp3lame", "-b:a", "96k");
    Path stereo = makeMp3("48k-stereo.mp3", 48_000, 2, "-c:a", "libmp3lame", "-b:a", "192k");
    assertThat(Mp3Layout.scan(Files.readAllBytes(mono)).header().version()).isEqualTo(1);
    assertMatchesFfmpegExactly(mono, 48_000, 1);
    assertMatchesFfmpegExactly(stereo, 48_000, 2);
  }

  /** Verifies MPEG-2 at 22.05 kHz, stereo and mono. */
  @Test
  void decode_mpeg2_22050() throws Exception {
    Path stereo = makeMp3("22k-stereo.mp3", 22_050, 2, "-c:a", "libmp3lame", "-b:a", "64k");
    Path mono = makeMp3("22k-mono.mp3", 22_050, 1, "-c:a", "libmp3lame", "-b:a", "48k");
    assertThat(Mp3Layout.scan(Files.readAllBytes(stereo)).header().version()).isEqualTo(2);
    assertMatchesFfmpegExactly(stereo, 22_050, 2);
    assertMatchesFfmpegExactly(mono, 22_050, 1);
  }

  /** Verifies MPEG-2.5 at 8 kHz (telephone-quality announcements), mono and stereo. */
  @Test
  void decode_mpeg25_8000() throws Exception {
    Path mono = makeMp3("8k-mono.mp3", 8_000, 1, "-c:a", "libmp3lame", "-b:a", "16k");
    Path stereo = makeMp3("8k-stereo.mp3", 8_000, 2, "-c:a", "libmp3lame", "-b:a", "24k");
    assertThat(Mp3Layout.scan(Files.readAllBytes(mono)).header().version()).isEqualTo(25);
    assertMatchesFfmpegExactly(mono, 8_000, 1);
    assertMatchesFfmpegExactly(stereo, 8_000, 2);
  }

  /**
   * Verifies that without an Info/LAME tag nothing is trimmed: the audio keeps the encoder and
   * decoder delay, found here by cross-correlation, and otherwise matches ffmpeg.
   */
  @Test
  void decode_withoutInfoTag_keepsDelay() throws Exception {
    // GIVEN a CBR MP3 written without the Xing/Info frame
    Path mp3 =
        makeMp3("plain.mp3", 44_100, 2, "-c:a", "libmp3lame", "-b:a", "128k", "-write_xing", "0");
    Mp3Layout layout = Mp3Layout.scan(Files.readAllBytes(mp3));
    assertThat(layout.vbrHeader()).isFalse();
    // WHEN decoded by both
    PcmAudio ours = decoder.decode(mp3);
    float[] reference = Ffmpeg.decodeMono(mp3, 2);
    // THEN ours is every decoded frame, and matches once aligned by cross-correlation
    assertThat(ours.length()).isEqualTo(layout.audioFrames() * 1152);
    int lag = Compare.bestLag(reference, ours.samples(), 3000);
    assertThat(Compare.snrDb(reference, ours.samples(), lag)).isGreaterThan(MIN_SNR_DB);
  }

  /** Verifies that an MP3 cut off in the middle of a frame is refused as truncated. */
  @Test
  void decode_truncatedInsideFrame() throws Exception {
    // GIVEN the first 60 % of an MP3 plus 7 bytes
    byte[] whole =
        Files.readAllBytes(makeMp3("whole.mp3", 44_100, 2, "-c:a", "libmp3lame", "-b:a", "128k"));
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length * 6 / 10 + 7);
    // WHEN decoded THEN it is refused with a message that says so and what to do
    assertThatThrownBy(() -> decoder.decode(cut))
        .isInstanceOfSatisfying(
            UnusableAudioException.class,
            e -> assertThat(e.reason()).isEqualTo(UnusableAudioException.Reason.TRUNCATED))
        .hasMessageContaining("cut short")
        .hasMessageContaining("upload the complete file");
  }

  /**
   * Verifies that an MP3 cut exactly between two frames is still refused: its Xing header announces
   * more frames than it holds.
   */
  @Test
  void decode_truncatedAtFrameBoundary() throws Exception {
    byte[] whole =
        Files.readAllBytes(makeMp3("whole.mp3", 44_100, 1, "-c:a", "libmp3lame", "-q:a", "5"));
    Mp3Layout layout = Mp3Layout.scan(whole);
    int position = layout.firstAudioFrame();
    for (int frame = 0; frame < layout.audioFrames() / 2; frame++) {
      position += MpegFrameHeader.parse(whole, position).frameBytes();
    }
    byte[] cut = java.util.Arrays.copyOf(whole, position);

    assertThatThrownBy(() -> decoder.decode(cut))
        .isInstanceOfSatisfying(
            UnusableAudioException.class,
            e -> assertThat(e.reason()).isEqualTo(UnusableAudioException.Reason.TRUNCATED))
        .hasMessageContaining("announces " + layout.audioFrames() + " audio frames");
  }

  /** Verifies that random bytes written over the middle of an MP3 give the corrupted error. */
  @Test
  void decode_corrupted() throws Exception {
    // GIVEN an MP3 with 1500 seeded random bytes written over its middle
    byte[] bytes =
        Files.readAllBytes(makeMp3("c.mp3", 44_100, 2, "-c:a", "libmp3lame", "-b:a", "128k"));
    Random random = new Random(42);
    byte[] noise = new byte[1500];
    random.nextBytes(noise);
    System.arraycopy(noise, 0, bytes, bytes.length / 2, noise.length);
    // WHEN decoded THEN it is refused as damaged, naming where
    assertThatThrownBy(() -> decoder.decode(bytes))
        .isInstanceOfSatisfying(
            UnusableAudioException.class,
            e -> assertThat(e.reason()).isEqualTo(UnusableAudioException.Reason.CORRUPTED))
        .hasMessageContaining("damaged")
        .hasMessageContaining("no valid frame at byte");
  }

  /**
   * Verifies that corruption at many places (zeros or random bytes, any length) never hangs and
   * never yields audio quietly: each damaged copy either is refused or, where only audio payload
   * was hit, still decodes to the full length.
   */
  @Test
  void decode_corruptedAnywhere_refusedOrFullLength() throws Exception {
    byte[] original =
        Files.readAllBytes(makeMp3("c.mp3", 22_050, 1, "-c:a", "libmp3lame", "-b:a", "48k"));
    int expected = decoder.decode(original).length();
    Random random = new Random(7);
    int refused = 0;
    for (int trial = 0; trial < 60; trial++) {
      byte[] bytes = original.clone();
      int at = random.nextInt(bytes.length);
      int length = 1 + random.nextInt(400);
      for (int i = at; i < Math.min(bytes.length, at + length); i++) {
        bytes[i] = trial % 2 == 0 ? 0 : (byte) random.nextInt(256);
      }
      try {
        assertThat(decoder.decode(bytes).length()).isEqualTo(expected);
      } catch (UnusableAudioException e) {
        assertThat(e.getMessage()).isNotBlank();
        refused++;
      }
    }
    assertThat(refused).isGreaterThan(10);
  }

  /** Verifies that MPEG Layer II audio is refused as unsupported with its name. */
  @Test
  void decode_layer2_unsupported() throws Exception {
    Path mp2 = makeMp3("clip.mp3", 48_000, 2, "-c:a", "mp2", "-b:a", "192k", "-f", "mp2");
    assertThatThrownBy(() -> decoder.decode(mp2))
        .isInstanceOfSatisfying(
            UnusableAudioException.class,
            e -> assertThat(e.reason()).isEqualTo(UnusableAudioException.Reason.UNSUPPORTED))
        .hasMessageContaining("Layer II");
  }

  /** Verifies that the duration limit is applied from the frame count, before decoding. */
  @Test
  void decode_longerThanLimit_refused() throws Exception {
    Path mp3 = makeMp3("long.mp3", 44_100, 1, "-c:a", "libmp3lame", "-b:a", "64k");
    AudioDecoder strict =
        new AudioDecoder(new DecodeLimits(1 << 20, java.time.Duration.ofSeconds(2)));
    assertThatThrownBy(() -> strict.decode(mp3))
        .isInstanceOfSatisfying(
            UnusableAudioException.class,
            e -> assertThat(e.reason()).isEqualTo(UnusableAudioException.Reason.TOO_LONG))
        .hasMessageContaining("longer than the 0:02");
  }

  /** Verifies that a file over the size limit is refused before it is read. */
  @Test
  void decode_largerThanLimit_refused() throws Exception {
    Path mp3 = makeMp3("big.mp3", 44_100, 1, "-c:a", "libmp3lame", "-b:a", "64k");
    AudioDecoder strict = new AudioDecoder(new DecodeLimits(1000, java.time.Duration.ofMinutes(1)));
    assertThatThrownBy(() -> strict.decode(mp3))
        .isInstanceOfSatisfying(
            UnusableAudioException.class,
            e -> assertThat(e.reason()).isEqualTo(UnusableAudioException.Reason.TOO_LARGE))
        .hasMessageContaining("more than the 1000");
  }

  private static List<Integer> frameBitrates(byte[] bytes) throws UnusableAudioException {
    Mp3Layout layout = Mp3Layout.scan(bytes);
    List<Integer> rates = new ArrayList<>();
    int position = layout.firstAudioFrame();
    while (position < layout.end()) {
      MpegFrameHeader header = MpegFrameHeader.parse(bytes, position);
      if (!rates.contains(header.bitrateKbps())) {
        rates.add(header.bitrateKbps());
      }
      position += header.frameBytes();
    }
    return rates;
  }
}
