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

  /**
   * Checks one Ed25519 signature: {@code wire[0, signedLength)} signed, the 64 bytes after it the
   * signature. Pluggable because the JDK's Ed25519 manages about a thousand checks a second per
   * core: a simulator running thousands of terminals in one JVM shares the results of identical
   * checks instead of repeating them.
   */
  @FunctionalInterface
  public interface Verifier {
    boolean verify(PublicKey key, byte[] wire, int signedLength);
  }

  /** The JDK's Ed25519. */
  public static final Verifier JDK_VERIFIER = KeyRing::jdkVerify;

  /** One engine per thread, shared by every ring: a JVM may hold thousands of rings. */
  private static final ThreadLocal<Signature> ENGINE = ThreadLocal.withInitial(KeyRing::newEngine);

  private final Map<Integer, PublicKey> keys = new ConcurrentHashMap<>();
  private final Verifier verifier;

  public KeyRing() {
    this(JDK_VERIFIER);
  }

  public KeyRing(Verifier verifier) {
    this.verifier = verifier;
  }

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
    return verifier.verify(key, wire, wire.length - Frame.Signature.VALUE_SIZE)
        ? Check.VALID
        : Check.BAD_SIGNATURE;
  }

  private static boolean jdkVerify(PublicKey key, byte[] wire, int signedLength) {
    try {
      Signature engine = ENGINE.get();
      engine.initVerify(key);
      engine.update(wire, 0, signedLength);
      return engine.verify(wire, signedLength, Frame.Signature.VALUE_SIZE);
    } catch (GeneralSecurityException e) {
      return false;
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
