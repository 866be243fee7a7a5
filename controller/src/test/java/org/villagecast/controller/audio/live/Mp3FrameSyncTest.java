package org.villagecast.controller.audio.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frame cutter on an MP3 made by ffmpeg: bytes arriving in chunks of every size, a stream that
 * starts mid-frame (as a server's burst does), and garbage between frames.
 */
class Mp3FrameSyncTest {
  @TempDir static Path dir;
  private static byte[] mp3;
  private static List<Integer> offsets;

  @BeforeAll
  static void makeMp3() throws IOException {
    mp3 = ToneMp3.make(dir, 440, 1);
    offsets = ToneMp3.frameOffsets(mp3);
  }

  private static List<byte[]> cut(byte[] stream, int chunk, Mp3FrameSync sync) {
    List<byte[]> frames = new ArrayList<>();
    for (int at = 0; at < stream.length; at += chunk) {
      sync.feed(stream, at, Math.min(chunk, stream.length - at));
      for (Mp3FrameSync.Frame frame = sync.next(); frame != null; frame = sync.next()) {
        frames.add(frame.bytes());
      }
    }
    return frames;
  }

  private static byte[] frame(int index) {
    int end = index + 1 < offsets.size() ? offsets.get(index + 1) : mp3.length;
    return Arrays.copyOfRange(mp3, offsets.get(index), end);
  }

  /**
   * Verifies that in chunks of every size from 1 to 700 bytes (and one of the whole file) the
   * frames come out whole and in order: all but the last, which waits for a next header.
   */
  @Test
  void next_everyChunkSize_wholeFramesInOrder() {
    int[] sizes = new int[701];
    for (int i = 0; i < 700; i++) {
      sizes[i] = i + 1;
    }
    sizes[700] = mp3.length;
    for (int chunk : sizes) {
      Mp3FrameSync sync = new Mp3FrameSync();
      List<byte[]> frames = cut(mp3, chunk, sync);
      assertThat(frames).as("chunk %d", chunk).hasSize(offsets.size() - 1);
      for (int i = 0; i < frames.size(); i++) {
        assertThat(frames.get(i)).as("chunk %d, frame %d", chunk, i).isEqualTo(frame(i));
      }
      assertThat(sync.skippedBytes()).as("chunk %d", chunk).isZero();
    }
  }

  /** Verifies that a stream joined mid-frame skips to the first whole frame, counting the rest. */
  @Test
  void next_startsMidFrame_skipsToFirstWholeFrame() {
    int start = offsets.get(3) + 100;
    byte[] joined = Arrays.copyOfRange(mp3, start, mp3.length);
    Mp3FrameSync sync = new Mp3FrameSync();
    List<byte[]> frames = cut(joined, 1_000, sync);
    assertThat(frames.get(0)).isEqualTo(frame(4));
    assertThat(frames).hasSize(offsets.size() - 5);
    assertThat(sync.skippedBytes()).isEqualTo(offsets.get(4) - start);
  }

  /**
   * Verifies that random bytes between two frames are passed over and counted, costing only the
   * frame before them (no header vouches for its end); and that a frame cut short is dropped rather
   * than given to the decoder with the next one's bytes.
   */
  @Test
  void next_garbageAndCutFrame_resyncs() {
    // GIVEN frames 0-9, 500 random bytes, frames 10-19, the first half of frame 20, frames 21-…
    byte[] junk = new byte[500];
    new Random(3).nextBytes(junk);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.writeBytes(Arrays.copyOfRange(mp3, 0, offsets.get(10)));
    stream.writeBytes(junk);
    stream.writeBytes(Arrays.copyOfRange(mp3, offsets.get(10), offsets.get(20)));
    byte[] twenty = frame(20);
    stream.writeBytes(Arrays.copyOf(twenty, twenty.length / 2));
    stream.writeBytes(Arrays.copyOfRange(mp3, offsets.get(21), mp3.length));
    // WHEN cut in 333-byte chunks
    Mp3FrameSync sync = new Mp3FrameSync();
    List<byte[]> frames = cut(stream.toByteArray(), 333, sync);
    // THEN every frame but the one before the junk, the half frame and the last comes out, byte
    // for byte
    List<byte[]> expected = new ArrayList<>();
    for (int i = 0; i < offsets.size() - 1; i++) {
      if (i != 9 && i != 20) {
        expected.add(frame(i));
      }
    }
    assertThat(frames).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(frames.get(i)).as("frame %d", i).isEqualTo(expected.get(i));
    }
    assertThat(sync.skippedBytes()).isEqualTo(frame(9).length + junk.length + twenty.length / 2);
  }

  /** Verifies that bytes with no frame in them are all unexplained. */
  @Test
  void next_noFrames_countsUnexplainedBytes() {
    byte[] html = "<html><body>404</body></html>".repeat(100).getBytes();
    Mp3FrameSync sync = new Mp3FrameSync();
    assertThat(cut(html, 64, sync)).isEmpty();
    assertThat(sync.frames()).isZero();
    assertThat(sync.bytesSinceFrame()).isEqualTo(html.length);
  }
}
