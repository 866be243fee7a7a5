package org.villagecast.fieldtools.sim;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.security.KeyRing;

/**
 * Ed25519 results shared by every terminal in one JVM. The JDK verifies about a thousand signatures
 * a second per core, so a command to a county of 10,000 simulated terminals would cost ten seconds
 * of CPU; yet the answer depends only on the key and the signed bytes, which are the same for every
 * terminal. Each terminal still runs every check of its own guard (key known, window, replay): only
 * the arithmetic is shared. Keyed by SHA-256 of key and frame; bounded; thread-safe.
 */
public final class SharedVerifications implements KeyRing.Verifier {
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(SharedVerifications::sha256);

  private final Map<ByteBuffer, Boolean> results;
  private long hits;
  private long misses;

  public SharedVerifications(int capacity) {
    this.results =
        new LinkedHashMap<>(capacity * 2, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Boolean> eldest) {
            return size() > capacity;
          }
        };
  }

  @Override
  public boolean verify(PublicKey key, byte[] wire, int signedLength) {
    MessageDigest digest = SHA256.get();
    digest.update(key.getEncoded());
    digest.update(wire, 0, signedLength + Frame.Signature.VALUE_SIZE);
    ByteBuffer id = ByteBuffer.wrap(digest.digest());
    synchronized (results) {
      Boolean known = results.get(id);
      if (known != null) {
        hits++;
        return known;
      }
      misses++;
    }
    boolean valid = KeyRing.JDK_VERIFIER.verify(key, wire, signedLength);
    synchronized (results) {
      results.put(id, valid);
    }
    return valid;
  }

  /** Checks answered from memory. */
  public long hits() {
    synchronized (results) {
      return hits;
    }
  }

  /** Checks that ran Ed25519. */
  public long misses() {
    synchronized (results) {
      return misses;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }
}
