package org.villagecast.protocol.security;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.villagecast.protocol.codec.Frame;

/**
 * The hub keys a terminal trusts, by key id. A terminal holds at most {@link #CAPACITY} keys so
 * that a rotation can overlap the old key and the new one.
 */
public final class KeyRing {
  public static final int CAPACITY = 4;

  /** The outcome of checking a frame's signature. */
  public enum Check {
    VALID,
    UNSIGNED,
    UNKNOWN_KEY,
    BAD_SIGNATURE
  }

  private final Map<Integer, PublicKey> keys = new ConcurrentHashMap<>();
  private final ThreadLocal<Signature> engine = ThreadLocal.withInitial(KeyRing::newEngine);

  /** Trusts a key; false when the ring is full and the id is new. */
  public boolean add(int keyId, PublicKey key) {
    if (!keys.containsKey(keyId) && keys.size() >= CAPACITY) {
      return false;
    }
    keys.put(keyId, key);
    return true;
  }

  public void revoke(int keyId) {
    keys.remove(keyId);
  }

  public boolean trusts(int keyId) {
    return keys.containsKey(keyId);
  }

  public int size() {
    return keys.size();
  }

  /**
   * Checks the signature of a decoded frame against its own wire bytes: everything but the last 64
   * bytes is signed.
   */
  public Check verify(byte[] wire, Frame frame) {
    if (!frame.signed()) {
      return Check.UNSIGNED;
    }
    PublicKey key = keys.get(frame.signature().keyId());
    if (key == null) {
      return Check.UNKNOWN_KEY;
    }
    try {
      Signature engine = this.engine.get();
      engine.initVerify(key);
      engine.update(wire, 0, wire.length - Frame.Signature.VALUE_SIZE);
      return engine.verify(
              wire, wire.length - Frame.Signature.VALUE_SIZE, Frame.Signature.VALUE_SIZE)
          ? Check.VALID
          : Check.BAD_SIGNATURE;
    } catch (GeneralSecurityException e) {
      return Check.BAD_SIGNATURE;
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
