package org.villagecast.controller.audio.decode;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.JavaLayerException;
import javazoom.jl.decoder.SampleBuffer;
import org.villagecast.controller.audio.PcmAudio;

/**
 * Decodes MP3 (MPEG-1, 2 and 2.5 Layer III, CBR or VBR, mono or stereo) with jlayer, after {@link
 * Mp3Layout#scan} has checked the framing; stereo is mixed down to mono as (L + R) / 2.
 *
 * <p><b>Encoder delay.</b> An MP3 encoder puts silence before the recording (LAME: 576 samples) and
 * pads the last frame; every decoder adds 529 samples of filter-bank delay (528 + 1, the figure
 * LAME and ffmpeg use). jlayer ignores the LAME tag that records these, so this class does the
 * trimming itself:
 *
 * <ul>
 *   <li>the Xing/Info frame is metadata and is not decoded (jlayer would turn it into a frame of
 *       silence);
 *   <li>when a LAME tag gives delay {@code d} and padding {@code p} (LAME and ffmpeg write one),
 *       the first {@code d + 529} samples are dropped and the result is {@code frames × samples per
 *       frame − d − p} samples long: the recording as it went into the encoder, sample-aligned, as
 *       ffmpeg decodes it;
 *   <li>without a LAME tag the delay is unknown: everything jlayer decodes is kept, so the audio
 *       starts with some 1,100 samples (about 25 ms at 44.1 kHz) of encoder and decoder delay.
 *       Nothing is guessed.
 * </ul>
 */
public final class Mp3Decoder {
  /** Filter-bank delay of an MPEG Layer III decoder, in samples. */
  public static final int DECODER_DELAY = 529;

  private Mp3Decoder() {}

  /** Decodes {@code file}, which {@link AudioFileKind#sniff} found to be MP3. */
  public static DecodedAudio decode(byte[] file, DecodeLimits limits)
      throws UnusableAudioException {
    Mp3Layout layout = Mp3Layout.scan(file);
    int rate = layout.header().sampleRate();
    limits.checkLength(layout.decodedSamples(), rate);
    float[] samples = new float[Math.toIntExact(layout.decodedSamples())];
    int written = 0;
    Bitstream bitstream =
        new Bitstream(
            new ByteArrayInputStream(
                file, layout.firstAudioFrame(), layout.end() - layout.firstAudioFrame()));
    Decoder decoder = new Decoder();
    try {
      for (int frame = 0; frame < layout.audioFrames(); frame++) {
        Header header = bitstream.readFrame();
        if (header == null) {
          throw corrupted(frame, null);
        }
        SampleBuffer output = (SampleBuffer) decoder.decodeFrame(header, bitstream);
        bitstream.closeFrame();
        if (output.getSampleFrequency() != rate) {
          throw corrupted(frame, null);
        }
        short[] pcm = output.getBuffer();
        int length = output.getBufferLength();
        int channels = output.getChannelCount();
        int count = length / channels;
        if (written + count > samples.length) {
          throw corrupted(frame, null);
        }
        if (channels == 1) {
          for (int i = 0; i < count; i++) {
            samples[written + i] = pcm[i] / 32768f;
          }
        } else {
          for (int i = 0; i < count; i++) {
            samples[written + i] = (pcm[2 * i] + pcm[2 * i + 1]) / 65536f;
          }
        }
        written += count;
      }
    } catch (JavaLayerException | RuntimeException e) {
      // jlayer throws index errors on damaged Huffman data; the frame walk cannot see those.
      throw corrupted(-1, e);
    } finally {
      closeQuietly(bitstream);
    }
    return new DecodedAudio(
        AudioFileKind.MP3,
        layout.header().mono() ? 1 : 2,
        new PcmAudio(rate, trimmed(samples, written, layout)));
  }

  private static float[] trimmed(float[] samples, int written, Mp3Layout layout) {
    if (layout.encoderDelay() < 0 || layout.encoderPadding() < 0) {
      return written == samples.length ? samples : Arrays.copyOf(samples, written);
    }
    int start = Math.min(written, layout.encoderDelay() + DECODER_DELAY);
    long recording = layout.decodedSamples() - layout.encoderDelay() - layout.encoderPadding();
    int end = (int) Math.max(start, Math.min(written, start + Math.max(0, recording)));
    return Arrays.copyOfRange(samples, start, end);
  }

  private static UnusableAudioException corrupted(int frame, Throwable cause) {
    String where = frame >= 0 ? " at audio frame " + (frame + 1) : "";
    return new UnusableAudioException(
        UnusableAudioException.Reason.CORRUPTED,
        "the MP3 file is damaged: its audio data cannot be decoded"
            + where
            + "; upload the original file again or export it anew",
        cause);
  }

  private static void closeQuietly(Bitstream bitstream) {
    try {
      bitstream.close();
    } catch (JavaLayerException e) {
      // A byte array stream has nothing to release.
    }
  }
}
