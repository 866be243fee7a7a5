package org.villagecast.controller.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PBKDF2 password hashes: format, verification, refusals. Each hash takes about 0.1 s. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PasswordHasherTest {
  private static final String SECRET = "correct horse battery";
  private static final PasswordHasher HASHER = new PasswordHasher();
  private static String stored;

  @BeforeAll
  static void hashOnce() {
    stored = HASHER.hash(SECRET);
  }

  /**
   * Verifies that a hash names its algorithm and iterations and holds a 16-byte salt and 32-byte
   * hash.
   */
  @Test
  void hash_format_selfDescribing() {
    // GIVEN the hash made once for all tests
    // WHEN it is split at '$'
    String[] parts = stored.split("\\$");

    // THEN algorithm, iterations, salt and hash are there, in base64 of the right lengths
    assertThat(parts).hasSize(4);
    assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
    assertThat(Integer.parseInt(parts[1])).isEqualTo(210_000);
    assertThat(Base64.getDecoder().decode(parts[2])).hasSize(16);
    assertThat(Base64.getDecoder().decode(parts[3])).hasSize(32);
    assertThat(stored).doesNotContain(SECRET);
  }

  /**
   * Verifies that the hash is PBKDF2-HMAC-SHA256 over the secret and salt, as the JDK computes it.
   */
  @Test
  void hash_matchesJdkPbkdf2() throws Exception {
    // GIVEN the salt of the stored hash
    String[] parts = stored.split("\\$");
    byte[] salt = Base64.getDecoder().decode(parts[2]);

    // WHEN PBKDF2WithHmacSHA256 is computed independently with the same parameters
    byte[] expected =
        SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(new PBEKeySpec(SECRET.toCharArray(), salt, 210_000, 256))
            .getEncoded();

    // THEN it is the stored hash
    assertThat(Base64.getDecoder().decode(parts[3])).isEqualTo(expected);
  }

  /** Verifies that the right secret matches and a secret differing in one character does not. */
  @Test
  void verify_rightAndWrongSecret() {
    // GIVEN the stored hash
    // WHEN the right and an almost-right secret are checked
    // THEN only the right one matches
    assertThat(HASHER.verify(SECRET, stored)).isTrue();
    assertThat(HASHER.verify("correct horse battere", stored)).isFalse();
    assertThat(HASHER.verify("", stored)).isFalse();
  }

  /** Verifies that the same secret hashed twice gives different hashes (random salt). */
  @Test
  void hash_sameSecretTwice_differentSalts() {
    // GIVEN a second hash of the same secret
    String again = HASHER.hash(SECRET);

    // THEN it differs from the first, and both verify
    assertThat(again).isNotEqualTo(stored);
    assertThat(again.split("\\$")[2]).isNotEqualTo(stored.split("\\$")[2]);
    assertThat(HASHER.verify(SECRET, again)).isTrue();
  }

  /** Verifies that malformed or tampered encodings never match, and do not throw. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "plain-text-secret",
        "pbkdf2-sha1$210000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "pbkdf2-sha256$x$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "pbkdf2-sha256$999999999$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "pbkdf2-sha256$210000$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "pbkdf2-sha256$210000$AAAAAAAAAAAAAAAAAAAAAA$AAAA",
        "pbkdf2-sha256$210000$!!!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "pbkdf2-sha256$210000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$extra"
      })
  void verify_malformedEncoding_false(String encoded) {
    // GIVEN a malformed stored value
    // WHEN a secret is checked against it
    // THEN it does not match, and the hasher asks for a rehash
    assertThat(HASHER.verify(SECRET, encoded)).isFalse();
    assertThat(HASHER.needsRehash(encoded)).isTrue();
  }

  /** Verifies that flipping one character of the stored hash makes the right secret fail. */
  @Test
  void verify_tamperedHash_false() {
    // GIVEN the stored hash with the first character of its hash part changed
    int at = stored.lastIndexOf('$') + 1;
    char flipped = stored.charAt(at) == 'A' ? 'B' : 'A';
    String tampered = stored.substring(0, at) + flipped + stored.substring(at + 1);

    // THEN the right secret no longer matches
    assertThat(HASHER.verify(SECRET, tampered)).isFalse();
  }

  /** Verifies that a secret typed composed or decomposed (é vs e + U+0301) matches either way. */
  @Test
  void verify_unicodeNormalised() {
    // GIVEN a hash of a secret with a composed é
    String composed = "caf\u00e9-au-lait-2025";
    String hash = HASHER.hash(composed);

    // THEN the decomposed spelling matches too
    assertThat(HASHER.verify("cafe\u0301-au-lait-2025", hash)).isTrue();
  }

  /**
   * Verifies that fewer iterations than the minimum are refused, and weaker hashes ask for a
   * rehash.
   */
  @Test
  void iterations_floorAndRehash() {
    // WHEN a hasher with too few iterations is made THEN it is refused
    assertThatThrownBy(() -> new PasswordHasher(209_999, new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("210000");

    // GIVEN a hash with fewer iterations than the hasher uses
    String weaker = stored.replace("$210000$", "$100000$");

    // THEN it needs a rehash, and the current one does not
    assertThat(HASHER.needsRehash(weaker)).isTrue();
    assertThat(HASHER.needsRehash(stored)).isFalse();
  }

  /** Verifies that the stand-in check for unknown users never matches. */
  @Test
  void verifyNothing_false() {
    assertThat(HASHER.verifyNothing(SECRET)).isFalse();
  }
}
