package org.villagecast.protocol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.MessageType;
import org.villagecast.protocol.codec.NackReason;
import org.villagecast.protocol.codec.ProtocolException;
import org.villagecast.protocol.security.CommandGuard.Verdict;
import org.villagecast.protocol.testing.GoldenFrames;
import org.villagecast.protocol.testing.MutableClock;
import org.villagecast.protocol.testing.TestKeys;
import org.villagecast.protocol.testing.Vectors;

/**
 * The terminal's acceptance checks, with a clock the test moves: a terminal rejects a bad
 * signature, an unknown key id, a timestamp outside the window, a replayed message id and an
 * unsigned command; a truncated frame does not even decode.
 */
class CommandGuardTest {
  private static final long T0 = GoldenFrames.T0;
  private static final long SECOND = GoldenFrames.SECOND;

  private MutableClock clock;
  private CommandGuard guard;
  private HubSigner signer;

  /**
   * A terminal whose first time sync completed a minute before T0 (so the replay floor is at T0 −
   * 60 s), now at T0.
   */
  @BeforeEach
  void setUp() {
    signer = TestKeys.signer();
    guard = synchronisedGuard(CommandGuard.DEFAULT_WINDOW, CommandGuard.DEFAULT_REPLAY_CAPACITY);
  }

  private CommandGuard synchronisedGuard(Duration window, int replayCapacity) {
    clock = MutableClock.atMicros(T0 - 60 * SECOND);
    CommandGuard synced = new CommandGuard(TestKeys.keyRing(), clock, window, replayCapacity);
    synced.synchronised();
    clock.advance(Duration.ofSeconds(60));
    return synced;
  }

  private static Frame command(long messageId, long timestamp) {
    return Frame.of(GoldenFrames.TERMINAL, messageId, 0, timestamp, new Message.SetVolume(50));
  }

  private Verdict check(byte[] wire) {
    return guard.check(wire, FrameCodec.decode(wire));
  }

  /** Verifies that a fresh, correctly signed command is accepted. */
  @Test
  void check_validCommand() {
    Verdict verdict = check(signer.encodeSigned(command(1, T0)));

    assertThat(verdict.accepted()).isTrue();
    assertThat(verdict.reason()).isNull();
  }

  /** Verifies that a damaged signature is refused, and does not use up the message id. */
  @Test
  void check_badSignature() {
    // GIVEN a signed command whose last signature byte was changed
    byte[] good = signer.encodeSigned(command(1, T0));
    byte[] forged = good.clone();
    forged[forged.length - 1] ^= 0x01;

    // WHEN
    Verdict verdict = check(forged);

    // THEN
    assertThat(verdict.reason()).isEqualTo(NackReason.BAD_SIGNATURE);
    assertThat(verdict.detail()).isEqualTo("signature does not verify");
    assertThat(verdict.accepted()).isFalse();
    // a forgery must not block the real command with the same message id
    assertThat(check(good).accepted()).isTrue();
  }

  /** Verifies that a command signed by another key under a trusted key id is refused. */
  @Test
  void check_signedByAnUntrustedKeyUnderATrustedId() {
    HubSigner impostor =
        new HubSigner(TestKeys.KEY_ID, Ed25519Keys.privateFromRaw(TestKeys.TEST2_SEED));

    Verdict verdict = check(impostor.encodeSigned(command(1, T0)));

    assertThat(verdict.reason()).isEqualTo(NackReason.BAD_SIGNATURE);
  }

  /** Verifies that a key id the terminal does not trust is refused, naming the id. */
  @Test
  void check_unknownKeyId() {
    HubSigner otherId = new HubSigner(9, TestKeys.test1Private());

    Verdict verdict = check(otherId.encodeSigned(command(1, T0)));

    assertThat(verdict.reason()).isEqualTo(NackReason.UNKNOWN_KEY);
    assertThat(verdict.detail()).isEqualTo("key id 9 is not trusted");
  }

  /** Verifies that an unsigned hub command is refused. */
  @Test
  void check_unsignedCommand() {
    Verdict verdict = check(FrameCodec.encode(command(1, T0)));

    assertThat(verdict.reason()).isEqualTo(NackReason.UNSIGNED);
    assertThat(verdict.detail()).isEqualTo("SET_VOLUME must be signed by the hub");
  }

  /** Verifies that a command 31 s old is stale, and one exactly 30 s old is not. */
  @Test
  void check_timestampInThePast() {
    Verdict old = check(signer.encodeSigned(command(1, T0 - 31 * SECOND)));
    Verdict justInside = check(signer.encodeSigned(command(2, T0 - 30 * SECOND)));
    Verdict justOutside = check(signer.encodeSigned(command(3, T0 - 30 * SECOND - 1)));

    assertThat(old.reason()).isEqualTo(NackReason.STALE);
    assertThat(old.detail()).isEqualTo("timestamp is -31.000 s from hub time, window ±30 s");
    assertThat(justInside.accepted()).isTrue();
    assertThat(justOutside.reason()).isEqualTo(NackReason.STALE);
  }

  /** Verifies that a command 31 s in the future is stale, and one exactly 30 s ahead is not. */
  @Test
  void check_timestampInTheFuture() {
    Verdict ahead = check(signer.encodeSigned(command(1, T0 + 31 * SECOND)));
    Verdict justInside = check(signer.encodeSigned(command(2, T0 + 30 * SECOND)));
    Verdict justOutside = check(signer.encodeSigned(command(3, T0 + 30 * SECOND + 1)));

    assertThat(ahead.reason()).isEqualTo(NackReason.STALE);
    assertThat(ahead.detail()).isEqualTo("timestamp is +31.000 s from hub time, window ±30 s");
    assertThat(justInside.accepted()).isTrue();
    assertThat(justOutside.reason()).isEqualTo(NackReason.STALE);
  }

  /**
   * Verifies that a timestamp half the u64 range away from hub time is stale. Its distance does not
   * fit a signed 64-bit number, the edge where an absolute value overflows.
   */
  @Test
  void check_timestampHalfTheRangeAway() {
    long farAway = T0 + Long.MIN_VALUE; // T0 + 2^63, as an unsigned u64

    Verdict verdict = check(signer.encodeSigned(command(1, farAway)));

    assertThat(verdict.reason()).isEqualTo(NackReason.STALE);
  }

  /** Verifies that the window follows the clock and can be configured. */
  @Test
  void check_windowMovesWithTheClock() {
    // GIVEN a guard with a 5 s window
    guard = synchronisedGuard(Duration.ofSeconds(5), 16);
    byte[] wire = signer.encodeSigned(command(1, T0));

    // WHEN the terminal receives the command 6 s after it was sent
    clock.advance(Duration.ofSeconds(6));
    Verdict verdict = check(wire);

    // THEN
    assertThat(verdict.reason()).isEqualTo(NackReason.STALE);
    assertThat(verdict.detail()).isEqualTo("timestamp is -6.000 s from hub time, window ±5 s");
  }

  /** Verifies that a replayed message id is refused every time, and other ids are not. */
  @Test
  void check_replayedMessageId() {
    byte[] wire = signer.encodeSigned(command(1007, T0));
    assertThat(check(wire).accepted()).isTrue();

    Verdict replay = check(wire);
    Verdict again = check(wire);
    Verdict otherId = check(signer.encodeSigned(command(1008, T0)));

    assertThat(replay.reason()).isEqualTo(NackReason.DUPLICATE);
    assertThat(replay.detail()).isEqualTo("message id 1007 was already executed; not again");
    assertThat(again.reason()).isEqualTo(NackReason.DUPLICATE);
    assertThat(otherId.accepted()).isTrue();
  }

  /**
   * Verifies that a duplicate is not remembered a second time: with room for two ids, refusing a
   * duplicate must not push the first id out of the cache (which would turn DUPLICATE into STALE).
   */
  @Test
  void check_duplicateIsNotRememberedTwice() {
    guard = synchronisedGuard(CommandGuard.DEFAULT_WINDOW, 2);
    byte[] first = signer.encodeSigned(command(1, T0));
    assertThat(check(first).accepted()).isTrue();
    assertThat(check(first).reason()).isEqualTo(NackReason.DUPLICATE);
    assertThat(check(first).reason()).isEqualTo(NackReason.DUPLICATE);

    assertThat(check(signer.encodeSigned(command(2, T0 + 1))).accepted()).isTrue();

    assertThat(check(first).reason()).isEqualTo(NackReason.DUPLICATE);
  }

  /**
   * Verifies the replay cache's floor: once the cache is full, the oldest id is dropped and its
   * timestamp becomes a floor, so replaying the dropped frame inside the window is refused as
   * STALE, and so is any new frame at or below the floor.
   */
  @Test
  void check_evictedIdReplayedIsStale() {
    // GIVEN a cache of three ids and four accepted commands, one second apart
    guard = synchronisedGuard(CommandGuard.DEFAULT_WINDOW, 3);
    byte[][] sent = new byte[4][];
    for (int i = 0; i < 4; i++) {
      sent[i] = signer.encodeSigned(command(100 + i, T0 + i * SECOND));
      assertThat(check(sent[i]).accepted()).isTrue();
    }

    // WHEN the first, evicted command is replayed while still inside the window
    Verdict evicted = check(sent[0]);

    // THEN
    assertThat(evicted.reason()).isEqualTo(NackReason.STALE);
    for (int i = 1; i < 4; i++) {
      assertThat(check(sent[i]).reason()).isEqualTo(NackReason.DUPLICATE);
    }
    assertThat(check(signer.encodeSigned(command(200, T0))).reason()).isEqualTo(NackReason.STALE);
    assertThat(check(signer.encodeSigned(command(201, T0 + 1))).accepted()).isTrue();
  }

  /** Verifies that a replay after the window has passed is stale, long after the cache forgot. */
  @Test
  void check_replayAfterTheWindow() {
    byte[] wire = signer.encodeSigned(command(1, T0));
    assertThat(check(wire).accepted()).isTrue();

    clock.advance(Duration.ofSeconds(31));
    assertThat(check(wire).reason()).isEqualTo(NackReason.STALE);

    // the cache forgets ids older than twice the window once something new is accepted
    clock.advance(Duration.ofHours(1));
    long now = T0 + 3631 * SECOND;
    assertThat(check(signer.encodeSigned(command(2, now))).accepted()).isTrue();
    assertThat(check(wire).reason()).isEqualTo(NackReason.STALE);
  }

  /**
   * Verifies that TIME_SYNC_RESPONSE skips the window (a terminal with a wrong clock must learn the
   * time) but not the signature checks.
   */
  @Test
  void check_timeSyncResponseOutsideTheWindow() {
    // GIVEN a response sent an hour before the terminal's idea of hub time
    Frame response =
        Frame.of(
            GoldenFrames.TERMINAL,
            5,
            77,
            T0 - 3600 * SECOND,
            new Message.TimeSyncResponse(1, 2, 3));
    byte[] wire = signer.encodeSigned(response);
    assertThat(response.type()).isEqualTo(MessageType.TIME_SYNC_RESPONSE);

    // WHEN / THEN
    assertThat(check(wire).accepted()).isTrue();
    byte[] forged = wire.clone();
    forged[forged.length - 10] ^= 0x20;
    assertThat(check(forged).reason()).isEqualTo(NackReason.BAD_SIGNATURE);
    assertThat(check(FrameCodec.encode(response)).reason()).isEqualTo(NackReason.UNSIGNED);
  }

  /**
   * Verifies that a terminal refuses every command until its first time sync, accepts the time sync
   * response meanwhile, and after synchronising refuses frames stamped before that moment (frames
   * captured before a restart cannot be replayed after it).
   */
  @Test
  void check_beforeTheFirstTimeSync() {
    // GIVEN a terminal just started, whose clock estimate is T0
    MutableClock startClock = MutableClock.atMicros(T0);
    CommandGuard started = new CommandGuard(TestKeys.keyRing(), startClock);
    byte[] capturedBefore = signer.encodeSigned(command(1, T0 - 5 * SECOND));
    byte[] response =
        signer.encodeSigned(
            Frame.of(GoldenFrames.TERMINAL, 2, 77, T0, new Message.TimeSyncResponse(1, 2, 3)));

    // WHEN / THEN
    Verdict unsynced = started.check(capturedBefore, FrameCodec.decode(capturedBefore));
    assertThat(unsynced.reason()).isEqualTo(NackReason.STALE);
    assertThat(unsynced.detail())
        .isEqualTo("clock not synchronised since start; waiting for TIME_SYNC_RESPONSE");
    assertThat(started.isSynchronised()).isFalse();
    assertThat(started.check(response, FrameCodec.decode(response)).accepted()).isTrue();

    started.synchronised();
    startClock.advance(Duration.ofSeconds(1));
    Verdict replayed = started.check(capturedBefore, FrameCodec.decode(capturedBefore));
    byte[] fresh = signer.encodeSigned(command(3, T0 + SECOND));
    assertThat(started.isSynchronised()).isTrue();
    assertThat(replayed.reason()).isEqualTo(NackReason.STALE);
    assertThat(replayed.detail()).isEqualTo("timestamp is at or below the replay floor");
    assertThat(started.check(fresh, FrameCodec.decode(fresh)).accepted()).isTrue();
  }

  /**
   * Verifies that a repeat of a frame the terminal refused after the security checks gets the same
   * refusal again, not DUPLICATE (which the hub would count as success).
   */
  @Test
  void check_repeatOfARefusedFrameGetsTheSameAnswer() {
    byte[] wire = signer.encodeSigned(command(9, T0));
    Frame frame = FrameCodec.decode(wire);
    assertThat(guard.check(wire, frame).accepted()).isTrue();
    guard.refused(frame, NackReason.QUIET_HOURS);

    Verdict repeat = guard.check(wire, frame);

    assertThat(repeat.reason()).isEqualTo(NackReason.QUIET_HOURS);
    assertThat(repeat.detail()).isEqualTo("repeat of the first answer to message id 9");
  }

  /** Verifies that every truncation of a signed command fails to decode as TRUNCATED. */
  @Test
  void truncatedFrame_doesNotDecode() {
    byte[] wire = signer.encodeSigned(command(1, T0));
    for (int length = 0; length < wire.length; length++) {
      byte[] cut = Arrays.copyOf(wire, length);
      assertThatThrownBy(() -> FrameCodec.decode(cut))
          .as("%d bytes", length)
          .isInstanceOfSatisfying(
              ProtocolException.class,
              e -> assertThat(e.problem()).isEqualTo(ProtocolException.Problem.TRUNCATED));
    }
  }

  /**
   * Verifies the golden hub vectors (signed by OpenSSL) through a terminal at T0 + 10 s: all are
   * inside the window and accepted once; a second time every one is a duplicate, except the time
   * sync response, which is not replay-checked.
   */
  @Test
  void check_goldenHubFrames() {
    clock.advance(Duration.ofSeconds(10));
    int hubFrames = 0;
    for (int round = 0; round < 2; round++) {
      for (Vectors.Vector vector : Vectors.read(Vectors.FRAMES)) {
        Frame frame = FrameCodec.decode(vector.bytes());
        if (!frame.type().requiresSignature()) {
          continue;
        }
        Verdict verdict = guard.check(vector.bytes(), frame);
        boolean expectAccepted = round == 0 || frame.type() == MessageType.TIME_SYNC_RESPONSE;
        assertThat(verdict.accepted())
            .as("%s round %d: %s", vector.name(), round, verdict)
            .isEqualTo(expectAccepted);
        if (!expectAccepted) {
          assertThat(verdict.reason()).isEqualTo(NackReason.DUPLICATE);
        }
        hubFrames++;
      }
    }
    assertThat(hubFrames).isGreaterThanOrEqualTo(2 * 12);
  }
}
