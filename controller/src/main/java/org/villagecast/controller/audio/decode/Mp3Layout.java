package org.villagecast.controller.audio.decode;

/**
 * Where the audio frames of an MP3 file are and what its metadata frame says, found by {@link
 * Mp3Layout#scan} before anything is decoded.
 *
 * @param firstAudioFrame offset of the first frame that carries audio (after ID3v2 and after the
 *     Xing/Info metadata frame, which decodes to silence that is not part of the recording)
 * @param end offset just after the last frame
 * @param audioFrames number of frames from {@code firstAudioFrame} to {@code end}
 * @param header the first audio frame's header (version, sample rate, channels)
 * @param encoderDelay samples the encoder put before the recording, from a LAME tag; -1 if unknown
 * @param encoderPadding samples the encoder appended to fill the last frame; -1 if unknown
 * @param vbrHeader true when the file carries a Xing/Info header
 */
public record Mp3Layout(
    int firstAudioFrame,
    int end,
    int audioFrames,
    MpegFrameHeader header,
    int encoderDelay,
    int encoderPadding,
    boolean vbrHeader) {

  private static final int MAX_ZERO_PADDING_BEFORE_FIRST_FRAME = 64 * 1024;

  /** Samples per channel in the audio frames, before any gapless trimming. */
  public long decodedSamples() {
    return (long) audioFrames * header.samplesPerFrame();
  }

  /**
   * Walks the file frame by frame, from the end of its ID3v2 tag to the end of its last frame,
   * allowing only an ID3v1 tag, an APE tag or zero bytes after it.
   *
   * @throws UnusableAudioException TRUNCATED when the file ends inside a frame or has fewer frames
   *     than its Xing header declares; CORRUPTED when something other than a frame follows a frame;
   *     UNSUPPORTED for MPEG Layer I/II, free-format bitrates, or a change of sample rate or
   *     channels inside the file; EMPTY when there is no frame
   */
  public static Mp3Layout scan(byte[] file) throws UnusableAudioException {
    int offset = skipId3v2(file);
    int zerosFrom = offset;
    while (offset < file.length
        && file[offset] == 0
        && offset - zerosFrom < MAX_ZERO_PADDING_BEFORE_FIRST_FRAME) {
      offset++;
    }
    MpegFrameHeader first = MpegFrameHeader.parse(file, offset);
    if (first == null) {
      if (offset >= file.length) {
        throw new UnusableAudioException(
            UnusableAudioException.Reason.EMPTY,
            "the MP3 file holds tags but no audio frames: upload a file with audio in it");
      }
      throw new UnusableAudioException(
          UnusableAudioException.Reason.CORRUPTED,
          "the MP3 file has no audio frame where its first one should be (byte "
              + offset
              + "): the file is damaged or not an MP3; export it again");
    }
    if (first.layer() != 3) {
      throw new UnusableAudioException(
          UnusableAudioException.Reason.UNSUPPORTED,
          "the file is MPEG Layer "
              + "I".repeat(first.layer())
              + " audio, not MP3 (Layer III), which the hub does not decode: convert it to MP3 or"
              + " WAV");
    }
    if (first.frameBytes() == 0) {
      throw new UnusableAudioException(
          UnusableAudioException.Reason.UNSUPPORTED,
          "the MP3 file uses a free-format bitrate, which the hub does not decode: encode it again"
              + " at a standard bitrate (e.g. 128 kbit/s)");
    }
    XingTag xing = XingTag.read(file, offset, first);
    int firstAudio = xing == null ? offset : offset + first.frameBytes();
    int frames = 0;
    int position = firstAudio;
    MpegFrameHeader audioHeader = null;
    while (position < file.length) {
      MpegFrameHeader header = MpegFrameHeader.parse(file, position);
      if (header == null || !first.sameStream(header) || header.frameBytes() == 0) {
        if (isTrailer(file, position)) {
          break;
        }
        if (file.length - position < 4) {
          throw truncated(frames, position, file.length);
        }
        if (header != null && header.frameBytes() > 0) {
          throw new UnusableAudioException(
              UnusableAudioException.Reason.UNSUPPORTED,
              "the MP3 file changes from "
                  + first.describe()
                  + " to "
                  + header.describe()
                  + " at byte "
                  + position
                  + ": the hub decodes one format per file; export it again as one MP3");
        }
        throw new UnusableAudioException(
            UnusableAudioException.Reason.CORRUPTED,
            "the MP3 file is damaged: after audio frame "
                + frames
                + " there is no valid frame at byte "
                + position
                + " of "
                + file.length
                + "; upload the original file again or export it anew");
      }
      if (audioHeader == null) {
        audioHeader = header;
      } else if (header.mono() != audioHeader.mono()) {
        throw new UnusableAudioException(
            UnusableAudioException.Reason.UNSUPPORTED,
            "the MP3 file switches between mono and stereo at byte "
                + position
                + ": the hub decodes one channel layout per file; export it again");
      }
      if (position + header.frameBytes() > file.length) {
        throw truncated(frames, position + header.frameBytes(), file.length);
      }
      position += header.frameBytes();
      frames++;
    }
    if (frames == 0) {
      throw new UnusableAudioException(
          UnusableAudioException.Reason.EMPTY,
          "the MP3 file holds no audio frames: upload a file with audio in it");
    }
    // One frame of slack: encoders disagree on whether the count includes the tag frame itself
    // (ffmpeg's does not); a cut exactly one frame short at a frame boundary goes unnoticed.
    if (xing != null && xing.frames() > 0 && frames + 1 < xing.frames()) {
      throw new UnusableAudioException(
          UnusableAudioException.Reason.TRUNCATED,
          "the MP3 file is cut short: its header announces "
              + xing.frames()
              + " audio frames but it holds "
              + frames
              + "; the upload or copy was probably interrupted: upload the complete file");
    }
    return new Mp3Layout(
        firstAudio,
        position,
        frames,
        audioHeader,
        xing == null ? -1 : xing.encoderDelay(),
        xing == null ? -1 : xing.encoderPadding(),
        xing != null);
  }

  private static UnusableAudioException truncated(int frames, long needed, int length) {
    return new UnusableAudioException(
        UnusableAudioException.Reason.TRUNCATED,
        "the MP3 file is cut short: it ends inside audio frame "
            + (frames + 1)
            + " ("
            + (needed - length)
            + " bytes missing after byte "
            + length
            + "); the upload or copy was probably interrupted: upload the complete file");
  }

  /** Offset just after an ID3v2 tag at the start, or 0. */
  static int skipId3v2(byte[] file) throws UnusableAudioException {
    int offset = 0;
    // Some taggers write a second tag after the first; follow a few.
    for (int tags = 0; tags < 4 && AudioFileKind.startsWith(file, offset, "ID3"); tags++) {
      if (file.length < offset + 10) {
        throw new UnusableAudioException(
            UnusableAudioException.Reason.TRUNCATED,
            "the MP3 file is cut short inside its ID3 tag: upload the complete file");
      }
      int size = 0;
      for (int i = 6; i < 10; i++) {
        int b = file[offset + i] & 0xFF;
        if (b > 0x7F) {
          throw new UnusableAudioException(
              UnusableAudioException.Reason.CORRUPTED,
              "the MP3 file's ID3 tag header is damaged (invalid size): export the file again");
        }
        size = size << 7 | b;
      }
      boolean footer = (file[offset + 5] & 0b0001_0000) != 0;
      long end = (long) offset + 10 + size + (footer ? 10 : 0);
      if (end > file.length) {
        throw new UnusableAudioException(
            UnusableAudioException.Reason.TRUNCATED,
            "the MP3 file is cut short inside its ID3 tag (the tag announces "
                + size
                + " bytes, the file holds "
                + (file.length - offset - 10)
                + "): upload the complete file");
      }
      offset = (int) end;
    }
    return offset;
  }

  /** An ID3v1 tag, an APE tag, or only zero bytes from {@code position} to the end. */
  private static boolean isTrailer(byte[] file, int position) {
    if (AudioFileKind.startsWith(file, position, "TAG") && file.length - position == 128) {
      return true;
    }
    if (AudioFileKind.startsWith(file, position, "APETAGEX")
        || AudioFileKind.startsWith(file, position, "LYRICSBEGIN")) {
      return true;
    }
    for (int i = position; i < file.length; i++) {
      if (file[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The Xing/Info header in the first frame and the LAME extension after it (frame count, encoder
   * delay and padding). Layout from the LAME project's public "Mp3 Info Tag" description.
   */
  record XingTag(int frames, int encoderDelay, int encoderPadding) {
    static XingTag read(byte[] file, int frame, MpegFrameHeader header) {
      int at = frame + header.sideInfoEnd();
      if (!AudioFileKind.startsWith(file, at, "Xing")
          && !AudioFileKind.startsWith(file, at, "Info")) {
        return null;
      }
      int limit = frame + header.frameBytes();
      int flags = readInt(file, at + 4, limit);
      if (flags < 0) {
        return null;
      }
      int next = at + 8;
      int frames = -1;
      if ((flags & 0b0001) != 0) {
        frames = readInt(file, next, limit);
        next += 4;
      }
      if ((flags & 0b0010) != 0) {
        next += 4;
      }
      if ((flags & 0b0100) != 0) {
        next += 100;
      }
      if ((flags & 0b1000) != 0) {
        next += 4;
      }
      int delay = -1;
      int padding = -1;
      // The encoder's 9-byte name, then 12 bytes of LAME fields, then delay and padding (12 bits
      // each). LAME writes "LAME"/"L3.9"; ffmpeg writes "Lavc"/"Lavf" with the same fields.
      if (next + 24 <= limit
          && (AudioFileKind.startsWith(file, next, "LAME")
              || AudioFileKind.startsWith(file, next, "L3.9")
              || AudioFileKind.startsWith(file, next, "Lavc")
              || AudioFileKind.startsWith(file, next, "Lavf"))) {
        int b0 = file[next + 21] & 0xFF;
        int b1 = file[next + 22] & 0xFF;
        int b2 = file[next + 23] & 0xFF;
        delay = b0 << 4 | b1 >>> 4;
        padding = (b1 & 0x0F) << 8 | b2;
      }
      return new XingTag(frames, delay, padding);
    }

    private static int readInt(byte[] file, int at, int limit) {
      if (at + 4 > limit || at + 4 > file.length) {
        return -1;
      }
      return (file[at] & 0xFF) << 24
          | (file[at + 1] & 0xFF) << 16
          | (file[at + 2] & 0xFF) << 8
          | (file[at + 3] & 0xFF);
    }
  }
}
