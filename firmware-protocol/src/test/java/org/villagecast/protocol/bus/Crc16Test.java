package org.villagecast.protocol.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Crc16 against the catalogue check value and a bit-by-bit reference over small domains. */
class Crc16Test {

  /**
   * The textbook definition, one bit at a time: polynomial 0x1021, initial value 0xFFFF, no
   * reflection, no final XOR. Deliberately not table-driven, unlike the code under test.
   */
  static int reference(byte[] bytes, int offset, int length) {
    int crc = 0xFFFF;
    for (int i = offset; i < offset + length; i++) {
      for (int bit = 7; bit >= 0; bit--) {
        boolean top = ((crc >>> 15) & 1) != (((bytes[i] & 0xFF) >>> bit) & 1);
        crc = (crc << 1) & 0xFFFF;
        if (top) {
          crc ^= 0x1021;
        }
      }
    }
    return crc;
  }

  /**
   * Verifies the check value of "123456789": 0x29B1 for CRC-16/IBM-3740 (alias CCITT-FALSE) in the
   * catalogue of parametrised CRC algorithms (reveng.sourceforge.io/crc-catalogue).
   */
  @Test
  void of_catalogueCheckValue() {
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);

    assertThat(Crc16.of(check, 0, check.length)).isEqualTo(0x29B1);
    assertThat(reference(check, 0, check.length)).isEqualTo(0x29B1);
  }

  /** Verifies that the CRC of nothing is the initial value. */
  @Test
  void of_emptyInputIsTheInitialValue() {
    assertThat(Crc16.of(new byte[3], 1, 0)).isEqualTo(0xFFFF);
  }

  /** Verifies every single-byte input against the bitwise reference. */
  @Test
  void of_everySingleByte() {
    for (int b = 0; b < 256; b++) {
      byte[] input = {(byte) b};
      assertThat(Crc16.of(input, 0, 1)).as("byte 0x%02X", b).isEqualTo(reference(input, 0, 1));
    }
  }

  /** Verifies every two-byte input against the bitwise reference. */
  @Test
  void of_everyTwoBytes() {
    byte[] input = new byte[2];
    for (int v = 0; v < 0x10000; v++) {
      input[0] = (byte) (v >>> 8);
      input[1] = (byte) v;
      if (Crc16.of(input, 0, 2) != reference(input, 0, 2)) {
        assertThat(Crc16.of(input, 0, 2)).as("input 0x%04X", v).isEqualTo(reference(input, 0, 2));
      }
    }
  }

  /** Verifies random slices (offsets and lengths) against the bitwise reference. */
  @Test
  void of_randomSlices() {
    long seed = 0xC0FFEE_16L;
    Random random = new Random(seed);
    for (int i = 0; i < 2000; i++) {
      byte[] bytes = new byte[1 + random.nextInt(300)];
      random.nextBytes(bytes);
      int offset = random.nextInt(bytes.length);
      int length = random.nextInt(bytes.length - offset + 1);

      assertThat(Crc16.of(bytes, offset, length))
          .as("seed %d, iteration %d", seed, i)
          .isEqualTo(reference(bytes, offset, length));
    }
  }

  /**
   * Verifies that appending a frame's own CRC, big-endian, gives a residue of zero: the property a
   * firmware can use to check a frame in one pass.
   */
  @Test
  void of_frameWithItsCrcLeavesZero() {
    Random random = new Random(16);
    for (int i = 0; i < 500; i++) {
      byte[] frame = new byte[2 + random.nextInt(100)];
      random.nextBytes(frame);
      int crc = Crc16.of(frame, 0, frame.length - 2);
      frame[frame.length - 2] = (byte) (crc >>> 8);
      frame[frame.length - 1] = (byte) crc;

      assertThat(Crc16.of(frame, 0, frame.length)).isZero();
    }
  }
}
