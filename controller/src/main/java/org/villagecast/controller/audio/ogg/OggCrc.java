package org.villagecast.controller.audio.ogg;

/**
 * The CRC-32 of Ogg pages (RFC 3533 §6): polynomial 0x04C11DB7, initial value 0, no reflection, no
 * final XOR, computed over the whole page with its CRC field set to zero. Check value for
 * "123456789": 0x89A1897F.
 */
final class OggCrc {
  private static final int[] TABLE = table();

  private OggCrc() {}

  static int of(byte[] bytes, int offset, int length) {
    int crc = 0;
    for (int i = offset; i < offset + length; i++) {
      crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ bytes[i]) & 0xFF];
    }
    return crc;
  }

  private static int[] table() {
    int[] table = new int[256];
    for (int i = 0; i < 256; i++) {
      int r = i << 24;
      for (int bit = 0; bit < 8; bit++) {
        r = (r & 0x8000_0000) != 0 ? (r << 1) ^ 0x04C1_1DB7 : r << 1;
      }
      table[i] = r;
    }
    return table;
  }
}
