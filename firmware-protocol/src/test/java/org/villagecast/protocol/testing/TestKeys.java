package org.villagecast.protocol.testing;

import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import org.villagecast.protocol.security.Ed25519Keys;
import org.villagecast.protocol.security.HubSigner;
import org.villagecast.protocol.security.KeyRing;

/**
 * Published Ed25519 test keys (RFC 8032 section 7.1): they sign test frames only. TEST 1 signs the
 * golden vectors under {@link #KEY_ID}.
 */
public final class TestKeys {
  private TestKeys() {}

  /** The key id under which the golden vectors are signed (two different bytes on purpose). */
  public static final int KEY_ID = 0x0102;

  /** RFC 8032 TEST 1 secret key (seed). */
  public static final byte[] TEST1_SEED =
      Vectors.hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

  /** RFC 8032 TEST 1 public key. */
  public static final byte[] TEST1_PUBLIC =
      Vectors.hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

  /** RFC 8032 TEST 1 signature of the empty message. */
  public static final byte[] TEST1_EMPTY_SIGNATURE =
      Vectors.hex(
          "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

  /** RFC 8032 TEST 2 secret key (seed). */
  public static final byte[] TEST2_SEED =
      Vectors.hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");

  /** RFC 8032 TEST 2 public key. */
  public static final byte[] TEST2_PUBLIC =
      Vectors.hex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");

  public static PrivateKey test1Private() {
    return Ed25519Keys.privateFromRaw(TEST1_SEED);
  }

  /** The signer of the golden vectors. */
  public static HubSigner signer() {
    return new HubSigner(KEY_ID, test1Private());
  }

  /** A key ring that trusts the golden vectors' key, and nothing else. */
  public static KeyRing keyRing() {
    KeyRing ring = new KeyRing();
    ring.add(KEY_ID, Ed25519Keys.publicFromRaw(TEST1_PUBLIC));
    return ring;
  }

  /**
   * The key pair the JDK generates from a given seed: its generator draws the 32-byte seed from the
   * random source, so a source that hands out this seed yields the RFC key pair.
   */
  public static KeyPair pairFromSeed(byte[] seed) {
    SecureRandom fixed =
        new SecureRandom() {
          private static final long serialVersionUID = 1L;

          @Override
          public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
              throw new IllegalStateException("asked for " + bytes.length + " random bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
          }
        };
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(NamedParameterSpec.ED25519, fixed);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
      throw new IllegalStateException(e);
    }
  }
}
