package org.villagecast.protocol.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.villagecast.protocol.codec.ProtocolException;
import org.villagecast.protocol.codec.ProtocolException.Problem;
import org.villagecast.protocol.testing.BusRecorder;
import org.villagecast.protocol.testing.Vectors;
import org.villagecast.protocol.testing.Vectors.Vector;

/**
 * The streaming bus parser fed the way a UART delivers bytes: every chunk size, every split,
 * garbage between frames, one corrupted byte at a time, and every address and control byte.
 */
@Timeout(30)
class BusFrameParserTest {

  static List<Vector> vectors() {
    return Vectors.read(Vectors.BUS_FRAMES);
  }

  private static byte[] bus(String name) {
    return Vectors.byName(Vectors.BUS_FRAMES).get(name).bytes();
  }

  /** Reference CRC over a slice, computed bit by bit (see Crc16Test). */
  private static int crc(byte[] bytes, int length) {
    return Crc16Test.reference(bytes, 0, length);
  }

  /** Verifies that each vector comes out whole at every chunk size from 1 to its length. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void everyChunkSize_givesTheSameFrame(Vector vector) {
    byte[] bytes = vector.bytes();
    BusFrame expected = parseWhole(bytes).frames.get(0);
    for (int chunk = 1; chunk <= bytes.length; chunk++) {
      BusRecorder recorder = new BusRecorder();
      BusFrameParser parser = BusRecorder.parser(recorder);

      BusRecorder.feedInChunks(parser, bytes, chunk);

      assertThat(recorder.frames).as("chunk size %d", chunk).containsExactly(expected);
      assertThat(recorder.errors).isEmpty();
      assertThat(parser.state()).isEqualTo(BusFrameParser.State.HUNTING);
    }
  }

  /** Verifies that each vector comes out whole when split in two at every position. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void everyTwoSplit_givesTheSameFrame(Vector vector) {
    byte[] bytes = vector.bytes();
    BusFrame expected = parseWhole(bytes).frames.get(0);
    for (int split = 0; split <= bytes.length; split++) {
      BusRecorder recorder = new BusRecorder();
      BusFrameParser parser = BusRecorder.parser(recorder);

      parser.feed(bytes, 0, split);
      assertThat(recorder.frames).hasSize(split == bytes.length ? 1 : 0);
      parser.feed(bytes, split, bytes.length - split);

      assertThat(recorder.frames).as("split at %d", split).containsExactly(expected);
      assertThat(recorder.errors).isEmpty();
    }
  }

  /**
   * A stream of all the vectors with garbage around them: bytes that are no SOF, a SOF followed by
   * a unit address above 247, a SOF with an unknown control, a POLL that claims a message, and a
   * POLL with a wrong CRC.
   */
  private static final class GarbledStream {
    final byte[] bytes;
    final List<BusFrame> frames = new ArrayList<>();
    final List<String> errors = new ArrayList<>();

    GarbledStream() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      List<Vector> all = vectors();
      byte[] badCrcPoll = Vectors.hex("a505010000");
      String[] garbage = {"00ff13", "a5ff", "a5050100000000", "7e", "a5057e", "a50501000300", ""};
      for (int i = 0; i < all.size(); i++) {
        out.writeBytes(Vectors.hex(garbage[i % garbage.length]));
        out.writeBytes(all.get(i).bytes());
        frames.add(parseWhole(all.get(i).bytes()).frames.get(0));
        switch (garbage[i % garbage.length]) {
          case "a5ff" -> errors.add("Invalid 'bus address': 255 is outside 0..247");
          case "a5057e" -> errors.add("Invalid 'control': unknown control 0x7E");
          case "a50501000300" -> errors.add("Invalid 'length': POLL carries no message, length 3");
          case "a5050100000000" ->
              errors.add(
                  String.format(
                      "Invalid 'crc': received 0x0000, computed 0x%04X", crc(badCrcPoll, 5)));
          default -> {}
        }
      }
      out.writeBytes(Vectors.hex("00a5"));
      bytes = out.toByteArray();
    }
  }

  /**
   * Verifies that a stream of frames with garbage between them gives the same frames and the same
   * errors, in order, at every chunk size from 1 to its whole length.
   */
  @Test
  void garbledStream_everyChunkSize() {
    GarbledStream stream = new GarbledStream();
    for (int chunk = 1; chunk <= stream.bytes.length; chunk++) {
      BusRecorder recorder = new BusRecorder();
      BusFrameParser parser = BusRecorder.parser(recorder);

      BusRecorder.feedInChunks(parser, stream.bytes, chunk);

      assertThat(recorder.frames).as("chunk size %d", chunk).isEqualTo(stream.frames);
      assertThat(recorder.errors)
          .extracting(ProtocolException::getMessage)
          .isEqualTo(stream.errors);
      // the stream ends with a lone SOF
      assertThat(parser.state()).isEqualTo(BusFrameParser.State.HEADER);
    }
  }

  /** Verifies the garbled stream split in two at every position. */
  @Test
  void garbledStream_everyTwoSplit() {
    GarbledStream stream = new GarbledStream();
    for (int split = 0; split <= stream.bytes.length; split++) {
      BusRecorder recorder = new BusRecorder();
      BusFrameParser parser = BusRecorder.parser(recorder);

      parser.feed(stream.bytes, 0, split);
      parser.feed(stream.bytes, split, stream.bytes.length - split);

      assertThat(recorder.frames).as("split at %d", split).isEqualTo(stream.frames);
      assertThat(recorder.errors)
          .extracting(ProtocolException::getMessage)
          .isEqualTo(stream.errors);
    }
  }

  /**
   * Verifies that a corrupted CRC byte gives BAD_CRC naming 'crc' with both values, and that the
   * next frame still comes out.
   */
  @Test
  void crcByte_corrupted() {
    byte[] poll = bus("BUS_POLL");
    int good = ((poll[5] & 0xFF) << 8) | (poll[6] & 0xFF);
    for (int at = 5; at <= 6; at++) {
      // GIVEN
      byte[] corrupted = poll.clone();
      corrupted[at] ^= 0x40;
      int received = ((corrupted[5] & 0xFF) << 8) | (corrupted[6] & 0xFF);
      BusRecorder recorder = new BusRecorder();
      BusFrameParser parser = BusRecorder.parser(recorder);

      // WHEN
      parser.feed(corrupted);
      parser.feed(bus("BUS_NOTHING"));

      // THEN
      assertThat(recorder.errors).hasSize(1);
      ProtocolException error = recorder.errors.get(0);
      assertThat(error.problem()).isEqualTo(Problem.BAD_CRC);
      assertThat(error.field()).isEqualTo("crc");
      assertThat(error)
          .hasMessage(
              String.format("Invalid 'crc': received 0x%04X, computed 0x%04X", received, good));
      assertThat(recorder.frames).containsExactly(parseWhole(bus("BUS_NOTHING")).frames.get(0));
    }
  }

  /**
   * Verifies one corrupted byte anywhere in the COMMAND vector but its SOF and length: every value
   * of the address, control and CRC bytes, every single-bit flip of the message bytes. The frame is
   * refused with the exact error (unit address, control, length rule or CRC), never delivered.
   */
  @Test
  void everyCorruptedByte_givesTheExactError() {
    byte[] original = bus("BUS_COMMAND");
    int originalCrc =
        ((original[original.length - 2] & 0xFF) << 8) | (original[original.length - 1] & 0xFF);
    for (int at = 1; at < original.length; at++) {
      if (at == 3 || at == 4) {
        continue; // a corrupted length moves the frame's end; see everyCorruptedLength
      }
      boolean everyValue = at <= 2 || at >= original.length - 2;
      for (int value = 0; value < 256; value++) {
        int flipped = value ^ (original[at] & 0xFF);
        if (flipped == 0 || (!everyValue && Integer.bitCount(flipped) != 1)) {
          continue; // inside the message, the eight single-bit flips
        }
        byte[] bytes = original.clone();
        bytes[at] = (byte) value;
        BusRecorder recorder = new BusRecorder();
        feedThenSilence(BusRecorder.parser(recorder), bytes);

        String expected;
        if (at == 1 && value > 247) {
          expected = "Invalid 'bus address': " + value + " is outside 0..247";
        } else if (at == 2 && BusFrame.Control.fromCode(value) == null) {
          expected = String.format("Invalid 'control': unknown control 0x%02X", value);
        } else if (at == 2 && (value == 0x01 || value == 0x81)) {
          expected =
              "Invalid 'length': "
                  + BusFrame.Control.fromCode(value)
                  + " carries no message, length "
                  + (original.length - BusFrame.OVERHEAD);
        } else {
          int received = at < original.length - 2 ? originalCrc : crcField(bytes);
          expected =
              String.format(
                  "Invalid 'crc': received 0x%04X, computed 0x%04X",
                  received, crc(bytes, bytes.length - 2));
        }
        String what = "byte " + at + " = " + value;
        if (recorder.errors.isEmpty() || !recorder.errors.get(0).getMessage().equals(expected)) {
          assertThat(recorder.errors).as(what).isNotEmpty();
          assertThat(recorder.errors.get(0)).as(what).hasMessage(expected);
        }
        if (!recorder.frames.isEmpty()) {
          assertThat(recorder.frames).as(what).isEmpty();
        }
      }
    }
  }

  /**
   * Verifies every value of the two length bytes of the COMMAND vector: the original frame is never
   * delivered, and once the line goes quiet the parser is hunting again.
   */
  @Test
  void everyCorruptedLength_neverDeliversTheFrame() {
    byte[] original = bus("BUS_COMMAND");
    for (int at = 3; at <= 4; at++) {
      for (int value = 0; value < 256; value++) {
        if (value == (original[at] & 0xFF)) {
          continue;
        }
        byte[] bytes = original.clone();
        bytes[at] = (byte) value;
        BusRecorder recorder = new BusRecorder();
        BusFrameParser parser = BusRecorder.parser(recorder);
        feedThenSilence(parser, bytes);

        assertThat(recorder.frames).as("byte %d = %d", at, value).isEmpty();
        assertThat(recorder.errors).isNotEmpty();
        assertThat(parser.state()).isEqualTo(BusFrameParser.State.HUNTING);
      }
    }
  }

  /**
   * Verifies every unit address byte 0..255 with every known control and one unknown, and every
   * control byte 0..255 with the edge addresses, on empty frames with a correct CRC: addresses
   * above 247 and unknown controls are refused exactly, the rest are delivered as they are, and a
   * good frame after the line goes quiet always comes out.
   */
  @Test
  void everyAddressByteAndEveryControlByte() {
    int[] someControls = {0x00, 0x01, 0x80, 0x81, 0x7F};
    int[] someAddresses = {0, 1, 165, 247, 248, 255};
    BusRecorder recorder = new BusRecorder();
    BusFrameParser parser = BusRecorder.parser(recorder);
    int delivered = 0;
    for (int address = 0; address < 256; address++) {
      for (int control : someControls) {
        delivered += checkEmptyFrame(parser, recorder, address, control);
      }
    }
    for (int control = 0; control < 256; control++) {
      for (int address : someAddresses) {
        delivered += checkEmptyFrame(parser, recorder, address, control);
      }
    }
    assertThat(delivered).isEqualTo(248 * 4 + 4 * 4);
  }

  /** Feeds A5, address, control, length 0 and the right CRC; returns 1 if it was delivered. */
  private static int checkEmptyFrame(
      BusFrameParser parser, BusRecorder recorder, int address, int control) {
    byte[] bytes = {(byte) 0xA5, (byte) address, (byte) control, 0, 0, 0, 0};
    int crc = crc(bytes, 5);
    bytes[5] = (byte) (crc >>> 8);
    bytes[6] = (byte) crc;
    recorder.frames.clear();
    recorder.errors.clear();
    parser.feed(bytes);
    BusFrame.Control known = BusFrame.Control.fromCode(control);
    String what = "address " + address + " control " + control;
    int delivered = 0;
    if (address > 247) {
      expectFirstError(recorder, "Invalid 'bus address': " + address + " is outside 0..247", what);
    } else if (known == null) {
      expectFirstError(
          recorder, String.format("Invalid 'control': unknown control 0x%02X", control), what);
    } else {
      BusFrame expected = new BusFrame(address, known, new byte[0]);
      if (recorder.frames.size() != 1 || !recorder.frames.get(0).equals(expected)) {
        assertThat(recorder.frames).as(what).containsExactly(expected);
      }
      assertThat(expected.encode()).isEqualTo(bytes);
      delivered = 1;
    }

    // the rest of a refused frame is garbage; after a quiet line the next frame comes out
    parser.onSilence();
    recorder.frames.clear();
    byte[] next = bus("BUS_POLL");
    parser.feed(next);
    if (recorder.frames.size() != 1 || !recorder.frames.get(0).equals(BusFrame.poll(5))) {
      assertThat(recorder.frames).as("next frame after " + what).containsExactly(BusFrame.poll(5));
    }
    assertThat(parser.state()).isEqualTo(BusFrameParser.State.HUNTING);
    return delivered;
  }

  /**
   * The first error must be this one. More may follow: the rest of a refused frame is hunted
   * through, and a control byte of 0xA5 starts another (broken) frame.
   */
  private static void expectFirstError(BusRecorder recorder, String message, String what) {
    if (recorder.frames.isEmpty()
        && !recorder.errors.isEmpty()
        && recorder.errors.get(0).getMessage().equals(message)) {
      return;
    }
    assertThat(recorder.frames).as(what).isEmpty();
    assertThat(recorder.errors).as(what).isNotEmpty();
    assertThat(recorder.errors.get(0)).as(what).hasMessage(message);
  }

  /** Verifies the states while a frame arrives byte by byte, and the reset on silence. */
  @Test
  void states_andSilenceMidFrame() {
    byte[] poll = bus("BUS_POLL");
    BusRecorder recorder = new BusRecorder();
    BusFrameParser parser = BusRecorder.parser(recorder);
    assertThat(parser.state()).isEqualTo(BusFrameParser.State.HUNTING);

    parser.feed(poll, 0, 1);
    assertThat(parser.state()).isEqualTo(BusFrameParser.State.HEADER);
    parser.feed(poll, 1, 4);
    assertThat(parser.state()).isEqualTo(BusFrameParser.State.MESSAGE);
    parser.feed(poll, 5, 1);
    parser.onSilence();

    assertThat(parser.state()).isEqualTo(BusFrameParser.State.HUNTING);
    assertThat(recorder.frames).isEmpty();
    assertThat(recorder.errors).hasSize(1);
    assertThat(recorder.errors.get(0).problem()).isEqualTo(Problem.TRUNCATED);
    assertThat(recorder.errors.get(0).field()).isEqualTo("frame");
    assertThat(recorder.errors.get(0))
        .hasMessage("Invalid 'frame': line went quiet after 6 byte(s) of a frame");

    // silence while hunting reports nothing
    parser.onSilence();
    assertThat(recorder.errors).hasSize(1);
  }

  /** Verifies the maximum message length: 1124 bytes pass, a header saying 1125 is refused. */
  @Test
  void length_maximum() {
    byte[] message = new byte[BusFrame.MAX_MESSAGE];
    for (int i = 0; i < message.length; i++) {
      message[i] = (byte) (i * 7);
    }
    BusFrame largest = BusFrame.command(9, message);
    byte[] wire = largest.encode();
    assertThat(wire).hasSize(BusFrame.MAX_SIZE);
    assertThat(parseWhole(wire).frames).containsExactly(largest);

    byte[] tooLong = {(byte) 0xA5, 9, 0x00, 0x04, 0x65};
    BusRecorder recorder = parseWhole(tooLong);
    assertThat(recorder.errors).hasSize(1);
    assertThat(recorder.errors.get(0).problem()).isEqualTo(Problem.TOO_LONG);
    assertThat(recorder.errors.get(0)).hasMessage("Invalid 'length': 1125 bytes, at most 1124");
  }

  /**
   * Verifies that a SOF inside garbage that starts a plausible but broken frame does not swallow
   * the good frame that follows: the parser resumes from the byte after that SOF.
   */
  @Test
  void sofInGarbage_doesNotSwallowTheNextFrame() {
    // GIVEN a fake header claiming 3 message bytes, directly followed by a good frame
    byte[] poll = bus("BUS_POLL");
    byte[] stream = concat(Vectors.hex("a507000003"), poll);
    BusRecorder recorder = new BusRecorder();
    BusFrameParser parser = BusRecorder.parser(recorder);

    // WHEN
    parser.feed(stream);
    parser.onSilence();

    // THEN the fake frame fails its CRC (or runs out at the silence), the POLL comes out
    assertThat(recorder.frames).containsExactly(parseWhole(poll).frames.get(0));
    assertThat(recorder.errors).isNotEmpty();
    assertThat(parser.state()).isEqualTo(BusFrameParser.State.HUNTING);
  }

  /**
   * Verifies that one quiet line clears every incomplete frame: two fake headers, each claiming
   * more bytes than the line brought, must not hold back the good frame behind them.
   */
  @Test
  void silence_dropsEveryIncompleteFrame() {
    // GIVEN two fake headers claiming 768 bytes each, then a good frame, then silence
    byte[] poll = bus("BUS_POLL");
    byte[] stream = concat(Vectors.hex("a501000300" + "a502000300"), poll);
    BusRecorder recorder = new BusRecorder();
    BusFrameParser parser = BusRecorder.parser(recorder);

    // WHEN
    parser.feed(stream);
    parser.onSilence();

    // THEN
    assertThat(recorder.frames).containsExactly(parseWhole(poll).frames.get(0));
    assertThat(recorder.errors)
        .extracting(ProtocolException::problem)
        .containsOnly(Problem.TRUNCATED);
    assertThat(parser.state()).isEqualTo(BusFrameParser.State.HUNTING);
  }

  /** Verifies that BusFrame refuses what the wire cannot carry, naming the field. */
  @Test
  void busFrame_refusesInvalidFields() {
    assertThat(error(() -> BusFrame.poll(248)))
        .hasMessage("Invalid 'bus address': 248 is outside 0..247");
    assertThat(error(() -> new BusFrame(-1, BusFrame.Control.POLL, new byte[0])).field())
        .isEqualTo("bus address");
    assertThat(error(() -> new BusFrame(1, BusFrame.Control.NOTHING, new byte[1])))
        .hasMessage("Invalid 'length': NOTHING carries no message");
    ProtocolException tooLong = error(() -> BusFrame.reply(1, new byte[BusFrame.MAX_MESSAGE + 1]));
    assertThat(tooLong.problem()).isEqualTo(Problem.TOO_LONG);
    assertThat(tooLong).hasMessage("Invalid 'length': 1125 bytes, at most 1124");
  }

  /** Verifies that the control codes' high bit marks the unit speaking. */
  @Test
  void control_highBitMeansTheUnitSpeaks() {
    for (BusFrame.Control control : BusFrame.Control.values()) {
      boolean fromUnit = control == BusFrame.Control.REPLY || control == BusFrame.Control.NOTHING;
      assertThat((control.code & 0x80) != 0).as(control.name()).isEqualTo(fromUnit);
    }
  }

  private static ProtocolException error(Runnable action) {
    try {
      action.run();
    } catch (ProtocolException e) {
      return e;
    }
    throw new AssertionError("no ProtocolException");
  }

  static BusRecorder parseWhole(byte[] bytes) {
    BusRecorder recorder = new BusRecorder();
    new BusFrameParser(recorder).feed(bytes);
    return recorder;
  }

  private static int crcField(byte[] frame) {
    return ((frame[frame.length - 2] & 0xFF) << 8) | (frame[frame.length - 1] & 0xFF);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static void feedThenSilence(BusFrameParser parser, byte[] bytes) {
    parser.feed(bytes);
    parser.onSilence();
  }
}
