package org.villagecast.protocol.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes big-endian fields into a growing byte array. */
public final class BodyWriter {
  private byte[] bytes;
  private int size;

  public BodyWriter(int initialCapacity) {
    bytes = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int extra) {
    if (size + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
    }
  }

  public int size() {
    return size;
  }

  public BodyWriter u8(int value) {
    ensure(1);
    bytes[size++] = (byte) value;
    return this;
  }

  public BodyWriter u16(int value) {
    ensure(2);
    bytes[size++] = (byte) (value >>> 8);
    bytes[size++] = (byte) value;
    return this;
  }

  public BodyWriter u32(long value) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (value >>> shift);
    }
    return this;
  }

  public BodyWriter u64(long value) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      bytes[size++] = (byte) (value >>> shift);
    }
    return this;
  }

  public BodyWriter bytes(byte[] value) {
    ensure(value.length);
    System.arraycopy(value, 0, bytes, size, value.length);
    size += value.length;
    return this;
  }

  public BodyWriter string8(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    return u8(utf8.length).bytes(utf8);
  }

  public BodyWriter string16(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    return u16(utf8.length).bytes(utf8);
  }

  /** Overwrites two bytes already written, big-endian. */
  void patchU16(int offset, int value) {
    bytes[offset] = (byte) (value >>> 8);
    bytes[offset + 1] = (byte) value;
  }

  byte[] array() {
    return bytes;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }
}
