package org.villagecast.protocol.codec;

import java.util.Collection;

/**
 * Whom a frame is for (hub to terminals) or from (terminal to hub).
 *
 * <p>{@code code} holds: for {@link Kind#TERMINAL} the 23-digit resource code; for {@link
 * Kind#AREA} an area-code prefix of 2, 4, 6, 9 or 12 digits (province, city, county, town,
 * village); for {@link Kind#GROUP} the group number in decimal; for {@link Kind#HUB} and {@link
 * Kind#ALL} the empty string.
 */
public record Address(Kind kind, String code) {

  /** Address kinds and their wire codes. */
  public enum Kind {
    HUB(0),
    TERMINAL(1),
    AREA(2),
    GROUP(3),
    ALL(4);

    public final int code;

    Kind(int code) {
      this.code = code;
    }

    static Kind fromCode(int code) {
      for (Kind kind : values()) {
        if (kind.code == code) {
          return kind;
        }
      }
      throw ProtocolException.badValue("address kind", "unknown kind " + code);
    }
  }

  /** Size of the address field on the wire, after its kind byte. */
  public static final int WIRE_SIZE = 12;

  public static final int RESOURCE_CODE_DIGITS = 23;
  public static final int AREA_CODE_DIGITS = 12;

  private static final Address HUB = new Address(Kind.HUB, "");
  private static final Address ALL = new Address(Kind.ALL, "");

  public Address {
    switch (kind) {
      case HUB, ALL -> {
        if (!code.isEmpty()) {
          throw ProtocolException.badValue("address", kind + " carries no code");
        }
      }
      case TERMINAL -> checkDigits(code, "address", RESOURCE_CODE_DIGITS);
      case AREA -> checkAreaPrefix(code, "address");
      case GROUP -> {
        if (code.isEmpty() || code.length() > 10 || !Bcd.isDigits(code)) {
          throw ProtocolException.badValue("address", "group '" + code + "' is not a number");
        }
        long group = Long.parseLong(code);
        ProtocolException.checkRange(group, 0, 0xFFFF_FFFFL, "address");
        // One spelling per group: "007" and "7" must give the same topic and compare equal.
        code = Long.toString(group);
      }
    }
  }

  public static Address hub() {
    return HUB;
  }

  public static Address all() {
    return ALL;
  }

  public static Address terminal(String resourceCode) {
    return new Address(Kind.TERMINAL, resourceCode);
  }

  public static Address area(String areaPrefix) {
    return new Address(Kind.AREA, areaPrefix);
  }

  public static Address group(long groupNumber) {
    return new Address(Kind.GROUP, Long.toString(groupNumber));
  }

  /**
   * Whether a terminal with this resource code, area code and groups must act on a frame with this
   * address.
   */
  public boolean reaches(String resourceCode, String areaCode, Collection<Long> groups) {
    return switch (kind) {
      case HUB -> false;
      case ALL -> true;
      case TERMINAL -> code.equals(resourceCode);
      case AREA -> areaCode.startsWith(code);
      case GROUP -> groups.contains(Long.parseLong(code));
    };
  }

  void write(BodyWriter out) {
    out.u8(kind.code);
    int written = 0;
    if (kind == Kind.TERMINAL || kind == Kind.AREA) {
      Bcd.write(out, code, WIRE_SIZE);
      written = WIRE_SIZE;
    } else if (kind == Kind.GROUP) {
      out.u32(Long.parseLong(code));
      written = 4;
    }
    for (int i = written; i < WIRE_SIZE; i++) {
      out.u8(0);
    }
  }

  static Address read(BodyReader in) {
    Kind kind = Kind.fromCode(in.u8("address kind"));
    switch (kind) {
      case TERMINAL, AREA -> {
        return new Address(kind, Bcd.read(in, WIRE_SIZE, "address"));
      }
      case GROUP -> {
        long group = in.u32("address");
        requireZeros(in, WIRE_SIZE - 4);
        return group(group);
      }
      default -> {
        requireZeros(in, WIRE_SIZE);
        return kind == Kind.HUB ? HUB : ALL;
      }
    }
  }

  private static void requireZeros(BodyReader in, int count) {
    for (byte b : in.bytes(count, "address")) {
      if (b != 0) {
        throw ProtocolException.badValue("address", "unused address bytes must be zero");
      }
    }
  }

  static void checkDigits(String value, String field, int digits) {
    if (value.length() != digits || !Bcd.isDigits(value)) {
      throw ProtocolException.badValue(field, "'" + value + "' is not " + digits + " digits");
    }
  }

  /** An area-code prefix: the digits of one administrative level, from province to village. */
  static void checkAreaPrefix(String value, String field) {
    int n = value.length();
    if (!(n == 2 || n == 4 || n == 6 || n == 9 || n == 12) || !Bcd.isDigits(value)) {
      throw ProtocolException.badValue(
          field, "'" + value + "' is not an area code of 2, 4, 6, 9 or 12 digits");
    }
  }

  @Override
  public String toString() {
    return code.isEmpty() ? kind.name() : kind + ":" + code;
  }
}
