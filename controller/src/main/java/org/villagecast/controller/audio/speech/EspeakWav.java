package org.villagecast.controller.audio.speech;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.villagecast.controller.audio.PcmAudio;

/**
 * Reads the WAV that espeak-ng writes to standard output: RIFF, 16-bit mono PCM. Only what
 * espeak-ng produces, not WAV in general (that is the audio sources' reader). With {@code --stdout}
 * espeak-ng cannot seek back to write the sizes, so the data chunk's size is a placeholder: the
 * samples run to the end of the output.
 */
final class EspeakWav {
  private EspeakWav() {}

  static PcmAudio read(byte[] wav) {
    ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    if (wav.length < 12 || !ascii(wav, 0, "RIFF") || !ascii(wav, 8, "WAVE")) {
      throw new SpeechException("espeak-ng did not write a WAV (no RIFF/WAVE header)");
    }
    in.position(12);
    int sampleRate = 0;
    boolean formatSeen = false;
    while (in.remaining() >= 8) {
      String id = new String(wav, in.position(), 4, StandardCharsets.US_ASCII);
      in.position(in.position() + 4);
      long size = in.getInt() & 0xFFFF_FFFFL;
      if (id.equals("fmt ")) {
        if (size < 16 || in.remaining() < 16) {
          throw new SpeechException("espeak-ng wrote a truncated WAV format chunk");
        }
        int start = in.position();
        int format = in.getShort() & 0xFFFF;
        int channels = in.getShort() & 0xFFFF;
        sampleRate = in.getInt();
        in.getInt(); // byte rate
        in.getShort(); // block align
        int bits = in.getShort() & 0xFFFF;
        if (format != 1 || channels != 1 || bits != 16) {
          throw new SpeechException(
              "espeak-ng wrote WAV format "
                  + format
                  + ", "
                  + channels
                  + " channels, "
                  + bits
                  + " bits; expected 16-bit mono PCM");
        }
        formatSeen = true;
        in.position(start + (int) Math.min(size + (size & 1), in.limit() - start));
      } else if (id.equals("data")) {
        if (!formatSeen) {
          throw new SpeechException("espeak-ng wrote WAV data before its format");
        }
        int bytes = (int) Math.min(size, in.remaining()) & ~1;
        float[] samples = new float[bytes / 2];
        for (int i = 0; i < samples.length; i++) {
          samples[i] = in.getShort() / 32768f;
        }
        return new PcmAudio(sampleRate, samples);
      } else {
        long skip = Math.min(size + (size & 1), in.remaining());
        in.position(in.position() + (int) skip);
      }
    }
    throw new SpeechException("espeak-ng wrote a WAV without audio data");
  }

  private static boolean ascii(byte[] bytes, int offset, String expected) {
    return new String(bytes, offset, 4, StandardCharsets.US_ASCII).equals(expected);
  }
}
