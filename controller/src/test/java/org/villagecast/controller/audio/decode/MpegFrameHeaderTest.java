package org.villagecast.controller.audio.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** MPEG audio frame headers: golden sizes and an exhaustive sweep of all header words. */
class MpegFrameHeaderTest {

  private static byte[] word(int value) {
    return new byte[] {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
  }

  /**
   * Verifies frame sizes from ISO/IEC 11172-3 and 13818-3 (144 · bitrate / rate + padding; 72 for
   * MPEG-2/2.5 Layer III): 128 kbit/s at 44.1 kHz is 417 bytes, 418 padded.
   */
  @Test
  void parse_goldenFrameSizes() {
    // MPEG-1 Layer III, no CRC, 128 kbit/s, 44.1 kHz, joint stereo
    MpegFrameHeader cbr = MpegFrameHeader.parse(word(0xFFFB_9044), 0);
    assertThat(cbr.version()).isEqualTo(1);
    assertThat(cbr.layer()).isEqualTo(3);
    assertThat(cbr.bitrateKbps()).isEqualTo(128);
    assertThat(cbr.sampleRate()).isEqualTo(44_100);
    assertThat(cbr.frameBytes()).isEqualTo(417);
    assertThat(cbr.samplesPerFrame()).isEqualTo(1152);
    assertThat(cbr.mono()).isFalse();
    // the same, padded
    assertThat(MpegFrameHeader.parse(word(0xFFFB_9244), 0).frameBytes()).isEqualTo(418);
    // MPEG-1 Layer III, 320 kbit/s, 48 kHz, mono: 960 bytes
    MpegFrameHeader loud = MpegFrameHeader.parse(word(0xFFFB_E4C4), 0);
    assertThat(loud.sampleRate()).isEqualTo(48_000);
    assertThat(loud.bitrateKbps()).isEqualTo(320);
    assertThat(loud.mono()).isTrue();
    assertThat(loud.frameBytes()).isEqualTo(960);
    // MPEG-2.5 Layer III, 8 kbit/s, 8 kHz, mono: 72 bytes, 576 samples
    MpegFrameHeader phone = MpegFrameHeader.parse(word(0xFFE3_18C4), 0);
    assertThat(phone.version()).isEqualTo(25);
    assertThat(phone.sampleRate()).isEqualTo(8_000);
    assertThat(phone.frameBytes()).isEqualTo(72);
    assertThat(phone.samplesPerFrame()).isEqualTo(576);
    // MPEG-2 Layer III, 64 kbit/s, 22.05 kHz: 72 · 64000 / 22050 = 208 bytes
    assertThat(MpegFrameHeader.parse(word(0xFFF3_8044), 0).frameBytes()).isEqualTo(208);
  }

  /**
   * Verifies every header word with the sync bits: it parses exactly when version, layer, bitrate
   * index and rate index are not reserved, and then its frame is between the 24 bytes of MPEG-2
   * Layer III at 8 kbit/s and 24 kHz and the 2881 of padded MPEG-2.5 Layer II at 160 kbit/s and 8
   * kHz, and a Layer III frame holds at least its header and side information.
   */
  @Test
  void parse_everyHeaderWord() {
    int valid = 0;
    for (int low = 0; low < 1 << 21; low++) {
      int value = 0xFFE0_0000 | low;
      MpegFrameHeader header = MpegFrameHeader.parse(word(value), 0);
      int version = (value >>> 19) & 0b11;
      int layer = (value >>> 17) & 0b11;
      int bitrate = (value >>> 12) & 0b1111;
      int rate = (value >>> 10) & 0b11;
      boolean reserved = version == 0b01 || layer == 0 || bitrate == 0b1111 || rate == 0b11;
      assertThat(header == null).as("header %08X", value).isEqualTo(reserved);
      if (header != null) {
        valid++;
        if (header.bitrateKbps() > 0) {
          assertThat(header.frameBytes()).as("header %08X", value).isBetween(24, 2881);
          if (header.layer() == 3) {
            assertThat(header.frameBytes()).isGreaterThanOrEqualTo(header.sideInfoEnd());
          }
        } else {
          assertThat(header.frameBytes()).isZero();
        }
      }
    }
    // 3 versions × 3 layers × 15 bitrates × 3 rates × 2^11 free bits (CRC, padding, mode, ...)
    assertThat(valid).isEqualTo(3 * 3 * 15 * 3 * 2048);
    assertThat(MpegFrameHeader.parse(word(0x7FFB_9044), 0)).isNull();
    assertThat(MpegFrameHeader.parse(new byte[3], 0)).isNull();
  }
}
