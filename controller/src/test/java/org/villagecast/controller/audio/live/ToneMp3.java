package org.villagecast.controller.audio.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.villagecast.controller.audio.decode.MpegFrameHeader;
import org.villagecast.controller.audio.testing.Programs;

/** An MP3 of a sine tone made by the real ffmpeg, and where its frames are. */
final class ToneMp3 {
  private ToneMp3() {}

  /**
   * {@code seconds} of {@code hz} at 1/8 of full scale, 44.1 kHz mono, 128 kbit/s CBR, with no tag
   * and no Xing frame: bytes as a stream server relays them.
   */
  static byte[] make(Path dir, int hz, int seconds) throws IOException {
    Path file = dir.resolve("tone-" + hz + "-" + seconds + ".mp3");
    Programs.Result result =
        Programs.run(
            Programs.ffmpeg(),
            "-hide_banner",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=" + hz + ":sample_rate=44100:duration=" + seconds,
            "-c:a",
            "libmp3lame",
            "-b:a",
            "128k",
            "-write_xing",
            "0",
            "-id3v2_version",
            "0",
            file.toString());
    if (result.exitCode() != 0) {
      throw new IllegalStateException("ffmpeg failed: " + result.stderr());
    }
    return Files.readAllBytes(file);
  }

  /** The offsets of the frames, walked by their headers from the start of {@code mp3}. */
  static List<Integer> frameOffsets(byte[] mp3) {
    List<Integer> offsets = new ArrayList<>();
    int at = 0;
    while (at + 4 <= mp3.length) {
      MpegFrameHeader header = MpegFrameHeader.parse(mp3, at);
      if (header == null || at + header.frameBytes() > mp3.length) {
        break;
      }
      offsets.add(at);
      at += header.frameBytes();
    }
    if (at != mp3.length) {
      throw new IllegalStateException("the MP3 does not end at a frame boundary: " + at);
    }
    return offsets;
  }
}
