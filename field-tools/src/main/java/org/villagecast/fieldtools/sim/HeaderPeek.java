package org.villagecast.fieldtools.sim;

import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.MessageType;

/**
 * Reads the address and message id from the header of a frame that does not decode as a whole, so
 * the terminal answers a broken frame only when it was meant for it (PROTOCOL.md §9.3 steps 2–4).
 */
final class HeaderPeek {
  private HeaderPeek() {}

  /** The frame's address, or null when the header is short or its address invalid. */
  static Address address(byte[] wire) {
    if (wire.length < Frame.HEADER_SIZE) {
      return null;
    }
    try {
      return switch (wire[3]) {
        case 0 -> Address.hub();
        case 1 -> Address.terminal(bcd(wire));
        case 2 -> Address.area(bcd(wire));
        case 3 -> Address.group(u32(wire, 4));
        case 4 -> Address.all();
        default -> null;
      };
    } catch (RuntimeException invalid) {
      return null;
    }
  }

  static long messageId(byte[] wire) {
    return wire.length >= 20 ? u32(wire, 16) : 0;
  }

  static long refersTo(byte[] wire) {
    return wire.length >= 24 ? u32(wire, 20) : 0;
  }

  static boolean isAudio(byte[] wire) {
    return wire.length > 1 && (wire[1] & 0xFF) == MessageType.AUDIO.code;
  }

  private static String bcd(byte[] wire) {
    StringBuilder digits = new StringBuilder(24);
    for (int i = 0; i < 24; i++) {
      int nibble = (i % 2 == 0) ? (wire[4 + i / 2] >> 4) & 0xF : wire[4 + i / 2] & 0xF;
      if (nibble == 0xF) {
        break;
      }
      if (nibble > 9) {
        throw new IllegalArgumentException("not BCD");
      }
      digits.append((char) ('0' + nibble));
    }
    return digits.toString();
  }

  private static long u32(byte[] wire, int at) {
    long value = 0;
    for (int i = at; i < at + 4; i++) {
      value = (value << 8) | (wire[i] & 0xFF);
    }
    return value;
  }
}
