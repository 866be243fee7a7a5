package org.villagecast.protocol.bus;

import java.util.Arrays;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.ProtocolException;

/**
 * One frame on an RS-485 bus: a unit address, a control code, and (for COMMAND and REPLY) one
 * protocol frame.
 *
 * <pre>
 *  0      1         2         3        5                 5+n
 * +------+---------+---------+--------+-----------------+--------+
 * | SOF  | address | control | length | message (n)     | CRC-16 |
 * | 0xA5 | 0..247  |         | u16 n  | protocol frame  | u16    |
 * +------+---------+---------+--------+-----------------+--------+
 * </pre>
 *
 * The CRC covers every byte before it, SOF included, and is sent big-endian like every other field.
 */
public record BusFrame(int address, Control control, byte[] message) {

  public static final int SOF = 0xA5;
  public static final int BROADCAST = 0;
  public static final int MAX_UNIT = 247;
  public static final int OVERHEAD = 7;
  public static final int MAX_MESSAGE = Frame.MAX_SIZE;
  public static final int MAX_SIZE = OVERHEAD + MAX_MESSAGE;

  /** What a bus frame does; the high bit says the unit is speaking. */
  public enum Control {
    /** Master to unit: execute the protocol frame inside. */
    COMMAND(0x00),
    /** Master to unit: send your oldest queued report, or NOTHING. Empty. */
    POLL(0x01),
    /** Unit to master: a protocol frame (ACK, NACK, report, TIME_SYNC_REQUEST). */
    REPLY(0x80),
    /** Unit to master: nothing queued. Empty. */
    NOTHING(0x81);

    public final int code;

    Control(int code) {
      this.code = code;
    }

    private static final Control[] ALL = values();

    static Control fromCode(int code) {
      for (Control control : ALL) {
        if (control.code == code) {
          return control;
        }
      }
      return null;
    }

    public boolean carriesMessage() {
      return this == COMMAND || this == REPLY;
    }
  }

  public BusFrame {
    if (address < 0 || address > MAX_UNIT) {
      throw new ProtocolException(
          ProtocolException.Problem.BAD_VALUE, "bus address", address + " is outside 0..247");
    }
    if (!control.carriesMessage() && message.length != 0) {
      throw new ProtocolException(
          ProtocolException.Problem.BAD_VALUE, "length", control + " carries no message");
    }
    if (message.length > MAX_MESSAGE) {
      throw new ProtocolException(
          ProtocolException.Problem.TOO_LONG,
          "length",
          message.length + " bytes, at most " + MAX_MESSAGE);
    }
    message = message.clone();
  }

  public static BusFrame command(int address, byte[] message) {
    return new BusFrame(address, Control.COMMAND, message);
  }

  public static BusFrame poll(int address) {
    return new BusFrame(address, Control.POLL, new byte[0]);
  }

  public static BusFrame reply(int address, byte[] message) {
    return new BusFrame(address, Control.REPLY, message);
  }

  public static BusFrame nothing(int address) {
    return new BusFrame(address, Control.NOTHING, new byte[0]);
  }

  @Override
  public byte[] message() {
    return message.clone();
  }

  public byte[] encode() {
    byte[] out = new byte[OVERHEAD + message.length];
    out[0] = (byte) SOF;
    out[1] = (byte) address;
    out[2] = (byte) control.code;
    out[3] = (byte) (message.length >>> 8);
    out[4] = (byte) message.length;
    System.arraycopy(message, 0, out, 5, message.length);
    int crc = Crc16.of(out, 0, out.length - 2);
    out[out.length - 2] = (byte) (crc >>> 8);
    out[out.length - 1] = (byte) crc;
    return out;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BusFrame f
        && f.address == address
        && f.control == control
        && Arrays.equals(f.message, message);
  }

  @Override
  public int hashCode() {
    return (address * 31 + control.hashCode()) * 31 + Arrays.hashCode(message);
  }

  @Override
  public String toString() {
    return "BusFrame[" + address + ", " + control + ", " + message.length + " bytes]";
  }
}
