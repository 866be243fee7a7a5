package org.villagecast.protocol.codec;

/** An enum constant with a fixed numeric code on the wire. */
public interface WireCode {
  int code();

  /** The constant of {@code type} with this code, or a BAD_VALUE error naming the field. */
  static <E extends Enum<E> & WireCode> E from(Class<E> type, int code, String field) {
    for (E constant : type.getEnumConstants()) {
      if (constant.code() == code) {
        return constant;
      }
    }
    throw ProtocolException.badValue(field, "unknown code " + code);
  }
}
