package org.villagecast.controller.audio.live;

import java.util.Arrays;
import org.villagecast.controller.audio.decode.MpegFrameHeader;

/**
 * Cuts a byte stream into whole MP3 (MPEG Layer III) frames as the bytes arrive, in any chunks.
 * Frames of MPEG Layer I and II are recognised and passed over (see {@link #otherLayer()}).
 *
 * <p>A frame is believed only when the header of another frame of the same stream (version, sample
 * rate, channels) follows exactly one frame length later: four random bytes pass as a header about
 * once in a few thousand, and a frame cut short (a server restarting mid-frame) would otherwise
 * swallow the start of the next. Anything else is passed over one byte at a time until two such
 * headers line up again, so a burst of garbage costs the frames it hit and never the stream, and
 * jlayer is never given bytes that are not a frame. The price is one frame of latency (26 ms at
 * 44.1 kHz): a frame is returned when the next one's header has arrived.
 */
final class Mp3FrameSync {
  /** One whole frame: its header and its bytes, header included. */
  record Frame(MpegFrameHeader header, byte[] bytes) {}

  private byte[] buffer = new byte[16 * 1024];
  private int start;
  private int end;
  private long frames;
  private long skippedBytes;
  private long bytesSinceFrame;
  private int otherLayer;

  /** Appends {@code length} bytes from {@code bytes[offset]}. */
  void feed(byte[] bytes, int offset, int length) {
    if (end + length > buffer.length) {
      System.arraycopy(buffer, start, buffer, 0, end - start);
      end -= start;
      start = 0;
      if (end + length > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, end + length));
      }
    }
    System.arraycopy(bytes, offset, buffer, end, length);
    end += length;
    bytesSinceFrame += length;
  }

  /** The next whole frame, or null until more bytes arrive. */
  Frame next() {
    while (end - start >= 4) {
      MpegFrameHeader header = parse(start);
      if (header == null) {
        skip();
        continue;
      }
      int length = header.frameBytes();
      if (end - start < length + 4) {
        return null;
      }
      MpegFrameHeader following = parse(start + length);
      if (following == null || !sameStream(header, following)) {
        skip();
        continue;
      }
      if (header.layer() != 3) {
        // MPEG audio, but Layer I or II (MP2, common in broadcasting): not for the decoder, and
        // worth naming when the stream holds nothing else.
        otherLayer = header.layer();
        start += length;
        skippedBytes += length;
        continue;
      }
      byte[] frame = Arrays.copyOfRange(buffer, start, start + length);
      start += length;
      frames++;
      bytesSinceFrame = end - start;
      return new Frame(header, frame);
    }
    return null;
  }

  /** Whole frames returned so far. */
  long frames() {
    return frames;
  }

  /** Bytes passed over as not belonging to any frame. */
  long skippedBytes() {
    return skippedBytes;
  }

  /** 1 or 2 when frames of MPEG Layer I or II were found (and skipped); 0 otherwise. */
  int otherLayer() {
    return otherLayer;
  }

  /** Bytes received since the last whole frame (or since the start), still unexplained. */
  long bytesSinceFrame() {
    return bytesSinceFrame;
  }

  private void skip() {
    start++;
    skippedBytes++;
  }

  private MpegFrameHeader parse(int at) {
    if (end - at < 4) {
      return null;
    }
    MpegFrameHeader header = MpegFrameHeader.parse(buffer, at);
    // Only standard bitrates: free format has no length to walk by.
    if (header == null || header.frameBytes() < 24) {
      return null;
    }
    return header;
  }

  private static boolean sameStream(MpegFrameHeader a, MpegFrameHeader b) {
    return a.version() == b.version()
        && a.layer() == b.layer()
        && a.sampleRate() == b.sampleRate()
        && a.mono() == b.mono();
  }
}
