package org.villagecast.protocol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import org.junit.jupiter.api.Test;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.testing.GoldenFrames;
import org.villagecast.protocol.testing.TestKeys;
import org.villagecast.protocol.testing.Vectors;

/** Raw Ed25519 keys and signing against the published RFC 8032 section 7.1 test vectors. */
class Ed25519KeysTest {

  /** Verifies that the raw forms of the key pair made from TEST 1's seed are TEST 1's keys. */
  @Test
  void rawForms_matchRfc8032Test1() {
    KeyPair pair = TestKeys.pairFromSeed(TestKeys.TEST1_SEED);

    assertThat(Vectors.hex(Ed25519Keys.rawPublic(pair.getPublic())))
        .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    assertThat(Ed25519Keys.rawPrivate(pair.getPrivate())).isEqualTo(TestKeys.TEST1_SEED);
  }

  /** Verifies that a key read back from raw bytes gives the same raw bytes. */
  @Test
  void fromRaw_roundTrips() {
    KeyPair generated = Ed25519Keys.generate();
    byte[] rawPublic = Ed25519Keys.rawPublic(generated.getPublic());
    byte[] rawPrivate = Ed25519Keys.rawPrivate(generated.getPrivate());

    assertThat(Ed25519Keys.rawPublic(Ed25519Keys.publicFromRaw(rawPublic))).isEqualTo(rawPublic);
    assertThat(Ed25519Keys.rawPrivate(Ed25519Keys.privateFromRaw(rawPrivate)))
        .isEqualTo(rawPrivate);
    assertThat(Ed25519Keys.publicFromRaw(rawPublic)).isEqualTo(generated.getPublic());
  }

  /** Verifies RFC 8032 TEST 1: the signature of the empty message, made from the raw seed. */
  @Test
  void privateFromRaw_signsTheEmptyMessageAsRfc8032Test1() throws GeneralSecurityException {
    Signature engine = Signature.getInstance("Ed25519");
    engine.initSign(Ed25519Keys.privateFromRaw(TestKeys.TEST1_SEED));

    assertThat(Vectors.hex(engine.sign()))
        .isEqualTo(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  }

  /** Verifies that the raw TEST 1 public key accepts TEST 1's signature and no other message. */
  @Test
  void publicFromRaw_verifiesRfc8032Test1() throws GeneralSecurityException {
    Signature engine = Signature.getInstance("Ed25519");
    engine.initVerify(Ed25519Keys.publicFromRaw(TestKeys.TEST1_PUBLIC));
    // An explicit empty update: before JDK 21, verify() without any update() returns false
    // for every signature (JDK-8300399). KeyRing always updates with the frame's bytes.
    engine.update(new byte[0]);
    assertThat(engine.verify(TestKeys.TEST1_EMPTY_SIGNATURE)).isTrue();

    engine.initVerify(Ed25519Keys.publicFromRaw(TestKeys.TEST1_PUBLIC));
    engine.update((byte) 0);
    assertThat(engine.verify(TestKeys.TEST1_EMPTY_SIGNATURE)).isFalse();
  }

  /** Verifies that a raw key of the wrong length is refused with the length in the message. */
  @Test
  void fromRaw_wrongLength() {
    assertThatThrownBy(() -> Ed25519Keys.publicFromRaw(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an Ed25519 key has 32 bytes, not 31");
    assertThatThrownBy(() -> Ed25519Keys.privateFromRaw(new byte[33]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an Ed25519 key has 32 bytes, not 33");
  }

  /**
   * Verifies that HubSigner signs exactly the bytes before the signature (header, body, key id)
   * with the plain Ed25519 algorithm: a generic verifier over that prefix accepts it.
   */
  @Test
  void hubSigner_signsEverythingBeforeTheSignature() throws GeneralSecurityException {
    // GIVEN
    Frame frame = Frame.of(GoldenFrames.TERMINAL, 9, 0, GoldenFrames.T0, new Message.SetVolume(40));

    // WHEN
    byte[] wire = new HubSigner(0xBEEF, TestKeys.test1Private()).encodeSigned(frame);

    // THEN
    assertThat(FrameCodec.decode(wire).signature().keyId()).isEqualTo(0xBEEF);
    Signature engine = Signature.getInstance("Ed25519");
    engine.initVerify(Ed25519Keys.publicFromRaw(TestKeys.TEST1_PUBLIC));
    engine.update(wire, 0, wire.length - 64);
    assertThat(engine.verify(wire, wire.length - 64, 64)).isTrue();
  }
}
