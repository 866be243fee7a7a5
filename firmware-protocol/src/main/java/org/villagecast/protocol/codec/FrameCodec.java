package org.villagecast.protocol.codec;

import org.villagecast.protocol.codec.ProtocolException.Problem;

/**
 * Turns frames into bytes and back. Stateless and thread-safe. Decoding checks the whole layout
 * (lengths, version, type, every field) but not the signature: that is {@code
 * security.CommandGuard}'s job, on the same bytes.
 */
public final class FrameCodec {
  private FrameCodec() {}

  /** Encodes a frame; a signed frame carries its signature trailer. */
  public static byte[] encode(Frame frame) {
    BodyWriter out = new BodyWriter(Frame.HEADER_SIZE + 64 + Frame.Signature.SIZE);
    int bodyEnd = writeHeaderAndBody(frame, frame.signed(), out);
    if (frame.signed()) {
      out.u16(frame.signature().keyId()).bytes(frame.signature().value());
    }
    assert out.size() == bodyEnd + (frame.signed() ? Frame.Signature.SIZE : 0);
    return out.toByteArray();
  }

  /**
   * Encodes a frame with the SIGNED flag, the key id and 64 zero bytes where the signature goes;
   * the signer fills them in. Everything but the last 64 bytes is what gets signed.
   */
  public static byte[] encodeForSigning(Frame frame, int keyId) {
    ProtocolException.checkRange(keyId, 0, 0xFFFF, "key id");
    BodyWriter out = new BodyWriter(Frame.HEADER_SIZE + 64 + Frame.Signature.SIZE);
    writeHeaderAndBody(frame, true, out);
    out.u16(keyId).bytes(new byte[Frame.Signature.VALUE_SIZE]);
    return out.toByteArray();
  }

  private static int writeHeaderAndBody(Frame frame, boolean signed, BodyWriter out) {
    out.u8(frame.version()).u8(frame.type().code);
    int flags =
        (signed ? Frame.FLAG_SIGNED : 0) | (frame.ackRequested() ? Frame.FLAG_ACK_REQUESTED : 0);
    out.u8(flags);
    frame.address().write(out);
    out.u32(frame.messageId()).u32(frame.refersTo()).u64(frame.timestamp());
    int lengthAt = out.size();
    out.u16(0);
    frame.message().write(out);
    int bodyLength = out.size() - Frame.HEADER_SIZE;
    if (bodyLength > Message.MAX_BODY) {
      throw new ProtocolException(
          Problem.TOO_LONG, "body length", bodyLength + " bytes, at most " + Message.MAX_BODY);
    }
    out.patchU16(lengthAt, bodyLength);
    return out.size();
  }

  /** Decodes one whole frame; the array holds exactly that frame. */
  public static Frame decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  /** Decodes one whole frame held in {@code bytes[offset, offset+length)}. */
  public static Frame decode(byte[] bytes, int offset, int length) {
    if (length > Frame.MAX_SIZE) {
      throw new ProtocolException(
          Problem.TOO_LONG, "frame", length + " bytes, at most " + Frame.MAX_SIZE);
    }
    BodyReader header = new BodyReader(bytes, offset, length);
    int version = header.u8("version");
    if (version >>> 4 != Frame.VERSION >>> 4) {
      throw new ProtocolException(
          Problem.UNSUPPORTED_VERSION,
          "version",
          String.format("version 0x%02X, this side speaks major version 1", version));
    }
    MessageType type = MessageType.fromCode(header.u8("type"));
    int flags = header.u8("flags");
    Address address = Address.read(header);
    long messageId = header.u32("message id");
    long refersTo = header.u32("refers-to");
    long timestamp = header.u64("timestamp");
    int bodyLength = header.u16("body length");
    if (bodyLength > Message.MAX_BODY) {
      throw new ProtocolException(
          Problem.TOO_LONG, "body length", bodyLength + " bytes, at most " + Message.MAX_BODY);
    }
    boolean signed = (flags & Frame.FLAG_SIGNED) != 0;
    int expected = Frame.HEADER_SIZE + bodyLength + (signed ? Frame.Signature.SIZE : 0);
    if (length < expected) {
      throw new ProtocolException(
          Problem.TRUNCATED, "body length", "frame needs " + expected + " bytes, has " + length);
    }
    if (length > expected) {
      throw new ProtocolException(
          Problem.TRAILING_BYTES, "frame", length + " bytes, the header says " + expected);
    }
    Message message = readBody(type, bytes, offset + Frame.HEADER_SIZE, bodyLength, version);
    Frame.Signature signature = null;
    if (signed) {
      BodyReader trailer =
          new BodyReader(bytes, offset + Frame.HEADER_SIZE + bodyLength, Frame.Signature.SIZE);
      signature =
          new Frame.Signature(
              trailer.u16("key id"), trailer.bytes(Frame.Signature.VALUE_SIZE, "signature"));
    }
    return new Frame(
        version,
        (flags & Frame.FLAG_ACK_REQUESTED) != 0,
        address,
        messageId,
        refersTo,
        timestamp,
        message,
        signature);
  }

  /**
   * Decodes one message body without a header, as a version 1.0 frame would carry it: every field
   * checked, no bytes after the last field, at most {@link Message#MAX_BODY} bytes. For tools and
   * tests that need to reach one message decoder directly (fuzzing each decoder, checking a body a
   * firmware build produced).
   *
   * @throws ProtocolException naming the field that breaks the protocol
   */
  public static Message decodeBody(MessageType type, byte[] body) {
    if (body.length > Message.MAX_BODY) {
      throw new ProtocolException(
          Problem.TOO_LONG, "body length", body.length + " bytes, at most " + Message.MAX_BODY);
    }
    return readBody(type, body, 0, body.length, Frame.VERSION);
  }

  /**
   * Reads a body. Bytes after the known fields are an error in version 1.0 frames; a frame of a
   * newer minor version may append fields, which this version skips (PROTOCOL.md, Versioning).
   */
  static Message readBody(MessageType type, byte[] bytes, int offset, int length, int version) {
    BodyReader in = new BodyReader(bytes, offset, length);
    Message message = type.read(in);
    if (in.remaining() > 0 && version <= Frame.VERSION) {
      throw new ProtocolException(
          Problem.TRAILING_BYTES,
          "body length",
          in.remaining() + " byte(s) after the last field of " + type);
    }
    return message;
  }
}
