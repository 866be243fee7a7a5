package org.villagecast.controller.audio.decode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.villagecast.controller.audio.PcmAudio;

/**
 * Decodes WAV through javax.sound: integer PCM of 8 (unsigned), 16, 24 or 32 bits and 32-bit float,
 * any number of channels (averaged to mono), any rate from 8 to 192 kHz. A data chunk shorter than
 * its header declares is refused as truncated, except when the declared size is a streaming
 * placeholder (0xFFFFFFFF and the like, written by programs that could not seek back).
 */
public final class WavDecoder {
  /** Declared data sizes from here up mean "unknown, read to the end". */
  private static final long PLACEHOLDER_BYTES = 0x7FFF_0000L;

  private WavDecoder() {}

  /** Decodes {@code file}, which {@link AudioFileKind#sniff} found to be RIFF/WAVE. */
  public static DecodedAudio decode(byte[] file, DecodeLimits limits)
      throws UnusableAudioException {
    AudioInputStream stream;
    try {
      stream = AudioSystem.getAudioInputStream(new ByteArrayInputStream(file));
    } catch (UnsupportedAudioFileException e) {
      throw new UnusableAudioException(
          UnusableAudioException.Reason.UNSUPPORTED,
          "the WAV file uses an encoding the hub does not decode (only PCM and 32-bit float are):"
              + " convert it to 16-bit PCM WAV or MP3",
          e);
    } catch (IOException | RuntimeException e) {
      throw new UnusableAudioException(
          UnusableAudioException.Reason.CORRUPTED,
          "the WAV file's header is damaged or cut short: export the file again",
          e);
    }
    AudioFormat format = stream.getFormat();
    SampleReader reader = SampleReader.of(format);
    int rate = Math.round(format.getSampleRate());
    if (rate < 8_000 || rate > 192_000) {
      throw new UnusableAudioException(
          UnusableAudioException.Reason.UNSUPPORTED,
          "the WAV file's sample rate is "
              + rate
              + " Hz; the hub takes 8 to 192 kHz: convert it to 44.1 or 48 kHz");
    }
    int channels = format.getChannels();
    int frameSize = format.getFrameSize();
    long declaredFrames = stream.getFrameLength();
    boolean lengthKnown =
        declaredFrames != AudioSystem.NOT_SPECIFIED
            && declaredFrames * frameSize < PLACEHOLDER_BYTES;
    long availableFrames = file.length / frameSize;
    long frames = lengthKnown ? declaredFrames : availableFrames;
    limits.checkLength(Math.min(frames, availableFrames), rate);
    byte[] data = new byte[Math.toIntExact(Math.min(frames, availableFrames) * frameSize)];
    int read;
    try {
      read = stream.readNBytes(data, 0, data.length);
    } catch (IOException e) {
      throw new UnusableAudioException(
          UnusableAudioException.Reason.CORRUPTED,
          "the WAV file cannot be read: export the file again",
          e);
    }
    int readFrames = read / frameSize;
    if (lengthKnown && readFrames < declaredFrames) {
      throw new UnusableAudioException(
          UnusableAudioException.Reason.TRUNCATED,
          "the WAV file is cut short: its header announces "
              + declaredFrames
              + " sample frames but it holds "
              + readFrames
              + "; the upload or copy was probably interrupted: upload the complete file");
    }
    if (readFrames == 0) {
      throw new UnusableAudioException(
          UnusableAudioException.Reason.EMPTY,
          "the WAV file holds no audio: upload a file with audio in it");
    }
    float[] samples = new float[readFrames];
    float scale = 1f / channels;
    for (int frame = 0; frame < readFrames; frame++) {
      float sum = 0;
      int base = frame * frameSize;
      for (int channel = 0; channel < channels; channel++) {
        sum += reader.read(data, base + channel * reader.bytes());
      }
      samples[frame] = sum * scale;
    }
    return new DecodedAudio(AudioFileKind.WAV, channels, new PcmAudio(rate, samples));
  }

  /** Reads one sample of one channel as a float in [-1, 1]. */
  private interface SampleFormat {
    float read(byte[] data, int offset);
  }

  /** A sample format and its width in bytes. */
  private record SampleReader(int bytes, SampleFormat format) {
    float read(byte[] data, int offset) {
      return format.read(data, offset);
    }

    static SampleReader of(AudioFormat format) throws UnusableAudioException {
      AudioFormat.Encoding encoding = format.getEncoding();
      int bits = format.getSampleSizeInBits();
      boolean big = format.isBigEndian();
      if (format.getChannels() < 1 || format.getFrameSize() != format.getChannels() * bits / 8) {
        throw unsupported(format);
      }
      if (AudioFormat.Encoding.PCM_UNSIGNED.equals(encoding) && bits == 8) {
        return new SampleReader(1, (d, o) -> ((d[o] & 0xFF) - 128) / 128f);
      }
      if (AudioFormat.Encoding.PCM_SIGNED.equals(encoding)) {
        switch (bits) {
          case 8:
            return new SampleReader(1, (d, o) -> d[o] / 128f);
          case 16:
            return new SampleReader(2, (d, o) -> (short) integer(d, o, 2, big) / 32768f);
          case 24:
            return new SampleReader(3, (d, o) -> (integer(d, o, 3, big) << 8 >> 8) / 8388608f);
          case 32:
            return new SampleReader(4, (d, o) -> (float) (integer(d, o, 4, big) / 2147483648.0));
          default:
            throw unsupported(format);
        }
      }
      if (AudioFormat.Encoding.PCM_FLOAT.equals(encoding) && bits == 32) {
        return new SampleReader(
            4,
            (d, o) -> {
              float value = Float.intBitsToFloat(integer(d, o, 4, big));
              // NaN or infinity in a float WAV would poison every meter and filter downstream.
              return Float.isFinite(value) ? Math.max(-1f, Math.min(1f, value)) : 0f;
            });
      }
      throw unsupported(format);
    }

    private static int integer(byte[] d, int o, int bytes, boolean bigEndian) {
      int value = 0;
      for (int i = 0; i < bytes; i++) {
        int b = d[o + (bigEndian ? i : bytes - 1 - i)] & 0xFF;
        value = value << 8 | b;
      }
      return value;
    }

    private static UnusableAudioException unsupported(AudioFormat format) {
      return new UnusableAudioException(
          UnusableAudioException.Reason.UNSUPPORTED,
          "the WAV file's encoding ("
              + format.getEncoding()
              + ", "
              + format.getSampleSizeInBits()
              + " bits) is not one the hub decodes: convert it to 16-bit PCM WAV or MP3");
    }
  }
}
