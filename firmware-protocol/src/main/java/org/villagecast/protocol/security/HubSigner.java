package org.villagecast.protocol.security;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;

/**
 * Signs hub frames with one Ed25519 key under a key id. Thread-safe: each thread keeps its own JDK
 * signature engine.
 */
public final class HubSigner {
  private final int keyId;
  private final PrivateKey key;
  private final ThreadLocal<Signature> engine;

  public HubSigner(int keyId, PrivateKey key) {
    this.keyId = keyId;
    this.key = key;
    this.engine = ThreadLocal.withInitial(HubSigner::newEngine);
  }

  public int keyId() {
    return keyId;
  }

  /** The frame's wire bytes, with the SIGNED flag, this key id and the signature. */
  public byte[] encodeSigned(Frame frame) {
    byte[] wire = FrameCodec.encodeForSigning(frame, keyId);
    int signedLength = wire.length - Frame.Signature.VALUE_SIZE;
    try {
      Signature signature = engine.get();
      signature.initSign(key);
      signature.update(wire, 0, signedLength);
      int written = signature.sign(wire, signedLength, Frame.Signature.VALUE_SIZE);
      assert written == Frame.Signature.VALUE_SIZE;
      return wire;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing failed with key id " + keyId, e);
    }
  }

  private static Signature newEngine() {
    try {
      return Signature.getInstance("Ed25519");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }
}
