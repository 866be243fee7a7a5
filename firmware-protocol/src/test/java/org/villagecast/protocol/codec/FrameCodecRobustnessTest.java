package org.villagecast.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.villagecast.protocol.testing.RandomMessages;
import org.villagecast.protocol.testing.SeededRuns;
import org.villagecast.protocol.testing.Vectors;

/**
 * Seeded property tests on hostile input: whatever bytes arrive, FrameCodec.decode either returns a
 * frame that survives its own round trip or throws ProtocolException, never another exception. (The
 * coverage-guided fuzz run explores the same contract much longer.)
 */
@Timeout(30)
class FrameCodecRobustnessTest {

  private static final List<byte[]> VECTORS =
      Vectors.read(Vectors.FRAMES).stream().map(Vectors.Vector::bytes).toList();

  /** Verifies the contract on purely random byte strings of every length up to the maximum. */
  @Test
  void decode_randomBytes() {
    SeededRuns.repeat(
        0xBAD_B17E5L,
        5000,
        random -> {
          byte[] bytes = new byte[random.nextInt(Frame.MAX_SIZE + 2)];
          random.nextBytes(bytes);
          checkContract(bytes);
        });
  }

  /**
   * Verifies the contract on random bytes behind a valid version, type and body length, so the body
   * decoders of every type see random input.
   */
  @Test
  void decode_randomBodiesOfEveryType() {
    SeededRuns.repeat(
        0xB0D1E5L,
        10_000,
        random -> {
          MessageType type = MessageType.values()[random.nextInt(MessageType.values().length)];
          int bodyLength = random.nextInt(4) == 0 ? random.nextInt(1025) : random.nextInt(64);
          boolean signed = random.nextBoolean();
          byte[] bytes =
              new byte[Frame.HEADER_SIZE + bodyLength + (signed ? Frame.Signature.SIZE : 0)];
          random.nextBytes(bytes);
          bytes[0] = (byte) (0x10 + random.nextInt(2)); // 1.0, or 1.1 (skips trailing bytes)
          bytes[1] = (byte) type.code;
          bytes[2] = (byte) ((signed ? 1 : 0) | (random.nextBoolean() ? 2 : 0));
          bytes[3] = (byte) random.nextInt(5);
          bytes[32] = (byte) (bodyLength >>> 8);
          bytes[33] = (byte) bodyLength;
          checkContract(bytes);
        });
  }

  /**
   * Verifies the contract on valid frames (golden and random) damaged by a few random mutations:
   * byte changes, bit flips, insertions, deletions, truncation, and sometimes a body length patched
   * to match, so the damage reaches the body decoders.
   */
  @Test
  void decode_mutatedFrames() {
    SeededRuns.repeat(
        0x3D7A7EL,
        10_000,
        random -> {
          byte[] bytes =
              random.nextBoolean()
                  ? VECTORS.get(random.nextInt(VECTORS.size()))
                  : FrameCodec.encode(new RandomMessages(random).frame());
          int mutations = 1 + random.nextInt(4);
          for (int i = 0; i < mutations; i++) {
            bytes = mutate(bytes, random);
          }
          if (random.nextBoolean() && bytes.length >= Frame.HEADER_SIZE) {
            int signature = (bytes[2] & 1) != 0 ? Frame.Signature.SIZE : 0;
            int body = Math.max(0, bytes.length - Frame.HEADER_SIZE - signature);
            bytes[32] = (byte) (body >>> 8);
            bytes[33] = (byte) body;
          }
          checkContract(bytes);
        });
  }

  private static byte[] mutate(byte[] bytes, Random random) {
    if (bytes.length == 0) {
      return new byte[] {(byte) random.nextInt(256)};
    }
    int at = random.nextInt(bytes.length);
    switch (random.nextInt(6)) {
      case 0 -> {
        byte[] out = bytes.clone();
        out[at] = (byte) random.nextInt(256);
        return out;
      }
      case 1 -> {
        byte[] out = bytes.clone();
        out[at] ^= (byte) (1 << random.nextInt(8));
        return out;
      }
      case 2 -> {
        byte[] out = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, out, 0, at);
        out[at] = (byte) random.nextInt(256);
        System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
        return out;
      }
      case 3 -> {
        byte[] out = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(bytes, at + 1, out, at, bytes.length - at - 1);
        return out;
      }
      case 4 -> {
        return Arrays.copyOf(bytes, at);
      }
      default -> {
        // an extreme value in a random place: 0x00, 0xFF or 0xF0 (a BCD filler and a digit)
        byte[] out = bytes.clone();
        out[at] = (byte) new int[] {0x00, 0xFF, 0xF0}[random.nextInt(3)];
        return out;
      }
    }
  }

  /**
   * Decodes; a ProtocolException is a fine answer, any other throwable fails the property. A frame
   * that does decode must encode and decode back to itself.
   */
  private static void checkContract(byte[] bytes) {
    Frame frame;
    try {
      frame = FrameCodec.decode(bytes);
    } catch (ProtocolException expected) {
      if (expected.problem() == null || expected.field().isBlank()) {
        throw new AssertionError("error without problem or field: " + expected, expected);
      }
      return;
    } catch (RuntimeException | Error other) {
      throw new AssertionError(
          "decode threw " + other + " instead of ProtocolException on " + Vectors.hex(bytes),
          other);
    }
    Frame again = FrameCodec.decode(FrameCodec.encode(frame));
    if (!again.equals(frame)) {
      assertThat(again).as("round trip of %s", Vectors.hex(bytes)).isEqualTo(frame);
    }
  }
}
