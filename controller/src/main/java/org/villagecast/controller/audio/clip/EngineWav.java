package org.villagecast.controller.audio.clip;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.villagecast.controller.audio.PcmAudio;

/**
 * The library's stored audio format: a canonical 44-byte-header WAV of mono 16-bit PCM, written and
 * read here without javax.sound so that the layout is exactly known.
 *
 * <p>Why 16-bit and not float: the stored audio is already normalised with its true peak at or
 * below −1 dBTP, so it fits the integer range without clipping, and 16 bits keep about 96 dB of
 * dynamic range, far beyond what a horn or a 24 kbit/s Opus stream reproduces (the rounding changes
 * loudness by well under 0.01 LU). It halves the disk and the reading time against 32-bit float,
 * and any tool (ffprobe, aplay, an editor) opens the file. Why WAV and not Opus or MP3: a broadcast
 * reads the clip back sample for sample, with no second lossy generation and no decoder delay.
 */
public final class EngineWav {
  /** Bytes before the samples. */
  static final int HEADER = 44;

  private EngineWav() {}

  /** Bytes of a WAV file holding {@code samples} samples. */
  public static long size(long samples) {
    return HEADER + 2 * samples;
  }

  /** Writes {@code audio} as a WAV file at its own sample rate. */
  public static void write(PcmAudio audio, OutputStream out) throws IOException {
    out.write(header(audio.sampleRate(), audio.length()));
    float[] samples = audio.samples();
    ByteBuffer chunk = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    for (float sample : samples) {
      if (!chunk.hasRemaining()) {
        out.write(chunk.array(), 0, chunk.position());
        chunk.clear();
      }
      chunk.putShort(toShort(sample));
    }
    out.write(chunk.array(), 0, chunk.position());
  }

  /** The whole WAV file of {@code audio}, in memory. */
  public static byte[] bytes(PcmAudio audio) {
    java.io.ByteArrayOutputStream out =
        new java.io.ByteArrayOutputStream(Math.toIntExact(size(audio.length())));
    try {
      write(audio, out);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  /**
   * Reads a file this class wrote.
   *
   * @throws IOException when the bytes are not such a file (a damaged or foreign file)
   */
  public static PcmAudio read(byte[] file) throws IOException {
    if (file.length < HEADER) {
      throw new IOException("shorter than a WAV header (" + file.length + " bytes)");
    }
    ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int rate = in.getInt(24);
    long dataBytes = Integer.toUnsignedLong(in.getInt(40));
    byte[] expected = header(rate, dataBytes / 2);
    for (int i = 0; i < HEADER; i++) {
      if (file[i] != expected[i]) {
        throw new IOException("not a mono 16-bit PCM WAV as the hub writes (byte " + i + ")");
      }
    }
    if (dataBytes != file.length - HEADER) {
      throw new IOException(
          "the header declares "
              + dataBytes
              + " bytes of audio, the file holds "
              + (file.length - HEADER));
    }
    float[] samples = new float[Math.toIntExact(dataBytes / 2)];
    in.position(HEADER);
    for (int i = 0; i < samples.length; i++) {
      samples[i] = in.getShort() / 32768f;
    }
    return new PcmAudio(rate, samples);
  }

  private static byte[] header(int rate, long samples) {
    long dataBytes = 2 * samples;
    if (dataBytes > 0xFFFF_FFFFL - 36) {
      throw new IllegalArgumentException(samples + " samples do not fit a WAV file");
    }
    ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
    header.put("RIFF".getBytes(StandardCharsets.US_ASCII));
    header.putInt((int) (36 + dataBytes));
    header.put("WAVE".getBytes(StandardCharsets.US_ASCII));
    header.put("fmt ".getBytes(StandardCharsets.US_ASCII));
    header.putInt(16); // fmt chunk size
    header.putShort((short) 1); // PCM
    header.putShort((short) 1); // mono
    header.putInt(rate);
    header.putInt(rate * 2); // bytes per second
    header.putShort((short) 2); // bytes per frame
    header.putShort((short) 16); // bits per sample
    header.put("data".getBytes(StandardCharsets.US_ASCII));
    header.putInt((int) dataBytes);
    return header.array();
  }

  private static short toShort(float sample) {
    float clipped = Math.max(-1f, Math.min(1f, sample));
    return (short) Math.max(-32768, Math.min(32767, Math.round(clipped * 32768f)));
  }
}
