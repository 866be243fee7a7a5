package org.villagecast.controller.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Slow, salted password hashes with PBKDF2-HMAC-SHA256 from the JDK, in a self-describing text form
 * {@code pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>} so the iteration count can rise
 * later without breaking stored hashes.
 *
 * <p>One hash takes about 100 ms of CPU on purpose: call it on a worker thread, never on an event
 * loop.
 */
public final class PasswordHasher {
  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256; never fewer. */
  public static final int MIN_ITERATIONS = 210_000;

  /** A stored hash asking for more than this is corrupt or hostile: refuse instead of spinning. */
  static final int MAX_ITERATIONS = 10_000_000;

  static final String PREFIX = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";

  private final int iterations;
  private final SecureRandom random;

  /** Hashes with {@link #MIN_ITERATIONS}. */
  public PasswordHasher() {
    this(MIN_ITERATIONS, new SecureRandom());
  }

  /**
   * @param iterations at least {@link #MIN_ITERATIONS}; more as machines get faster
   */
  public PasswordHasher(int iterations, SecureRandom random) {
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "iterations must be between " + MIN_ITERATIONS + " and " + MAX_ITERATIONS);
    }
    this.iterations = iterations;
    this.random = random;
  }

  /** A new hash of the secret with a fresh random salt. */
  public String hash(String secret) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = derive(secret, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return PREFIX
        + "$"
        + iterations
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(hash);
  }

  /**
   * Whether the secret matches the encoded hash. A malformed encoding never matches. The comparison
   * takes the same time wherever the bytes differ.
   */
  public boolean verify(String secret, String encoded) {
    Encoded parsed = Encoded.parse(encoded);
    if (parsed == null) {
      // Spend the same time as a real check, so a broken row is not told apart by timing.
      derive(secret, new byte[SALT_BYTES], iterations);
      return false;
    }
    byte[] actual = derive(secret, parsed.salt, parsed.iterations);
    return MessageDigest.isEqual(actual, parsed.hash);
  }

  /**
   * Spends the time of one {@link #verify} and returns false: used for an unknown user name, so the
   * answer time does not tell which names exist.
   */
  public boolean verifyNothing(String secret) {
    derive(secret, new byte[SALT_BYTES], iterations);
    return false;
  }

  /** Whether a stored hash is weaker than what this hasher makes now (rehash at next sign-in). */
  public boolean needsRehash(String encoded) {
    Encoded parsed = Encoded.parse(encoded);
    return parsed == null || parsed.iterations < iterations;
  }

  private static byte[] derive(String secret, byte[] salt, int iterations) {
    // NFC, so the same secret typed on two keyboards (composed or decomposed accents) matches.
    char[] chars = Normalizer.normalize(secret, Normalizer.Form.NFC).toCharArray();
    PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BYTES * 8);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is missing from this JDK", e);
    } finally {
      spec.clearPassword();
      Arrays.fill(chars, '\0');
    }
  }

  /** The parts of an encoded hash; null from {@link #parse} when it is malformed. */
  private record Encoded(int iterations, byte[] salt, byte[] hash) {
    static Encoded parse(String encoded) {
      if (encoded == null) {
        return null;
      }
      String[] parts = encoded.split("\\$", -1);
      if (parts.length != 4 || !parts[0].equals(PREFIX)) {
        return null;
      }
      try {
        int iterations = Integer.parseInt(parts[1]);
        byte[] salt = Base64.getDecoder().decode(parts[2].getBytes(StandardCharsets.US_ASCII));
        byte[] hash = Base64.getDecoder().decode(parts[3].getBytes(StandardCharsets.US_ASCII));
        if (iterations < 1
            || iterations > MAX_ITERATIONS
            || salt.length < SALT_BYTES
            || hash.length != HASH_BYTES) {
          return null;
        }
        return new Encoded(iterations, salt, hash);
      } catch (IllegalArgumentException malformed) {
        return null;
      }
    }
  }
}
