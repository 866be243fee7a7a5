package org.villagecast.controller.audio.decode;

/**
 * The 4-byte header of one MPEG audio frame (ISO/IEC 11172-3 §2.4.1.3, 13818-3, and the MPEG 2.5
 * extension), enough to walk a file frame by frame and check it before jlayer decodes it.
 *
 * <pre>
 *  AAAAAAAA AAABBCCD EEEEFFGH IIJJKLMM
 *  A sync (all ones)   B version (00 = 2.5, 10 = 2, 11 = 1)   C layer (01 = III, 10 = II, 11 = I)
 *  D no CRC            E bitrate index   F sample rate index   G padding   I channel mode (11 = mono)
 * </pre>
 *
 * @param version 1 for MPEG-1, 2 for MPEG-2, 25 for MPEG-2.5
 * @param layer 1, 2 or 3
 * @param bitrateKbps 0 for free format
 * @param frameBytes whole frame including this header; 0 for free format
 */
public record MpegFrameHeader(
    int version,
    int layer,
    boolean crc,
    int bitrateKbps,
    int sampleRate,
    boolean padding,
    boolean mono,
    int frameBytes) {

  private static final int[] MPEG1_LAYER3_KBPS = {
    0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320
  };
  private static final int[] MPEG1_LAYER2_KBPS = {
    0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384
  };
  private static final int[] MPEG1_LAYER1_KBPS = {
    0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448
  };
  private static final int[] MPEG2_LAYER1_KBPS = {
    0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256
  };
  private static final int[] MPEG2_LAYER23_KBPS = {
    0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160
  };
  private static final int[] MPEG1_RATES = {44_100, 48_000, 32_000};

  /**
   * The header at {@code offset}, or null when the four bytes there are no valid MPEG audio header
   * (no sync, a reserved version, layer, bitrate or sample rate).
   */
  public static MpegFrameHeader parse(byte[] bytes, int offset) {
    if (offset < 0 || offset + 4 > bytes.length) {
      return null;
    }
    int word =
        (bytes[offset] & 0xFF) << 24
            | (bytes[offset + 1] & 0xFF) << 16
            | (bytes[offset + 2] & 0xFF) << 8
            | (bytes[offset + 3] & 0xFF);
    if ((word & 0xFFE0_0000) != 0xFFE0_0000) {
      return null;
    }
    int versionBits = (word >>> 19) & 0b11;
    int layerBits = (word >>> 17) & 0b11;
    int bitrateIndex = (word >>> 12) & 0b1111;
    int rateIndex = (word >>> 10) & 0b11;
    if (versionBits == 0b01 || layerBits == 0b00 || bitrateIndex == 0b1111 || rateIndex == 0b11) {
      return null;
    }
    int version = versionBits == 0b11 ? 1 : versionBits == 0b10 ? 2 : 25;
    int layer = 4 - layerBits;
    int sampleRate = MPEG1_RATES[rateIndex] / (version == 1 ? 1 : version == 2 ? 2 : 4);
    int kbps = bitrateTable(version, layer)[bitrateIndex];
    boolean padding = ((word >>> 9) & 1) == 1;
    boolean mono = ((word >>> 6) & 0b11) == 0b11;
    int frameBytes = 0;
    if (kbps > 0) {
      if (layer == 1) {
        frameBytes = (12 * kbps * 1000 / sampleRate + (padding ? 1 : 0)) * 4;
      } else {
        int coefficient = layer == 3 && version != 1 ? 72 : 144;
        frameBytes = coefficient * kbps * 1000 / sampleRate + (padding ? 1 : 0);
      }
    }
    boolean crc = ((word >>> 16) & 1) == 0;
    return new MpegFrameHeader(version, layer, crc, kbps, sampleRate, padding, mono, frameBytes);
  }

  private static int[] bitrateTable(int version, int layer) {
    if (version == 1) {
      return layer == 1 ? MPEG1_LAYER1_KBPS : layer == 2 ? MPEG1_LAYER2_KBPS : MPEG1_LAYER3_KBPS;
    }
    return layer == 1 ? MPEG2_LAYER1_KBPS : MPEG2_LAYER23_KBPS;
  }

  /** Decoded samples per channel in one frame. */
  public int samplesPerFrame() {
    if (layer == 1) {
      return 384;
    }
    return layer == 3 && version != 1 ? 576 : 1152;
  }

  /** Bytes from the start of the frame to the end of the Layer III side information. */
  int sideInfoEnd() {
    int sideInfo = version == 1 ? (mono ? 17 : 32) : (mono ? 9 : 17);
    return 4 + (crc ? 2 : 0) + sideInfo;
  }

  /** True when {@code other} can follow this header in the same stream. */
  boolean sameStream(MpegFrameHeader other) {
    return other.version == version && other.layer == layer && other.sampleRate == sampleRate;
  }

  String describe() {
    return "MPEG-"
        + (version == 25 ? "2.5" : Integer.toString(version))
        + " Layer "
        + "I".repeat(layer)
        + ", "
        + sampleRate
        + " Hz, "
        + (mono ? "mono" : "stereo");
  }
}
