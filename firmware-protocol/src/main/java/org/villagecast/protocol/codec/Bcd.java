package org.villagecast.protocol.codec;

/**
 * Packed BCD as PROTOCOL.md defines it: two decimal digits a byte, high nibble first, the unused
 * nibbles at the end filled with 0xF.
 */
final class Bcd {
  private Bcd() {}

  static void write(BodyWriter out, String digits, int byteCount) {
    for (int i = 0; i < byteCount; i++) {
      out.u8((nibble(digits, 2 * i) << 4) | nibble(digits, 2 * i + 1));
    }
  }

  private static int nibble(String digits, int index) {
    return index < digits.length() ? digits.charAt(index) - '0' : 0xF;
  }

  /** Reads digits up to the first 0xF nibble; after it every nibble must be 0xF. */
  static String read(BodyReader in, int byteCount, String field) {
    byte[] raw = in.bytes(byteCount, field);
    StringBuilder digits = new StringBuilder(byteCount * 2);
    boolean ended = false;
    for (int i = 0; i < byteCount * 2; i++) {
      int nibble = (i % 2 == 0) ? (raw[i / 2] >> 4) & 0xF : raw[i / 2] & 0xF;
      if (nibble == 0xF) {
        ended = true;
      } else if (ended || nibble > 9) {
        throw ProtocolException.badValue(
            field, "nibble " + i + " is 0x" + Integer.toHexString(nibble) + ", not a BCD digit");
      } else {
        digits.append((char) ('0' + nibble));
      }
    }
    return digits.toString();
  }

  static boolean isDigits(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
