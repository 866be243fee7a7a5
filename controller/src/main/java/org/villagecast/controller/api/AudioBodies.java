package org.villagecast.controller.api;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.clip.EngineWav;
import org.villagecast.controller.audio.ogg.OggOpusWriter;
import org.villagecast.controller.audio.opus.OpusPacket;
import org.villagecast.controller.audio.opus.OpusSettings;
import org.villagecast.controller.audio.opus.OpusStreamEncoder;

/**
 * Audio as a response body a browser plays: Ogg/Opus by default (small, played by Chromium and
 * Firefox in an audio element), or 16-bit WAV when the request's {@code Accept} header asks for it
 * first (for tools and editors that want samples, and for browsers without Ogg).
 */
final class AudioBodies {
  static final String WAV = "audio/wav";
  private static final Set<String> WAV_TYPES = Set.of("audio/wav", "audio/x-wav", "audio/wave");
  private static final Set<String> OGG_TYPES = Set.of("audio/ogg", "audio/*", "*/*");

  private AudioBodies() {}

  /**
   * Whether the {@code Accept} header asks for WAV: the first media type of it the hub offers
   * decides (q-values are not weighed); none, or no header, means Ogg/Opus.
   */
  static boolean wantsWav(String accept) {
    if (accept == null) {
      return false;
    }
    for (String part : accept.split(",")) {
      String type = part.split(";")[0].trim().toLowerCase(Locale.ROOT);
      if (WAV_TYPES.contains(type)) {
        return true;
      }
      if (OGG_TYPES.contains(type)) {
        return false;
      }
    }
    return false;
  }

  /** {@code audio} (48 kHz) as the reply the {@code Accept} header asks for. */
  static Reply reply(PcmAudio audio, String accept, String title) {
    return wantsWav(accept)
        ? new Reply(200, WAV, Buffer.buffer(EngineWav.bytes(audio)))
        : new Reply(200, OggOpusWriter.CONTENT_TYPE, Buffer.buffer(oggOpus(audio, title)));
  }

  /** A whole Ogg/Opus file of {@code audio} (48 kHz), trimmed to its exact length. */
  static byte[] oggOpus(PcmAudio audio, String title) {
    OpusStreamEncoder encoder = new OpusStreamEncoder(OpusSettings.DEFAULT, 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      OggOpusWriter writer =
          new OggOpusWriter(
              out,
              title.hashCode(),
              encoder.preSkip(),
              "villagecast",
              List.of("TITLE=" + title),
              OggOpusWriter.DEFAULT_PACKETS_PER_PAGE);
      for (OpusPacket packet : encoder.encode(audio)) {
        writer.writePacket(packet.data(), OpusStreamEncoder.FRAME_SAMPLES);
      }
      for (OpusPacket packet : encoder.finish()) {
        writer.writePacket(packet.data(), OpusStreamEncoder.FRAME_SAMPLES);
      }
      writer.finish(audio.length());
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toByteArray();
  }
}
