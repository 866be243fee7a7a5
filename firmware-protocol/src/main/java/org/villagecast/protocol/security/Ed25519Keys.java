package org.villagecast.protocol.security;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Converts Ed25519 keys between the JDK's encodings and the raw 32-byte form that terminals store
 * and KEY_UPDATE carries (RFC 8032 public key; RFC 8410 DER prefixes).
 */
public final class Ed25519Keys {
  private Ed25519Keys() {}

  public static final int RAW_SIZE = 32;

  private static final byte[] X509_PREFIX = hex("302a300506032b6570032100");
  private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");

  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519 (Java 15 or later needed)", e);
    }
  }

  public static byte[] rawPublic(PublicKey key) {
    byte[] encoded = key.getEncoded();
    return Arrays.copyOfRange(encoded, encoded.length - RAW_SIZE, encoded.length);
  }

  public static PublicKey publicFromRaw(byte[] raw) {
    return (PublicKey) decode(raw, X509_PREFIX, true);
  }

  public static byte[] rawPrivate(PrivateKey key) {
    byte[] encoded = key.getEncoded();
    return Arrays.copyOfRange(encoded, encoded.length - RAW_SIZE, encoded.length);
  }

  public static PrivateKey privateFromRaw(byte[] seed) {
    return (PrivateKey) decode(seed, PKCS8_PREFIX, false);
  }

  private static java.security.Key decode(byte[] raw, byte[] prefix, boolean isPublic) {
    if (raw.length != RAW_SIZE) {
      throw new IllegalArgumentException("an Ed25519 key has 32 bytes, not " + raw.length);
    }
    byte[] der = Arrays.copyOf(prefix, prefix.length + RAW_SIZE);
    System.arraycopy(raw, 0, der, prefix.length, RAW_SIZE);
    try {
      KeyFactory factory = KeyFactory.getInstance("Ed25519");
      return isPublic
          ? factory.generatePublic(new X509EncodedKeySpec(der))
          : factory.generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a valid Ed25519 key: " + e.getMessage(), e);
    }
  }

  private static byte[] hex(String text) {
    byte[] out = new byte[text.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }
}
