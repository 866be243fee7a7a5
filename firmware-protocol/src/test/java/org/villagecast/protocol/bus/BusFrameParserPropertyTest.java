package org.villagecast.protocol.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.testing.BusRecorder;
import org.villagecast.protocol.testing.RandomMessages;
import org.villagecast.protocol.testing.SeededRuns;
import org.villagecast.protocol.testing.Vectors;

/**
 * Seeded property tests of the bus parser: it never throws or hangs on random bytes in random
 * chunks, its output does not depend on the chunking, it invents no frame, and it finds every good
 * frame again after garbage.
 */
@Timeout(30)
class BusFrameParserPropertyTest {

  /** Feeds bytes in random chunk sizes, sometimes tiny, sometimes large. */
  private static void feedRandomly(BusFrameParser parser, byte[] bytes, Random random) {
    int largest = random.nextBoolean() ? 3 : 1 + random.nextInt(bytes.length + 1);
    int offset = 0;
    while (offset < bytes.length) {
      int chunk = Math.min(1 + random.nextInt(largest), bytes.length - offset);
      parser.feed(bytes, offset, chunk);
      offset += chunk;
    }
  }

  /**
   * Random bytes, with more SOF bytes and plausible headers than chance would give, so the parser
   * spends time in every state.
   */
  private static byte[] noise(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(16)) {
        case 0 -> bytes[i] = (byte) BusFrame.SOF;
        case 1 -> bytes[i] = (byte) BusFrame.Control.values()[random.nextInt(4)].code;
        case 2 -> bytes[i] = 0;
        default -> {}
      }
    }
    return bytes;
  }

  /**
   * Verifies that on random bytes in random chunks the parser never throws, reports the same events
   * as when fed byte by byte, delivers only frames that appear whole and in order in the input, and
   * is hunting again after a quiet line.
   */
  @Test
  void randomBytes_neverThrowNorHang_andChunkingChangesNothing() {
    SeededRuns.repeat(
        0xB05_0001L,
        800,
        random -> {
          // GIVEN mostly short runs, some longer than the largest frame
          int length = random.nextInt(8) == 0 ? random.nextInt(2500) : random.nextInt(300);
          byte[] bytes = noise(random, length);
          BusRecorder byteByByte = new BusRecorder();
          BusFrameParser reference = new BusFrameParser(byteByByte);
          BusRecorder chunked = new BusRecorder();
          BusFrameParser parser = new BusFrameParser(chunked);

          // WHEN
          BusRecorder.feedInChunks(reference, bytes, 1);
          reference.onSilence();
          feedRandomly(parser, bytes, random);
          parser.onSilence();

          // THEN
          if (!chunked.events.equals(byteByByte.events)) {
            assertThat(chunked.events).isEqualTo(byteByByte.events);
          }
          assertThat(parser.state()).isEqualTo(BusFrameParser.State.HUNTING);
          assertFramesAppearInOrder(chunked.frames, bytes);
        });
  }

  /**
   * Verifies that random valid bus frames, each carrying a random protocol frame or random bytes,
   * come out unchanged and in order when sent with noise and quiet gaps between them.
   */
  @Test
  void randomFrames_withNoiseBetween_allComeOut() {
    SeededRuns.repeat(
        0xB05_0002L,
        1500,
        random -> {
          // GIVEN frames, each after a quiet gap that may follow a burst of noise
          RandomMessages messages = new RandomMessages(random);
          List<BusFrame> sent = new ArrayList<>();
          BusRecorder recorder = new BusRecorder();
          BusFrameParser parser = new BusFrameParser(recorder);
          int count = 1 + random.nextInt(6);

          // WHEN
          for (int i = 0; i < count; i++) {
            if (random.nextInt(3) == 0) {
              feedRandomly(parser, noise(random, 1 + random.nextInt(40)), random);
              parser.onSilence();
            }
            BusFrame frame = randomFrame(random, messages);
            sent.add(frame);
            feedRandomly(parser, frame.encode(), random);
            parser.onSilence();
          }

          // THEN
          assertThat(recorder.frames).isEqualTo(sent);
          assertThat(parser.state()).isEqualTo(BusFrameParser.State.HUNTING);
        });
  }

  /**
   * Verifies that a good frame right behind a burst of noise, with no gap between them, still comes
   * out once the line goes quiet: a fake header in the noise may hold it up, never lose it.
   */
  @Test
  void noiseThenFrameWithoutGap_frameComesOutAfterSilence() {
    SeededRuns.repeat(
        0xB05_0003L,
        3000,
        random -> {
          RandomMessages messages = new RandomMessages(random);
          BusFrame frame = randomFrame(random, messages);
          byte[] stream =
              BusFrameParserTest.concat(noise(random, random.nextInt(60)), frame.encode());
          BusRecorder recorder = new BusRecorder();
          BusFrameParser parser = new BusFrameParser(recorder);

          feedRandomly(parser, stream, random);
          parser.onSilence();

          assertThat(recorder.frames).contains(frame);
          assertThat(recorder.frames.get(recorder.frames.size() - 1)).isEqualTo(frame);
        });
  }

  private static BusFrame randomFrame(Random random, RandomMessages messages) {
    int unit = random.nextInt(BusFrame.MAX_UNIT + 1);
    BusFrame.Control control = BusFrame.Control.values()[random.nextInt(4)];
    if (!control.carriesMessage()) {
      return new BusFrame(unit, control, new byte[0]);
    }
    byte[] message =
        random.nextBoolean()
            ? FrameCodec.encode(messages.frame())
            : messages.bytes(random.nextInt(BusFrame.MAX_MESSAGE + 1));
    return new BusFrame(unit, control, message);
  }

  /** Each delivered frame's bytes occur in the input, after the previous delivered frame. */
  private static void assertFramesAppearInOrder(List<BusFrame> frames, byte[] input) {
    int from = 0;
    for (BusFrame frame : frames) {
      int at = indexOf(input, frame.encode(), from);
      if (at < 0) {
        throw new AssertionError(
            "delivered "
                + frame
                + " that is not in the input after offset "
                + from
                + ": "
                + Vectors.hex(frame.encode()));
      }
      from = at + frame.encode().length;
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
