package org.villagecast.controller.link;

import java.security.PrivateKey;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.security.Ed25519Keys;
import org.villagecast.protocol.security.HubSigner;

/**
 * Signs hub frames with the hub's Ed25519 key, using BouncyCastle: the bytes are exactly those of
 * firmware-protocol's {@link HubSigner#encodeSigned} (same {@link FrameCodec#encodeForSigning}
 * layout, and Ed25519 is deterministic), at many times the JDK's speed (docs/performance.md).
 *
 * <p>Thread-safe without per-thread state: BouncyCastle's private key signs in one stateless call
 * (what its {@code Ed25519Signer} does after buffering the message), here straight over the wire
 * bytes, so nothing is copied.
 */
public final class FrameSigner {
  private final int keyId;
  private final Ed25519PrivateKeyParameters key;

  /** A signer for a JDK Ed25519 private key (as {@link Ed25519Keys} makes and reads them). */
  public FrameSigner(int keyId, PrivateKey key) {
    this(keyId, Ed25519Keys.rawPrivate(Objects.requireNonNull(key, "key")));
  }

  /** A signer for a raw 32-byte Ed25519 private key (RFC 8032 seed). */
  public FrameSigner(int keyId, byte[] seed) {
    if (keyId < 0 || keyId > 0xFFFF) {
      throw new IllegalArgumentException("key id " + keyId + " is outside 0..65535");
    }
    if (seed.length != Ed25519Keys.RAW_SIZE) {
      throw new IllegalArgumentException("an Ed25519 private key has 32 bytes, not " + seed.length);
    }
    this.keyId = keyId;
    this.key = new Ed25519PrivateKeyParameters(seed, 0);
    // Derives and caches the public key now, not under the first signatures' lock.
    this.key.generatePublicKey();
  }

  /** The key id that terminals know this key by; it goes into every signature trailer. */
  public int keyId() {
    return keyId;
  }

  /** The raw 32-byte public key (RFC 8032 encoding), what terminals trust. */
  public byte[] publicKey() {
    return key.generatePublicKey().getEncoded();
  }

  /**
   * The frame's wire bytes with the SIGNED flag, this key id and the signature; a signature the
   * frame already carries is replaced.
   *
   * @throws org.villagecast.protocol.codec.ProtocolException if the body is too long
   */
  public byte[] encodeSigned(Frame frame) {
    byte[] wire = FrameCodec.encodeForSigning(frame, keyId);
    int signedLength = wire.length - Frame.Signature.VALUE_SIZE;
    key.sign(Ed25519.Algorithm.Ed25519, null, wire, 0, signedLength, wire, signedLength);
    return wire;
  }

  @Override
  public String toString() {
    return "FrameSigner[keyId=" + keyId + "]";
  }
}
