package org.villagecast.protocol.link.serial;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SerialLink} drives its port. Immutable; build it with {@link #builder(String)},
 * whose defaults are the usual field-bus settings: 9600 baud, even parity, 8 data bits, 1 stop bit
 * (8E1), a 100 ms reply timeout and 2 retries.
 *
 * <p>RS-485 direction control (driving the transmitter only while sending) is the adapter's job:
 * use an adapter with automatic direction control, or a kernel driver in RS-485 mode. On a
 * pseudo-terminal (the tests' {@code socat} pairs) baud rate, parity and RS-485 settings do
 * nothing; frame timing is therefore the link's own job and is what the tests check there.
 *
 * @param port the absolute device path, e.g. {@code /dev/ttyUSB0} or a {@code
 *     /dev/serial/by-id/...} link (stable across replugging)
 * @param baudRate bits per second
 * @param parity the parity bit
 * @param dataBits 5 to 8; the bus protocol carries binary bytes, so anything but 8 breaks it
 * @param stopBits 1 or 2
 * @param replyTimeout how long the master waits for a unit's answer before it retries
 * @param retries how many times the master repeats an unanswered command (0 = send once)
 */
public record SerialLinkConfig(
    String port,
    int baudRate,
    Parity parity,
    int dataBits,
    int stopBits,
    Duration replyTimeout,
    int retries) {

  public static final int DEFAULT_BAUD_RATE = 9600;
  public static final Parity DEFAULT_PARITY = Parity.EVEN;
  public static final int DEFAULT_DATA_BITS = 8;
  public static final int DEFAULT_STOP_BITS = 1;
  public static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofMillis(100);
  public static final int DEFAULT_RETRIES = 2;

  /** Above this rate the silence gap is fixed rather than 3.5 characters (Modbus over serial). */
  static final int FIXED_GAP_ABOVE_BAUD = 19_200;

  /** The fixed silence gap above 19200 baud: 1750 µs (Modbus over serial line, 2.5.1.1). */
  static final Duration FIXED_GAP = Duration.ofNanos(1_750_000);

  /** The parity bit of each character. */
  public enum Parity {
    NONE,
    EVEN,
    ODD
  }

  public SerialLinkConfig {
    Objects.requireNonNull(port, "port");
    if (!port.startsWith("/")) {
      throw new IllegalArgumentException(
          "serial port must be an absolute device path such as /dev/ttyUSB0, not '" + port + "'");
    }
    if (baudRate <= 0 || baudRate > 4_000_000) {
      throw new IllegalArgumentException("baud rate " + baudRate + " is outside 1..4000000");
    }
    Objects.requireNonNull(parity, "parity");
    if (dataBits < 5 || dataBits > 8) {
      throw new IllegalArgumentException("data bits " + dataBits + " is outside 5..8");
    }
    if (stopBits != 1 && stopBits != 2) {
      throw new IllegalArgumentException("stop bits must be 1 or 2, not " + stopBits);
    }
    Objects.requireNonNull(replyTimeout, "replyTimeout");
    if (replyTimeout.isNegative() || replyTimeout.isZero()) {
      throw new IllegalArgumentException("reply timeout must be positive: " + replyTimeout);
    }
    if (retries < 0 || retries > 100) {
      throw new IllegalArgumentException("retries " + retries + " is outside 0..100");
    }
  }

  /** A builder with the documented defaults for the given device path. */
  public static Builder builder(String port) {
    return new Builder(port);
  }

  /** Bits on the wire per character: start bit, data bits, parity bit if any, stop bits. */
  public int bitsPerCharacter() {
    return 1 + dataBits + (parity == Parity.NONE ? 0 : 1) + stopBits;
  }

  /** How long one character takes on the wire. */
  public Duration characterTime() {
    return Duration.ofNanos(ceilDiv(bitsPerCharacter() * 1_000_000_000L, baudRate));
  }

  /** How long {@code bytes} characters take on the wire, back to back. */
  public Duration transmitTime(int bytes) {
    return Duration.ofNanos(ceilDiv((long) bytes * bitsPerCharacter() * 1_000_000_000L, baudRate));
  }

  /**
   * The silence that separates frames: 3.5 character times, but at least 1750 µs above 19200 baud
   * (the Modbus rule, which keeps the gap measurable by software at high rates). A receiver drops a
   * partial frame after this much quiet; a sender waits this long after the last byte on the line
   * before it starts a frame. At 9600 baud 8E1 (11 bits) it is 4011 µs.
   */
  public Duration silenceGap() {
    Duration threeAndAHalf =
        Duration.ofNanos(ceilDiv(7L * bitsPerCharacter() * 1_000_000_000L, 2L * baudRate));
    if (baudRate > FIXED_GAP_ABOVE_BAUD && threeAndAHalf.compareTo(FIXED_GAP) < 0) {
      return FIXED_GAP;
    }
    return threeAndAHalf;
  }

  private static long ceilDiv(long dividend, long divisor) {
    return (dividend + divisor - 1) / divisor;
  }

  /** Collects settings; every field starts at the documented default. */
  public static final class Builder {
    private final String port;
    private int baudRate = DEFAULT_BAUD_RATE;
    private Parity parity = DEFAULT_PARITY;
    private int dataBits = DEFAULT_DATA_BITS;
    private int stopBits = DEFAULT_STOP_BITS;
    private Duration replyTimeout = DEFAULT_REPLY_TIMEOUT;
    private int retries = DEFAULT_RETRIES;

    private Builder(String port) {
      this.port = port;
    }

    public Builder baudRate(int baudRate) {
      this.baudRate = baudRate;
      return this;
    }

    public Builder parity(Parity parity) {
      this.parity = parity;
      return this;
    }

    public Builder dataBits(int dataBits) {
      this.dataBits = dataBits;
      return this;
    }

    public Builder stopBits(int stopBits) {
      this.stopBits = stopBits;
      return this;
    }

    public Builder replyTimeout(Duration replyTimeout) {
      this.replyTimeout = replyTimeout;
      return this;
    }

    public Builder retries(int retries) {
      this.retries = retries;
      return this;
    }

    public SerialLinkConfig build() {
      return new SerialLinkConfig(
          port, baudRate, parity, dataBits, stopBits, replyTimeout, retries);
    }
  }
}
