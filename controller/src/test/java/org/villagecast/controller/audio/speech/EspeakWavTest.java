package org.villagecast.controller.audio.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.villagecast.controller.audio.PcmAudio;

class EspeakWavTest {
  /**
   * Verifies that the placeholder sizes espeak-ng writes with --stdout are ignored: the samples run
   * to the end, and a chunk before the data is skipped.
   */
  @Test
  void read_placeholderSize() {
    // GIVEN a WAV as espeak-ng streams it (sizes 0x7FFFF000), with a LIST chunk before the data
    ByteBuffer wav = header(0x7FFF_F000, 1, 1, 16, 22_050);
    wav.put(ascii("LIST")).putInt(3).put(new byte[] {1, 2, 3, 0});
    wav.put(ascii("data")).putInt(0x7FFF_F000);
    wav.putShort((short) 16_384).putShort((short) -32_768).putShort((short) 1);

    // WHEN it is read
    PcmAudio audio = EspeakWav.read(bytes(wav));

    // THEN the three samples are there, at the header's rate
    assertThat(audio.sampleRate()).isEqualTo(22_050);
    assertThat(audio.samples()).containsExactly(0.5f, -1f, 1 / 32768f);
  }

  /** Verifies that anything but 16-bit mono PCM, or no WAV at all, is refused clearly. */
  @Test
  void read_unexpectedFormat() {
    ByteBuffer stereo = header(100, 1, 2, 16, 22_050);
    assertThatThrownBy(() -> EspeakWav.read(bytes(stereo)))
        .isInstanceOf(SpeechException.class)
        .hasMessage("espeak-ng wrote WAV format 1, 2 channels, 16 bits; expected 16-bit mono PCM");
    assertThatThrownBy(() -> EspeakWav.read("not a wav at all".getBytes(StandardCharsets.US_ASCII)))
        .hasMessage("espeak-ng did not write a WAV (no RIFF/WAVE header)");
    ByteBuffer noData = header(100, 1, 1, 16, 22_050);
    assertThatThrownBy(() -> EspeakWav.read(bytes(noData)))
        .hasMessage("espeak-ng wrote a WAV without audio data");
  }

  private static ByteBuffer header(int riffSize, int format, int channels, int bits, int rate) {
    ByteBuffer wav = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN);
    wav.put(ascii("RIFF")).putInt(riffSize).put(ascii("WAVE"));
    wav.put(ascii("fmt ")).putInt(16);
    wav.putShort((short) format).putShort((short) channels).putInt(rate);
    wav.putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8));
    wav.putShort((short) bits);
    return wav;
  }

  private static byte[] bytes(ByteBuffer wav) {
    byte[] out = new byte[wav.position()];
    wav.flip().get(out);
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
