package org.villagecast.protocol.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.villagecast.protocol.codec.ProtocolException.Problem;

/**
 * Reads big-endian fields from a slice of bytes. Every read names its field, so a short or bad
 * frame produces an error that says which field it broke.
 */
public final class BodyReader {
  private final byte[] bytes;
  private int position;
  private final int limit;

  public BodyReader(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.position = offset;
    this.limit = offset + length;
  }

  public int remaining() {
    return limit - position;
  }

  public int position() {
    return position;
  }

  private void need(int count, String field) {
    if (limit - position < count) {
      throw new ProtocolException(
          Problem.TRUNCATED, field, "needs " + count + " byte(s), " + (limit - position) + " left");
    }
  }

  public int u8(String field) {
    need(1, field);
    return bytes[position++] & 0xFF;
  }

  public int i8(String field) {
    need(1, field);
    return bytes[position++];
  }

  public int u16(String field) {
    need(2, field);
    int value = ((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF);
    position += 2;
    return value;
  }

  public int i16(String field) {
    return (short) u16(field);
  }

  public long u32(String field) {
    need(4, field);
    long value = 0;
    for (int i = 0; i < 4; i++) {
      value = (value << 8) | (bytes[position++] & 0xFF);
    }
    return value;
  }

  /** An unsigned 64-bit field, held in a Java long (values above 2^63-1 appear negative). */
  public long u64(String field) {
    need(8, field);
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[position++] & 0xFF);
    }
    return value;
  }

  public byte[] bytes(int count, String field) {
    need(count, field);
    byte[] out = new byte[count];
    System.arraycopy(bytes, position, out, 0, count);
    position += count;
    return out;
  }

  /** A UTF-8 string behind a u8 length. */
  public String string8(String field) {
    return utf8(u8(field + ".length"), field);
  }

  /** A UTF-8 string behind a u16 length. */
  public String string16(String field) {
    return utf8(u16(field + ".length"), field);
  }

  private String utf8(int length, String field) {
    need(length, field);
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, position, length))
              .toString();
      position += length;
      return text;
    } catch (CharacterCodingException e) {
      throw ProtocolException.badValue(field, "not valid UTF-8");
    }
  }
}
