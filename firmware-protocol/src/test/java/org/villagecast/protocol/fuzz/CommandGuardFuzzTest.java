package org.villagecast.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.MessageType;
import org.villagecast.protocol.codec.NackReason;
import org.villagecast.protocol.codec.ProtocolException;
import org.villagecast.protocol.security.CommandGuard;
import org.villagecast.protocol.security.KeyRing;
import org.villagecast.protocol.testing.MutableClock;

/**
 * Fuzzes a terminal's acceptance path: decode, {@link KeyRing#verify}, {@link CommandGuard#check}.
 *
 * <p>Input: 8 bytes of clock offset (signed, µs: the terminal's hub time minus the frame's
 * timestamp), 2 bytes choosing one bit to flip, then the frame's wire bytes. For a frame that
 * decodes:
 *
 * <ol>
 *   <li>its own bytes, with whatever signature they carry, are verified and checked: this must
 *       answer, never throw;
 *   <li>the frame is re-signed with the trusted key, so the fuzzer also reaches the window and
 *       replay checks: an accepted frame was inside the window, and the same bytes are refused as a
 *       duplicate the second time;
 *   <li>one bit of the signed bytes is flipped: if that still decodes it must not verify.
 * </ol>
 */
class CommandGuardFuzzTest {
  private static final long WINDOW = CommandGuard.DEFAULT_WINDOW.toNanos() / 1000;

  // Times a terminal can meet (before year 148,000): outside them only safety is checked.
  private static final long REALISTIC = 1L << 62;

  private final KeyRing ring = new KeyRing();

  CommandGuardFuzzTest() {
    ring.add(SampleFrames.KEY_ID, SampleFrames.publicKey());
  }

  @FuzzTest
  void check(byte[] input) {
    if (input.length < 10) {
      return;
    }
    ByteBuffer header = ByteBuffer.wrap(input);
    long offset = header.getLong();
    int flip = header.getShort() & 0xFFFF;
    byte[] wire = Arrays.copyOfRange(input, 10, input.length);
    Frame frame;
    try {
      frame = FrameCodec.decode(wire);
    } catch (ProtocolException e) {
      return;
    }

    // 1. The bytes as they came: every check answers; the guard agrees with the key ring.
    KeyRing.Check asReceived = ring.verify(wire, frame);
    CommandGuard.Verdict verdict = guard(frame.timestamp() + offset).check(wire, frame);
    if (asReceived != KeyRing.Check.VALID) {
      assertThat(verdict.reason()).isEqualTo(reasonFor(asReceived));
    }

    // 2. Re-signed by the trusted key: the window and the replay cache decide.
    byte[] signed = SampleFrames.signer().encodeSigned(frame.withSignature(null));
    Frame signedFrame = FrameCodec.decode(signed);
    assertThat(ring.verify(signed, signedFrame)).isEqualTo(KeyRing.Check.VALID);
    long now = frame.timestamp() + offset;
    CommandGuard guard = guard(now);
    CommandGuard.Verdict first = guard.check(signed, signedFrame);
    CommandGuard.Verdict second = guard.check(signed, signedFrame);
    boolean timeSync = frame.type() == MessageType.TIME_SYNC_RESPONSE;
    boolean inWindow = insideWindow(frame.timestamp(), offset);
    if (first.accepted() && !timeSync) {
      assertThat(inWindow)
          .as("accepted timestamp %d at hub time %d", frame.timestamp(), now)
          .isTrue();
      assertThat(second.reason()).isEqualTo(NackReason.DUPLICATE);
    }
    if (!first.accepted()) {
      assertThat(second).isEqualTo(first);
    }
    boolean realistic = realistic(frame.timestamp()) && realistic(now);
    if (realistic && (inWindow || timeSync)) {
      assertThat(first.accepted()).as("verdict %s", first).isTrue();
    }

    // 3. One flipped bit, anywhere: signed bytes that change never verify.
    byte[] tampered = signed.clone();
    int bit = flip % (tampered.length * 8);
    tampered[bit / 8] ^= (byte) (1 << (bit % 8));
    try {
      Frame tamperedFrame = FrameCodec.decode(tampered);
      assertThat(ring.verify(tampered, tamperedFrame)).isNotEqualTo(KeyRing.Check.VALID);
      assertThat(guard(now).check(tampered, tamperedFrame).accepted()).isFalse();
    } catch (ProtocolException expected) {
      // Most flips break the layout; that is a rejection too.
    }
  }

  /** A guard that synchronised its clock a minute before hub time {@code hubMicros}. */
  private CommandGuard guard(long hubMicros) {
    Instant instant =
        Instant.ofEpochSecond(
            Math.floorDiv(hubMicros, 1_000_000L), Math.floorMod(hubMicros, 1_000_000L) * 1000L);
    MutableClock clock = new MutableClock(instant.minusSeconds(60));
    CommandGuard guard = new CommandGuard(ring, clock);
    guard.synchronised();
    clock.set(instant);
    return guard;
  }

  /** Whether hub time {@code timestamp + offset}, computed without wrapping, is in the window. */
  private static boolean insideWindow(long timestamp, long offset) {
    try {
      Math.addExact(timestamp, offset);
    } catch (ArithmeticException e) {
      return false; // the terminal's hub time wrapped: it is nowhere near the timestamp
    }
    return offset >= -WINDOW && offset <= WINDOW;
  }

  private static boolean realistic(long micros) {
    return micros >= 0 && micros < REALISTIC;
  }

  private static NackReason reasonFor(KeyRing.Check check) {
    return switch (check) {
      case UNSIGNED -> NackReason.UNSIGNED;
      case UNKNOWN_KEY -> NackReason.UNKNOWN_KEY;
      case BAD_SIGNATURE -> NackReason.BAD_SIGNATURE;
      case VALID -> null;
    };
  }
}
