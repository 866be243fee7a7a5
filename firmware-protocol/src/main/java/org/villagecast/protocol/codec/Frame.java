package org.villagecast.protocol.codec;

import java.util.Arrays;

/**
 * One protocol frame: the common header, one message, and the hub's signature when signed.
 *
 * <pre>
 *  0        1        2        3        4                                16
 * +--------+--------+--------+--------+-------- 12 bytes ---------------+
 * |version | type   | flags  |addr    | address (BCD or group number)   |
 * |        |        |        |kind    |                                 |
 * +--------+--------+--------+--------+---------------------------------+
 * 16                 20                24                                32      34
 * +-----------------+-----------------+---------------------------------+-------+
 * | message id      | refers-to       | timestamp (µs since Unix epoch) |body   |
 * |                 |                 |                                 |length |
 * +-----------------+-----------------+---------------------------------+-------+
 * | body (body length bytes) ...      | key id (2) | signature (64)     |  if SIGNED
 * </pre>
 *
 * All integers big-endian. {@code messageId} and {@code refersTo} are u32; {@code timestamp} is u64
 * microseconds since 1970-01-01T00:00:00Z on the hub's clock.
 */
public record Frame(
    int version,
    boolean ackRequested,
    Address address,
    long messageId,
    long refersTo,
    long timestamp,
    Message message,
    Signature signature) {

  /** Version 1.0: major in the high nibble, minor in the low nibble. */
  public static final int VERSION = 0x10;

  public static final int HEADER_SIZE = 34;
  public static final int FLAG_SIGNED = 0b0000_0001;
  public static final int FLAG_ACK_REQUESTED = 0b0000_0010;

  /** The largest frame of any type, signed, in bytes. */
  public static final int MAX_SIZE = HEADER_SIZE + Message.MAX_BODY + Signature.SIZE;

  public Frame {
    if (version >>> 4 != VERSION >>> 4) {
      throw new ProtocolException(
          ProtocolException.Problem.UNSUPPORTED_VERSION,
          "version",
          String.format("version 0x%02X, this side speaks major version %d", version, 1));
    }
    // Ids start at 1: refers-to 0 means "none".
    ProtocolException.checkRange(messageId, 1, 0xFFFF_FFFFL, "message id");
    ProtocolException.checkRange(refersTo, 0, 0xFFFF_FFFFL, "refers-to");
  }

  /** An unsigned frame of the current version. */
  public static Frame of(
      Address address, long messageId, long refersTo, long timestamp, Message message) {
    return new Frame(VERSION, false, address, messageId, refersTo, timestamp, message, null);
  }

  public MessageType type() {
    return message.type();
  }

  public boolean signed() {
    return signature != null;
  }

  public Frame withAckRequested(boolean requested) {
    return new Frame(
        version, requested, address, messageId, refersTo, timestamp, message, signature);
  }

  public Frame withSignature(Signature newSignature) {
    return new Frame(
        version, ackRequested, address, messageId, refersTo, timestamp, message, newSignature);
  }

  /** The signature trailer: which hub key signed, and the Ed25519 signature. */
  public record Signature(int keyId, byte[] value) {
    public static final int VALUE_SIZE = 64;

    /** Key id (2 bytes) and signature (64 bytes). */
    public static final int SIZE = 2 + VALUE_SIZE;

    public Signature {
      ProtocolException.checkRange(keyId, 0, 0xFFFF, "key id");
      if (value.length != VALUE_SIZE) {
        throw ProtocolException.badValue("signature", value.length + " bytes, not 64");
      }
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Signature s && s.keyId == keyId && Arrays.equals(s.value, value);
    }

    @Override
    public int hashCode() {
      return 31 * keyId + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Signature[keyId=" + keyId + "]";
    }
  }
}
