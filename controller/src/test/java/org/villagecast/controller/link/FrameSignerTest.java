package org.villagecast.controller.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.MessageType;
import org.villagecast.protocol.security.Ed25519Keys;
import org.villagecast.protocol.security.HubSigner;
import org.villagecast.protocol.security.KeyRing;
import org.villagecast.protocol.testing.RandomMessages;
import org.villagecast.protocol.testing.SeededRuns;
import org.villagecast.protocol.testing.TestKeys;

/**
 * The BouncyCastle signer against firmware-protocol's JDK signer: the same bytes for every frame,
 * signatures the terminals' {@link KeyRing} accepts, and a rough speed comparison.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FrameSignerTest {

  /**
   * Verifies that FrameSigner produces exactly the bytes of HubSigner.encodeSigned for random
   * frames of every hub-to-terminal type, with random keys and key ids.
   */
  @Test
  void encodeSigned_byteIdenticalToHubSigner() {
    SeededRuns.repeat(
        20_260_301L,
        300,
        random -> {
          // GIVEN a random key, key id and hub-to-terminal frame
          KeyPair pair = Ed25519Keys.generate();
          int keyId = random.nextInt(0x10000);
          Frame frame = new RandomMessages(random).frame(hubToTerminalType(random));

          // WHEN both sign it
          byte[] bouncy = new FrameSigner(keyId, pair.getPrivate()).encodeSigned(frame);
          byte[] jdk = new HubSigner(keyId, pair.getPrivate()).encodeSigned(frame);

          // THEN the bytes are the same, and they decode to the frame with the signature
          assertThat(bouncy).isEqualTo(jdk);
          Frame decoded = FrameCodec.decode(bouncy);
          assertThat(decoded.signature().keyId()).isEqualTo(keyId);
          assertThat(decoded.withSignature(null)).isEqualTo(frame.withSignature(null));
        });
  }

  /**
   * Verifies that a signature from FrameSigner verifies with the JDK-based KeyRing, and that a
   * changed byte or a different key does not.
   */
  @Test
  void signature_verifiesWithKeyRing() {
    // GIVEN a terminal's key ring trusting the RFC 8032 TEST 1 key, and a signer with that key
    FrameSigner signer = new FrameSigner(TestKeys.KEY_ID, TestKeys.TEST1_SEED);
    KeyRing ring = TestKeys.keyRing();
    Frame frame =
        Frame.of(Address.terminal("44205251052010314010201"), 7, 0, 1_000, new Message.AmpOn())
            .withAckRequested(true);

    // WHEN signing, and tampering with one copy
    byte[] wire = signer.encodeSigned(frame);
    byte[] tampered = wire.clone();
    tampered[20] ^= 0x01; // refers-to
    byte[] otherKey = new FrameSigner(TestKeys.KEY_ID, TestKeys.TEST2_SEED).encodeSigned(frame);

    // THEN
    assertThat(ring.verify(wire, FrameCodec.decode(wire))).isEqualTo(KeyRing.Check.VALID);
    assertThat(ring.verify(tampered, FrameCodec.decode(tampered)))
        .isEqualTo(KeyRing.Check.BAD_SIGNATURE);
    assertThat(ring.verify(otherKey, FrameCodec.decode(otherKey)))
        .isEqualTo(KeyRing.Check.BAD_SIGNATURE);
    assertThat(signer.publicKey()).isEqualTo(TestKeys.TEST1_PUBLIC);
    assertThat(signer.keyId()).isEqualTo(TestKeys.KEY_ID);
  }

  /**
   * Verifies that one FrameSigner shared by several threads signs correctly: every thread's frames
   * are byte-identical to HubSigner's.
   */
  @Test
  void sharedAcrossThreads_signsCorrectly() throws Exception {
    // GIVEN one signer and 4 threads with 200 frames each
    KeyPair pair = Ed25519Keys.generate();
    FrameSigner shared = new FrameSigner(3, pair.getPrivate());
    HubSigner reference = new HubSigner(3, pair.getPrivate());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        long seed = 100 + t;
        Callable<Integer> work =
            () -> {
              RandomMessages random = new RandomMessages(new Random(seed));
              int same = 0;
              for (int i = 0; i < 200; i++) {
                Frame frame = random.frame(MessageType.PLAY);
                // WHEN they sign at the same time
                if (java.util.Arrays.equals(
                    shared.encodeSigned(frame), reference.encodeSigned(frame))) {
                  same++;
                }
              }
              return same;
            };
        results.add(pool.submit(work));
      }

      // THEN every signature is right
      for (Future<Integer> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Verifies that keys of the wrong size and key ids outside u16 are refused. */
  @Test
  void badKeyOrKeyId_refused() {
    assertThatThrownBy(() -> new FrameSigner(1, new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> new FrameSigner(0x10000, TestKeys.TEST1_SEED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0..65535");
  }

  /**
   * Measures (roughly, one warmed loop; docs/performance.md has the JMH figures) signatures per
   * second of FrameSigner and HubSigner on a PLAY frame, and verifies that BouncyCastle is faster.
   */
  @Test
  void speed_bouncyCastleFasterThanJdk() {
    // GIVEN both signers and a PLAY frame
    KeyPair pair = Ed25519Keys.generate();
    FrameSigner bouncy = new FrameSigner(1, pair.getPrivate());
    HubSigner jdk = new HubSigner(1, pair.getPrivate());
    Frame frame = new RandomMessages(new Random(5)).frame(MessageType.PLAY);

    // WHEN each signs for about a second after a warm-up
    double bouncyRate = rate(() -> bouncy.encodeSigned(frame));
    double jdkRate = rate(() -> jdk.encodeSigned(frame));
    System.out.printf(
        "signatures per second, one thread: FrameSigner (BouncyCastle) %.0f, HubSigner (JDK) %.0f,"
            + " ratio %.1f%n",
        bouncyRate, jdkRate, bouncyRate / jdkRate);

    // THEN
    assertThat(bouncyRate).isGreaterThan(jdkRate);
  }

  private static double rate(Runnable sign) {
    long warmUpEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
    while (System.nanoTime() < warmUpEnd) {
      sign.run();
    }
    long begin = System.nanoTime();
    long end = begin + TimeUnit.SECONDS.toNanos(1);
    long count = 0;
    while (System.nanoTime() < end) {
      sign.run();
      count++;
    }
    return count * 1e9 / (System.nanoTime() - begin);
  }

  private static MessageType hubToTerminalType(Random random) {
    MessageType[] types =
        java.util.Arrays.stream(MessageType.values())
            .filter(t -> t.direction == MessageType.Direction.TO_TERMINAL)
            .toArray(MessageType[]::new);
    return types[random.nextInt(types.length)];
  }
}
