package org.villagecast.protocol.link;

import java.util.Objects;

/**
 * A link could not do what was asked. The {@link #reason()} is for code (retry, alarm, give up);
 * the message is for people: it says what happened and what to do about it, and carries the
 * operating system's or Paho's code, e.g. {@code serial port /dev/ttyUSB0: permission denied; add
 * the user to the 'dialout' group (usermod -aG dialout $USER) and log in again (errno 13 EACCES)}.
 */
public final class LinkException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong, coarse enough to act on. */
  public enum Reason {
    /** The serial device does not exist, or is not a serial port. */
    NO_SUCH_PORT,
    /** Another program (or this one) has the serial port open. */
    PORT_BUSY,
    /** The operating system refused access to the serial device. */
    PERMISSION_DENIED,
    /** No MQTT broker answers at the URL, or it does not accept connections now. */
    BROKER_UNREACHABLE,
    /** The MQTT broker refused the user name and password. */
    BAD_CREDENTIALS,
    /** The MQTT broker refused an operation on a topic (its access control list). */
    NOT_AUTHORIZED,
    /** The link is down: the port went away, the connection was lost, or the link is closed. */
    DISCONNECTED,
    /** No answer within the allowed time. */
    TIMEOUT,
    /** Any other input/output failure; the message has the detail. */
    IO_ERROR
  }

  private final Reason reason;

  public LinkException(Reason reason, String message) {
    this(reason, message, null);
  }

  public LinkException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
