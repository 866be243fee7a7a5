package org.villagecast.protocol.codec;

/**
 * A frame or field that breaks the protocol. Names the field, so a log line or a NACK can say
 * exactly what was wrong ({@code Invalid 'volume': 101 is outside 0..100}).
 */
public final class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of breach; maps one to one onto a NACK reason where the terminal replies. */
  public enum Problem {
    /** Fewer bytes than the field needs. */
    TRUNCATED,
    /** A length or count above the protocol maximum. */
    TOO_LONG,
    /** A field holds a value the protocol does not allow. */
    BAD_VALUE,
    /** The body is longer than its fields (only allowed for newer minor versions). */
    TRAILING_BYTES,
    /** The major version is not one this implementation speaks. */
    UNSUPPORTED_VERSION,
    /** The type code is unknown or reserved. */
    UNKNOWN_TYPE,
    /** The CRC of a bus frame does not match its bytes. */
    BAD_CRC
  }

  private final Problem problem;
  private final String field;

  public ProtocolException(Problem problem, String field, String detail) {
    super("Invalid '" + field + "': " + detail);
    this.problem = problem;
    this.field = field;
  }

  public Problem problem() {
    return problem;
  }

  /** The name of the field as PROTOCOL.md spells it. */
  public String field() {
    return field;
  }

  static ProtocolException badValue(String field, String detail) {
    return new ProtocolException(Problem.BAD_VALUE, field, detail);
  }

  static void checkRange(long value, long min, long max, String field) {
    if (value < min || value > max) {
      throw badValue(field, value + " is outside " + min + ".." + max);
    }
  }
}
