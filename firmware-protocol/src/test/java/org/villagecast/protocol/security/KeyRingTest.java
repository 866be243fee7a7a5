package org.villagecast.protocol.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.PublicKey;
import org.junit.jupiter.api.Test;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.KeyOperation;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.testing.GoldenFrames;
import org.villagecast.protocol.testing.TestKeys;
import org.villagecast.protocol.testing.Vectors;

/** Trusted hub keys: capacity, rotation through KEY_UPDATE, and signature checks. */
class KeyRingTest {

  private static Frame command(long messageId) {
    return Frame.of(
        GoldenFrames.TERMINAL, messageId, 0, GoldenFrames.T0, new Message.SetVolume(10));
  }

  /** What a terminal does with an accepted KEY_UPDATE. */
  private static boolean apply(KeyRing ring, Message.KeyUpdate update) {
    if (update.operation() == KeyOperation.ADD) {
      return ring.add(update.keyId(), Ed25519Keys.publicFromRaw(update.publicKey()));
    }
    ring.revoke(update.keyId());
    return true;
  }

  /**
   * Verifies that a ring holds at most four keys, so a rotation can overlap two keys with room to
   * spare; a full ring refuses a new id but still replaces the key of an id it holds.
   */
  @Test
  void add_capacityFour() {
    KeyRing ring = new KeyRing();
    PublicKey key = Ed25519Keys.publicFromRaw(TestKeys.TEST1_PUBLIC);
    for (int id = 1; id <= KeyRing.CAPACITY; id++) {
      assertThat(ring.add(id, key)).isTrue();
    }

    assertThat(ring.add(99, key)).isFalse();
    assertThat(ring.trusts(99)).isFalse();
    assertThat(ring.add(2, Ed25519Keys.publicFromRaw(TestKeys.TEST2_PUBLIC))).isTrue();
    assertThat(ring.size()).isEqualTo(4);

    ring.revoke(1);
    assertThat(ring.trusts(1)).isFalse();
    assertThat(ring.add(99, key)).isTrue();
    assertThat(ring.size()).isEqualTo(4);
  }

  /**
   * Verifies a key rotation with the golden KEY_UPDATE_ADD (key id 3, the RFC 8032 test 2 public
   * key): frames signed by the new key verify only after it is added, and no longer after a REVOKE
   * of id 3.
   */
  @Test
  void keyUpdate_addThenRevoke() {
    // GIVEN a terminal trusting only the test key, and a frame signed by the new key under id 3
    KeyRing ring = TestKeys.keyRing();
    HubSigner newKey = new HubSigner(3, Ed25519Keys.privateFromRaw(TestKeys.TEST2_SEED));
    byte[] signedByNewKey = newKey.encodeSigned(command(1));
    Frame frame = FrameCodec.decode(signedByNewKey);
    assertThat(ring.verify(signedByNewKey, frame)).isEqualTo(KeyRing.Check.UNKNOWN_KEY);

    // WHEN the terminal accepts the golden KEY_UPDATE_ADD, signed by the key it trusts
    byte[] addWire = Vectors.byName(Vectors.FRAMES).get("KEY_UPDATE_ADD").bytes();
    Frame add = FrameCodec.decode(addWire);
    assertThat(ring.verify(addWire, add)).isEqualTo(KeyRing.Check.VALID);
    assertThat(apply(ring, (Message.KeyUpdate) add.message())).isTrue();

    // THEN
    assertThat(ring.trusts(3)).isTrue();
    assertThat(ring.verify(signedByNewKey, frame)).isEqualTo(KeyRing.Check.VALID);

    // WHEN the new key revokes itself
    Frame revoke =
        Frame.of(
            GoldenFrames.TERMINAL,
            2,
            0,
            GoldenFrames.T0,
            new Message.KeyUpdate(KeyOperation.REVOKE, 3, new byte[32]));
    byte[] revokeWire = newKey.encodeSigned(revoke);
    assertThat(ring.verify(revokeWire, FrameCodec.decode(revokeWire)))
        .isEqualTo(KeyRing.Check.VALID);
    apply(ring, (Message.KeyUpdate) FrameCodec.decode(revokeWire).message());

    // THEN
    assertThat(ring.trusts(3)).isFalse();
    assertThat(ring.verify(signedByNewKey, frame)).isEqualTo(KeyRing.Check.UNKNOWN_KEY);
    assertThat(ring.size()).isEqualTo(1);
  }

  /** Verifies that a full ring refuses a KEY_UPDATE ADD of a fifth key id. */
  @Test
  void keyUpdate_addToAFullRing() {
    KeyRing ring = TestKeys.keyRing();
    for (int id = 10; id < 13; id++) {
      ring.add(id, Ed25519Keys.publicFromRaw(TestKeys.TEST2_PUBLIC));
    }

    boolean added = apply(ring, new Message.KeyUpdate(KeyOperation.ADD, 3, TestKeys.TEST2_PUBLIC));

    assertThat(added).isFalse();
    assertThat(ring.trusts(3)).isFalse();
  }

  /** Verifies the check order: unsigned before unknown key before a bad signature. */
  @Test
  void verify_outcomes() {
    KeyRing ring = TestKeys.keyRing();
    byte[] unsigned = FrameCodec.encode(command(1));
    byte[] signed = TestKeys.signer().encodeSigned(command(1));
    byte[] otherId = new HubSigner(7, TestKeys.test1Private()).encodeSigned(command(1));
    byte[] tampered = signed.clone();
    tampered[Frame.HEADER_SIZE] = 11; // the volume: 10 became 11

    assertThat(ring.verify(unsigned, FrameCodec.decode(unsigned)))
        .isEqualTo(KeyRing.Check.UNSIGNED);
    assertThat(ring.verify(signed, FrameCodec.decode(signed))).isEqualTo(KeyRing.Check.VALID);
    assertThat(ring.verify(otherId, FrameCodec.decode(otherId)))
        .isEqualTo(KeyRing.Check.UNKNOWN_KEY);
    assertThat(ring.verify(tampered, FrameCodec.decode(tampered)))
        .isEqualTo(KeyRing.Check.BAD_SIGNATURE);
  }
}
