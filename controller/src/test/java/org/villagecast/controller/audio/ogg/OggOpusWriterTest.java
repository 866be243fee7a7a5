package org.villagecast.controller.audio.ogg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.opus.OpusPacket;
import org.villagecast.controller.audio.opus.OpusPacketDecoder;
import org.villagecast.controller.audio.opus.OpusSettings;
import org.villagecast.controller.audio.opus.OpusStreamEncoder;
import org.villagecast.controller.audio.testing.Programs;
import org.villagecast.controller.audio.testing.SignalMeasurements;
import org.villagecast.controller.audio.tone.Chime;
import org.villagecast.controller.audio.tone.TestTone;

class OggOpusWriterTest {
  private static final int RATE = PcmAudio.ENGINE_RATE;

  @TempDir Path dir;

  /** Verifies the page CRC against the published check value of its parameters. */
  @Test
  void crc_checkValue() {
    // GIVEN the catalogue's check input
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);

    // WHEN / THEN the CRC (poly 0x04C11DB7, init 0, no reflection, no final XOR) is 0x89A1897F
    assertThat(OggCrc.of(check, 0, check.length)).isEqualTo(0x89A1_897F);
    assertThat(OggCrc.of(new byte[0], 0, 0)).isZero();
  }

  /** Verifies that ffprobe accepts the stream as Opus, mono, 48 kHz, with the source's length. */
  @Test
  void write_ffprobeAccepts() throws IOException {
    // GIVEN 3.27 s of audio (not a multiple of 20 ms) written as Ogg/Opus
    PcmAudio source = programme(157_000);
    Path file = write(source, List.of("TITLE=村村响 test"));

    // WHEN ffprobe reads it
    String probe = Programs.probe(file);

    // THEN it is Opus in Ogg, mono 48 kHz, and lasts 157,000 samples plus the pre-skip
    assertThat(probe)
        .contains("codec_name=opus", "channels=1", "sample_rate=48000", "format_name=ogg");
    double duration = Programs.probedDuration(probe);
    // ffprobe's duration is the last granule position, pre-skip included (it reports the same
    // for a file ffmpeg's own libopus encoder makes); the decoded length, pre-skip removed, is
    // checked sample for sample in write_ffmpegDecodeMatchesSource.
    assertThat(duration).isCloseTo((157_000 + 312) / 48_000.0, within(0.0005));
  }

  /**
   * Verifies that ffmpeg's decode of the file is the source, trimmed to the sample: the same
   * length, aligned (lag 0), equal to Concentus's own decode of the packets within rounding, and
   * close to the source within what a 24 kbit/s lossy codec keeps.
   *
   * <p>Bounds: against our own decode of the same packets the container adds nothing, and two Opus
   * decoders agree to float rounding, so SNR above 50 dB. Against the source the codec's loss
   * dominates: a steady 1 kHz tone keeps an SNR above 20 dB (measured about 30 dB); a programme of
   * chimes and noise keeps a correlation above 0.95. A wrong pre-skip shifts the audio by 312
   * samples and a broken page drops 200 ms: either fails these by far.
   */
  @Test
  void write_ffmpegDecodeMatchesSource() throws IOException {
    // GIVEN the reference tone followed by a chime over noise, written as Ogg/Opus
    float[] tone = TestTone.reference(Duration.ofSeconds(1)).samples();
    float[] rest = programme(RATE * 2).samples();
    float[] samples = new float[tone.length + rest.length];
    System.arraycopy(tone, 0, samples, 0, tone.length);
    System.arraycopy(rest, 0, samples, tone.length, rest.length);
    PcmAudio source = new PcmAudio(RATE, samples);
    OpusStreamEncoder encoder = new OpusStreamEncoder(OpusSettings.DEFAULT, 0);
    List<OpusPacket> packets = new ArrayList<>(encoder.encode(source));
    packets.addAll(encoder.finish());
    Path file = dir.resolve("listen-back.opus");
    try (OggOpusWriter writer =
        new OggOpusWriter(Files.newOutputStream(file), 42, encoder.preSkip())) {
      for (OpusPacket packet : packets) {
        writer.writePacket(packet.data(), OpusStreamEncoder.FRAME_SAMPLES);
      }
      writer.finish(source.length());
    }

    // WHEN ffmpeg decodes it
    float[] decoded = Programs.decodeWithFfmpeg(file);

    // THEN it is the source's length, aligned, and matches within the bounds above
    assertThat(decoded.length).isEqualTo(source.length());
    float[] ours =
        OpusPacketDecoder.decodeStream(packets, encoder.preSkip(), source.length()).samples();
    assertThat(SignalMeasurements.snrDb(ours, decoded, 0, decoded.length)).isGreaterThan(60);
    assertThat(SignalMeasurements.bestLag(samples, decoded, RATE, RATE, 400)).isZero();
    assertThat(SignalMeasurements.snrDb(samples, decoded, RATE / 10, RATE * 8 / 10))
        .isGreaterThan(30);
    assertThat(SignalMeasurements.correlation(samples, decoded, RATE, RATE * 2))
        .isGreaterThan(0.95);
  }

  /**
   * Verifies the page CRCs with ffmpeg, which checks them: the file as written draws no warning,
   * and the same file with one CRC byte flipped draws "CRC mismatch" and loses that page's audio.
   */
  @Test
  void write_ffmpegChecksPageCrc() throws IOException {
    // GIVEN a file as written, and a copy with the CRC of its fourth page (the second audio
    // page) corrupted
    Path file = write(programme(RATE * 2), List.of());
    byte[] bytes = Files.readAllBytes(file);
    int fourthPage = 0;
    for (int page = 0; page < 3; page++) {
      fourthPage = indexOfCapture(bytes, fourthPage + 1);
    }
    byte[] corrupt = bytes.clone();
    corrupt[fourthPage + 22] ^= (byte) 0xFF;
    Path corruptFile = dir.resolve("corrupt.opus");
    Files.write(corruptFile, corrupt);

    // WHEN ffmpeg decodes both with warnings shown
    Programs.Result good =
        Programs.run(Programs.ffmpeg(), "-v", "warning", "-i", file.toString(), "-f", "null", "-");
    Programs.Result bad =
        Programs.run(
            Programs.ffmpeg(), "-v", "warning", "-i", corruptFile.toString(), "-f", "null", "-");

    // THEN only the corrupted one is reported, and it decodes shorter
    assertThat(good.exitCode()).isZero();
    assertThat(good.stderr()).isEmpty();
    assertThat(bad.stderr()).contains("CRC mismatch");
    assertThat(Programs.decodeWithFfmpeg(corruptFile).length)
        .isLessThan(Programs.decodeWithFfmpeg(file).length);
  }

  private static int indexOfCapture(byte[] bytes, int from) {
    for (int i = from; i + 4 <= bytes.length; i++) {
      if (bytes[i] == 'O' && bytes[i + 1] == 'g' && bytes[i + 2] == 'g' && bytes[i + 3] == 'S') {
        return i;
      }
    }
    throw new AssertionError("no page after " + from);
  }

  /**
   * Verifies the layout RFC 7845 asks for, read back page by page: OpusHead alone on a first page
   * marked BOS, OpusTags alone on the second, audio pages with rising granule positions, page
   * sequence numbers without gaps, the final page marked EOS with the trimmed granule.
   */
  @Test
  void write_pageLayout() throws IOException {
    // GIVEN 25 packets written with 10 per page, trimmed to 23,500 samples
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OggOpusWriter writer =
        new OggOpusWriter(out, 0x1234_5678, 312, "villagecast", List.of("TITLE=t"), 10)) {
      for (int k = 0; k < 25; k++) {
        writer.writePacket(new byte[] {(byte) 0xF8, (byte) k}, 960);
      }
      writer.finish(23_500);
    }

    // WHEN the pages are read back
    List<Page> pages = Page.readAll(out.toByteArray());

    // THEN the headers stand alone, the audio pages hold 10, 10, 5 packets, and granules rise
    assertThat(pages).hasSize(5);
    assertThat(pages).extracting(Page::sequence).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(pages).extracting(Page::serial).containsOnly(0x1234_5678);
    assertThat(pages).extracting(Page::flags).containsExactly(2, 0, 0, 0, 4);
    assertThat(pages).extracting(Page::granule).containsExactly(0L, 0L, 9_600L, 19_200L, 23_812L);
    assertThat(pages).extracting(p -> p.packets().size()).containsExactly(1, 1, 10, 10, 5);
    byte[] head = pages.get(0).packets().get(0);
    ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(new String(head, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("OpusHead");
    assertThat(head).hasSize(19);
    assertThat(head[8]).isEqualTo((byte) 1);
    assertThat(head[9]).isEqualTo((byte) 1);
    assertThat(h.getShort(10)).isEqualTo((short) 312);
    assertThat(h.getInt(12)).isEqualTo(48_000);
    assertThat(h.getShort(16)).isZero();
    assertThat(head[18]).isZero();
    byte[] tags = pages.get(1).packets().get(0);
    assertThat(new String(tags, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("OpusTags");
    for (Page page : pages) {
      assertThat(page.crcMatches()).isTrue();
    }
  }

  /**
   * Verifies that the stream can be served live: the headers and full pages reach the output stream
   * as they are made, and ffmpeg decodes what a listener has received so far.
   */
  @Test
  void write_incremental() throws IOException {
    // GIVEN a writer on a stream that counts flushes
    CountingStream out = new CountingStream();
    OpusStreamEncoder encoder = new OpusStreamEncoder(OpusSettings.DEFAULT, 0);
    OggOpusWriter writer = new OggOpusWriter(out, 7, encoder.preSkip());
    int afterHeaders = out.size();
    int flushesAfterHeaders = out.flushes;

    // WHEN two seconds are written but the stream is not finished
    for (OpusPacket packet : encoder.encode(TestTone.reference(Duration.ofSeconds(2)))) {
      writer.writePacket(packet.data(), OpusStreamEncoder.FRAME_SAMPLES);
    }
    Path partial = dir.resolve("partial.opus");
    Files.write(partial, out.toByteArray());

    // THEN headers came at once, the full pages followed, and a listener can play them
    assertThat(afterHeaders).isGreaterThan(27 + 19 + 27 + 16);
    assertThat(flushesAfterHeaders).isEqualTo(2);
    assertThat(out.flushes).isEqualTo(2 + 9); // 99 packets: 9 full pages out, 9 packets pending
    float[] heard = Programs.decodeWithFfmpeg(partial);
    assertThat(heard.length).isEqualTo(90 * 960 - encoder.preSkip());
    writer.close();
  }

  /** Verifies that trimming beyond the packets, or writing after the end, is refused. */
  @Test
  void finish_invalid() throws IOException {
    OggOpusWriter writer = new OggOpusWriter(new ByteArrayOutputStream(), 1, 312);
    writer.writePacket(new byte[] {(byte) 0xF8}, 960);
    assertThatThrownBy(() -> writer.finish(960))
        .hasMessage("960 playable samples, but the packets hold 648");
    writer.finish(600);
    assertThatThrownBy(() -> writer.writePacket(new byte[] {1}, 960))
        .hasMessage("the stream is finished");
    assertThatThrownBy(
            () -> new OggOpusWriter(new ByteArrayOutputStream(), 1, 312, "v", List.of("bad"), 10))
        .hasMessage("comment 'bad' is not NAME=value");
  }

  /**
   * Verifies that closing ends the stream with an EOS page: untrimmed after packets, empty when no
   * packet was written (a broadcast stopped before its first packet).
   */
  @Test
  void close_endsStream() throws IOException {
    // GIVEN a stream with three packets and one with none, closed without finish
    ByteArrayOutputStream withPackets = new ByteArrayOutputStream();
    try (OggOpusWriter writer = new OggOpusWriter(withPackets, 1, 312)) {
      for (int k = 0; k < 3; k++) {
        writer.writePacket(new byte[] {(byte) 0xF8}, 960);
      }
    }
    ByteArrayOutputStream empty = new ByteArrayOutputStream();
    new OggOpusWriter(empty, 2, 312).close();

    // WHEN their pages are read back
    List<Page> pages = Page.readAll(withPackets.toByteArray());
    List<Page> emptyPages = Page.readAll(empty.toByteArray());

    // THEN the last page is EOS, with every packet's samples, or empty
    assertThat(pages).extracting(Page::flags).containsExactly(2, 0, 4);
    assertThat(pages.get(2).granule()).isEqualTo(2_880);
    assertThat(emptyPages).extracting(Page::flags).containsExactly(2, 0, 4);
    assertThat(emptyPages.get(2).packets()).isEmpty();
  }

  private Path write(PcmAudio source, List<String> comments) throws IOException {
    OpusStreamEncoder encoder = new OpusStreamEncoder(OpusSettings.DEFAULT, 0);
    Path file = dir.resolve("stream.opus");
    try (OggOpusWriter writer =
        new OggOpusWriter(
            Files.newOutputStream(file), 99, encoder.preSkip(), "villagecast", comments, 10)) {
      List<OpusPacket> packets = new ArrayList<>(encoder.encode(source));
      packets.addAll(encoder.finish());
      for (OpusPacket packet : packets) {
        writer.writePacket(packet.data(), OpusStreamEncoder.FRAME_SAMPLES);
      }
      writer.finish(source.length());
    }
    return file;
  }

  private static PcmAudio programme(int length) {
    float[] x = new float[length];
    Random random = new Random(11);
    float[] chime = Chime.twoTone().render().samples();
    for (int i = 0; i < length; i++) {
      x[i] = (float) (0.02 * random.nextGaussian()) + 0.8f * chime[i % chime.length];
    }
    return new PcmAudio(RATE, x);
  }

  /** One Ogg page as read back by the test, independently of the writer. */
  record Page(
      int flags,
      long granule,
      int serial,
      long sequence,
      List<byte[]> packets,
      boolean crcMatches) {
    static List<Page> readAll(byte[] bytes) {
      List<Page> pages = new ArrayList<>();
      ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      while (in.hasRemaining()) {
        int start = in.position();
        byte[] magic = new byte[4];
        in.get(magic);
        assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("OggS");
        assertThat(in.get()).isZero();
        int flags = in.get();
        long granule = in.getLong();
        int serial = in.getInt();
        long sequence = in.getInt() & 0xFFFF_FFFFL;
        int crc = in.getInt();
        int segments = in.get() & 0xFF;
        int[] lacing = new int[segments];
        for (int i = 0; i < segments; i++) {
          lacing[i] = in.get() & 0xFF;
        }
        List<byte[]> packets = new ArrayList<>();
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        for (int length : lacing) {
          byte[] part = new byte[length];
          in.get(part);
          packet.writeBytes(part);
          if (length < 255) {
            packets.add(packet.toByteArray());
            packet.reset();
          }
        }
        byte[] page = java.util.Arrays.copyOfRange(bytes, start, in.position());
        page[22] = page[23] = page[24] = page[25] = 0;
        pages.add(
            new Page(
                flags, granule, serial, sequence, packets, crc == OggCrc.of(page, 0, page.length)));
      }
      return pages;
    }
  }

  private static final class CountingStream extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int flushes;

    @Override
    public void write(int b) {
      bytes.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
    }

    @Override
    public void flush() {
      flushes++;
    }

    int size() {
      return bytes.size();
    }

    byte[] toByteArray() {
      return bytes.toByteArray();
    }
  }
}
