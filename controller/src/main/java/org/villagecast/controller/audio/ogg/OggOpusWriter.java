package org.villagecast.controller.audio.ogg;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an Ogg/Opus stream (RFC 7845) incrementally to an output stream: the listen-back of a
 * broadcast, as a file or as a live HTTP response. Mono, 48 kHz. Not thread-safe.
 *
 * <p>The identification and comment headers are written and flushed by the constructor, each on its
 * own page as RFC 7845 §3 requires. Audio packets are gathered into pages of up to {@code
 * packetsPerPage} packets; a full page is written and flushed when the next packet arrives, so a
 * live listener is at most one page behind and the last packet is always left for the end-of-stream
 * page. A listener who joins a live broadcast late gets a writer of their own: each stream must
 * start with its headers.
 *
 * <p>Granule positions count 48 kHz samples from the start of the stream including the pre-skip
 * (RFC 7845 §4); {@link #finish(long)} sets the last one so that a player trims the padding of the
 * final packet.
 */
public final class OggOpusWriter implements Closeable {
  /**
   * HTTP content type of the stream (RFC 7845 §9). Chromium and Firefox play it in an audio
   * element, as do ffplay and VLC; Safari's support for Ogg is recent, so a listen-back page should
   * offer an MP3 alternative for older Apple devices.
   */
  public static final String CONTENT_TYPE = "audio/ogg; codecs=opus";

  /** 10 packets of 20 ms: a page every 200 ms, about 1.5 kbit/s of page headers. */
  public static final int DEFAULT_PACKETS_PER_PAGE = 10;

  private static final int FLAG_BOS = 0x02;
  private static final int FLAG_EOS = 0x04;
  private static final int MAX_SEGMENTS = 255;
  private static final int PAGE_HEADER = 27;

  /** A packet must end on its page: at most 254 lacing values of 255 plus one shorter. */
  private static final int MAX_PACKET = 254 * 255;

  private final OutputStream out;
  private final int serialNumber;
  private final int preSkip;
  private final int packetsPerPage;
  private final List<byte[]> pending = new ArrayList<>();
  private int pendingSegments;
  private long pageSequence;
  private long granule;
  private long lastPageGranule;
  private boolean finished;

  /**
   * Writes the two header pages.
   *
   * @param out where the stream goes; flushed after every page
   * @param serialNumber the logical stream's serial number (any value; e.g. from the broadcast id)
   * @param preSkip samples the decoder drops at the start: the encoder's look-ahead
   * @param vendor the encoder's name, in the comment header
   * @param comments "NAME=value" comments (RFC 7845 §5.2), e.g. "TITLE=…"
   * @param packetsPerPage packets per audio page, 1 to 100
   */
  public OggOpusWriter(
      OutputStream out,
      int serialNumber,
      int preSkip,
      String vendor,
      List<String> comments,
      int packetsPerPage)
      throws IOException {
    if (preSkip < 0 || preSkip > 0xFFFF) {
      throw new IllegalArgumentException("pre-skip " + preSkip + " is not 0-65535");
    }
    if (packetsPerPage < 1 || packetsPerPage > 100) {
      throw new IllegalArgumentException("packets per page " + packetsPerPage + " is not 1-100");
    }
    for (String comment : comments) {
      if (comment.indexOf('=') <= 0) {
        throw new IllegalArgumentException("comment '" + comment + "' is not NAME=value");
      }
    }
    this.out = out;
    this.serialNumber = serialNumber;
    this.preSkip = preSkip;
    this.packetsPerPage = packetsPerPage;
    writePage(List.of(identificationHeader(preSkip)), 0, FLAG_BOS);
    byte[] tags = commentHeader(vendor, comments);
    if (tags.length > MAX_PACKET) {
      throw new IllegalArgumentException("comments of " + tags.length + " bytes: too long");
    }
    writePage(List.of(tags), 0, 0);
  }

  /** A writer with no comments and the default page size. */
  public OggOpusWriter(OutputStream out, int serialNumber, int preSkip) throws IOException {
    this(out, serialNumber, preSkip, "villagecast", List.of(), DEFAULT_PACKETS_PER_PAGE);
  }

  /** Adds one Opus packet that decodes to {@code samples} samples at 48 kHz (960 for 20 ms). */
  public void writePacket(byte[] packet, int samples) throws IOException {
    if (finished) {
      throw new IllegalStateException("the stream is finished");
    }
    if (packet.length == 0 || packet.length > MAX_PACKET) {
      throw new IllegalArgumentException("packet of " + packet.length + " bytes");
    }
    if (samples <= 0 || samples > 5_760) {
      throw new IllegalArgumentException("packet of " + samples + " samples is not 1-5760");
    }
    int segments = packet.length / 255 + 1;
    if (pending.size() == packetsPerPage || pendingSegments + segments > MAX_SEGMENTS) {
      writePage(pending, granule, 0);
      lastPageGranule = granule;
      pending.clear();
      pendingSegments = 0;
    }
    pending.add(packet.clone());
    pendingSegments += segments;
    granule += samples;
  }

  /**
   * Ends the stream with an end-of-stream page whose granule position says that {@code
   * playableSamples} samples follow the pre-skip, trimming the padding of the last packet. Does not
   * close the output stream. A stream without packets ends with an empty end-of-stream page ({@code
   * playableSamples} must then be 0).
   */
  public void finish(long playableSamples) throws IOException {
    if (finished) {
      throw new IllegalStateException("the stream is finished");
    }
    if (pending.isEmpty()) {
      if (playableSamples != 0) {
        throw new IllegalArgumentException(playableSamples + " playable samples, but no packets");
      }
      end(granule);
      return;
    }
    long end = preSkip + playableSamples;
    if (playableSamples < 0 || end > granule) {
      throw new IllegalArgumentException(
          playableSamples + " playable samples, but the packets hold " + (granule - preSkip));
    }
    if (end <= lastPageGranule) {
      throw new IllegalArgumentException(
          "cannot trim to "
              + playableSamples
              + " samples: that ends before the last page, at "
              + (lastPageGranule - preSkip));
    }
    end(end);
  }

  /** Finishes the stream if needed (no trimming), then closes the output stream. */
  @Override
  public void close() throws IOException {
    try {
      if (!finished) {
        end(granule);
      }
    } finally {
      out.close();
    }
  }

  private void end(long finalGranule) throws IOException {
    finished = true;
    writePage(pending, finalGranule, FLAG_EOS);
    pending.clear();
  }

  private void writePage(List<byte[]> packets, long granulePosition, int flags) throws IOException {
    ByteArrayOutputStream lacing = new ByteArrayOutputStream();
    int bodyLength = 0;
    for (byte[] packet : packets) {
      for (int left = packet.length; ; left -= 255) {
        if (left >= 255) {
          lacing.write(255);
        } else {
          lacing.write(left);
          break;
        }
      }
      bodyLength += packet.length;
    }
    byte[] table = lacing.toByteArray();
    ByteBuffer page =
        ByteBuffer.allocate(PAGE_HEADER + table.length + bodyLength).order(ByteOrder.LITTLE_ENDIAN);
    page.put("OggS".getBytes(StandardCharsets.US_ASCII));
    page.put((byte) 0); // stream structure version
    page.put((byte) flags);
    page.putLong(granulePosition);
    page.putInt(serialNumber);
    page.putInt((int) pageSequence++);
    page.putInt(0); // CRC, filled in below over the page with this field zero
    page.put((byte) table.length);
    page.put(table);
    for (byte[] packet : packets) {
      page.put(packet);
    }
    byte[] bytes = page.array();
    int crc = OggCrc.of(bytes, 0, bytes.length);
    ByteBuffer.wrap(bytes, 22, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(crc);
    out.write(bytes);
    out.flush();
  }

  /** 'OpusHead' (RFC 7845 §5.1): version 1, one channel, mapping family 0. */
  private static byte[] identificationHeader(int preSkip) {
    ByteBuffer head = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
    head.put("OpusHead".getBytes(StandardCharsets.US_ASCII));
    head.put((byte) 1); // version
    head.put((byte) 1); // channel count
    head.putShort((short) preSkip);
    head.putInt(48_000); // input sample rate, informational
    head.putShort((short) 0); // output gain, Q7.8 dB
    head.put((byte) 0); // channel mapping family 0: mono or stereo, no table
    return head.array();
  }

  /** 'OpusTags' (RFC 7845 §5.2): vendor string and user comments, lengths little-endian. */
  private static byte[] commentHeader(String vendor, List<String> comments) {
    ByteArrayOutputStream tags = new ByteArrayOutputStream();
    tags.writeBytes("OpusTags".getBytes(StandardCharsets.US_ASCII));
    writeString(tags, vendor);
    tags.writeBytes(littleEndian(comments.size()));
    for (String comment : comments) {
      writeString(tags, comment);
    }
    return tags.toByteArray();
  }

  private static void writeString(ByteArrayOutputStream out, String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(littleEndian(utf8.length));
    out.writeBytes(utf8);
  }

  private static byte[] littleEndian(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
  }
}
