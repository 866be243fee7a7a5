package org.villagecast.controller.audio.live;

import java.io.InputStream;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.JavaLayerException;
import javazoom.jl.decoder.SampleBuffer;
import org.villagecast.controller.audio.decode.MpegFrameHeader;

/**
 * Decodes whole frames from {@link Mp3FrameSync} with jlayer, one at a time, to mono (L + R) / 2.
 *
 * <p>jlayer's decoder keeps the bit reservoir (a Layer III frame may borrow bytes from the frames
 * before it) and binds itself to one {@link Bitstream} for good, so one bitstream reads all frames
 * of a stream through {@link FrameInput}, which holds exactly the current frame. A frame jlayer
 * cannot decode (damaged Huffman data throws index errors inside it) is counted and skipped, and
 * the decoder is built anew for the next frame, since its state may be damaged too; so is it when
 * the stream's format changes.
 */
final class Mp3FrameDecoder {
  private final FrameInput input = new FrameInput();
  private Bitstream bitstream;
  private Decoder decoder;
  private MpegFrameHeader format;
  private long badFrames;

  /**
   * The frame's samples, mono, at its header's sample rate; null when jlayer could not decode it
   * (counted in {@link #badFrames()}).
   */
  float[] decode(Mp3FrameSync.Frame frame) {
    MpegFrameHeader header = frame.header();
    if (decoder == null
        || format.sampleRate() != header.sampleRate()
        || format.mono() != header.mono()
        || format.version() != header.version()) {
      // jlayer sizes its output on the first frame and keeps matching the first header.
      restart(header);
    }
    input.set(frame.bytes());
    try {
      Header parsed = bitstream.readFrame();
      if (parsed == null) {
        return bad();
      }
      SampleBuffer output = (SampleBuffer) decoder.decodeFrame(parsed, bitstream);
      bitstream.closeFrame();
      short[] pcm = output.getBuffer();
      int channels = output.getChannelCount();
      int count = output.getBufferLength() / channels;
      float[] samples = new float[count];
      if (channels == 1) {
        for (int i = 0; i < count; i++) {
          samples[i] = pcm[i] / 32768f;
        }
      } else {
        for (int i = 0; i < count; i++) {
          samples[i] = (pcm[2 * i] + pcm[2 * i + 1]) / 65536f;
        }
      }
      return samples;
    } catch (JavaLayerException | RuntimeException e) {
      return bad();
    }
  }

  /** Frames jlayer could not decode. */
  long badFrames() {
    return badFrames;
  }

  private float[] bad() {
    badFrames++;
    decoder = null;
    return null;
  }

  private void restart(MpegFrameHeader header) {
    input.clear();
    bitstream = new Bitstream(input);
    decoder = new Decoder();
    format = header;
  }

  /**
   * The bytes of the current frame and nothing more: at their end it reports the end of the stream
   * rather than blocking, so jlayer never reads into a frame that has not arrived.
   */
  private static final class FrameInput extends InputStream {
    private byte[] bytes = new byte[0];
    private int position;

    void set(byte[] frame) {
      bytes = frame;
      position = 0;
    }

    void clear() {
      set(new byte[0]);
    }

    @Override
    public int read() {
      return position < bytes.length ? bytes[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
      if (length == 0) {
        return 0;
      }
      if (position >= bytes.length) {
        return -1;
      }
      int count = Math.min(length, bytes.length - position);
      System.arraycopy(bytes, position, target, offset, count);
      position += count;
      return count;
    }

    @Override
    public int available() {
      return bytes.length - position;
    }
  }
}
