package org.villagecast.controller.audio.decode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** What a file is, told from its first bytes (never from its name: uploads are often misnamed). */
public enum AudioFileKind {
  /** MPEG audio, possibly behind an ID3v2 tag. */
  MP3,
  /** RIFF/WAVE. */
  WAV;

  /**
   * Sniffs the kind of {@code bytes}.
   *
   * @throws UnusableAudioException UNSUPPORTED for a recognised but unsupported format (with its
   *     name), or for bytes that are no audio format at all; EMPTY for an empty file
   */
  public static AudioFileKind sniff(byte[] bytes) throws UnusableAudioException {
    if (bytes.length == 0) {
      throw new UnusableAudioException(
          UnusableAudioException.Reason.EMPTY, "the file is empty: upload an MP3 or WAV file");
    }
    if (startsWith(bytes, 0, "ID3")) {
      return MP3;
    }
    if (startsWith(bytes, 0, "RIFF") && startsWith(bytes, 8, "WAVE")) {
      return WAV;
    }
    if (startsWith(bytes, 0, "RIFX") || startsWith(bytes, 0, "RF64")) {
      throw unsupported("a big-endian or 64-bit RIFF (RIFX/RF64) WAV file");
    }
    if (startsWith(bytes, 0, "OggS")) {
      throw unsupported("an Ogg file (Vorbis or Opus)");
    }
    if (startsWith(bytes, 0, "fLaC")) {
      throw unsupported("a FLAC file");
    }
    if (startsWith(bytes, 4, "ftyp")) {
      throw unsupported("an MP4/M4A (AAC) file");
    }
    if (startsWith(bytes, 0, "FORM")) {
      throw unsupported("an AIFF file");
    }
    if (startsWith(bytes, 0, "#!AMR")) {
      throw unsupported("an AMR voice recording");
    }
    if (bytes.length >= 4) {
      MpegFrameHeader header = MpegFrameHeader.parse(bytes, 0);
      if (header != null) {
        return MP3;
      }
    }
    if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xF6) == 0xF0) {
      throw unsupported("raw AAC (ADTS)");
    }
    throw new UnusableAudioException(
        UnusableAudioException.Reason.UNSUPPORTED,
        "the file is not audio the hub recognises (it starts with bytes "
            + hex(Arrays.copyOf(bytes, Math.min(4, bytes.length)))
            + "): upload an MP3 or WAV file");
  }

  private static UnusableAudioException unsupported(String what) {
    return new UnusableAudioException(
        UnusableAudioException.Reason.UNSUPPORTED,
        "the file is " + what + ", which the hub does not decode: convert it to MP3 or WAV");
  }

  static boolean startsWith(byte[] bytes, int offset, String ascii) {
    byte[] expected = ascii.getBytes(StandardCharsets.US_ASCII);
    if (bytes.length < offset + expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (bytes[offset + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(String.format("%02X", b & 0xFF));
    }
    return out.toString();
  }
}
