package org.villagecast.protocol.link.serial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Set;
import org.villagecast.protocol.link.LinkException;
import org.villagecast.protocol.link.LinkException.Reason;

/**
 * Turns a failed open or write (an errno from jSerialComm, plus what the file system says about the
 * device) into a {@link LinkException} that tells a technician what to do.
 */
final class SerialErrors {
  private SerialErrors() {}

  // Linux errno values (asm-generic/errno-base.h).
  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int EIO = 5;
  static final int ENXIO = 6;
  static final int EAGAIN = 11;
  static final int EACCES = 13;
  static final int EBUSY = 16;
  static final int ENODEV = 19;
  static final int EINVAL = 22;
  static final int EISDIR = 21;
  static final int ENOTTY = 25;

  /** What the file system says about a device path, taken right after a failed open. */
  record DeviceFacts(
      boolean exists, boolean directory, boolean readable, boolean writable, String group) {

    static DeviceFacts of(Path path) {
      boolean exists = Files.exists(path);
      String group = null;
      if (exists) {
        try {
          GroupPrincipal owner = Files.readAttributes(path, PosixFileAttributes.class).group();
          group = owner.getName();
        } catch (IOException | UnsupportedOperationException e) {
          group = null;
        }
      }
      return new DeviceFacts(
          exists,
          Files.isDirectory(path),
          exists && Files.isReadable(path),
          exists && Files.isWritable(path),
          group);
    }
  }

  /** The device path does not exist (checked before jSerialComm is asked). */
  static LinkException noSuchPort(String port, DeviceFacts facts) {
    return noSuchPort(port, facts, "");
  }

  private static LinkException noSuchPort(String port, DeviceFacts facts, String detail) {
    if (facts.directory()) {
      return new LinkException(
          Reason.NO_SUCH_PORT,
          "serial port " + port + " is a directory, not a device; give the device path" + detail);
    }
    return new LinkException(
        Reason.NO_SUCH_PORT,
        "serial port "
            + port
            + " does not exist; is the adapter plugged in? List the ports with: ls -l /dev/ttyUSB*"
            + " /dev/ttyACM* /dev/ttyS* /dev/serial/by-id/"
            + detail);
  }

  /**
   * Why {@code openPort()} failed. {@code errno} is jSerialComm's last error code and {@code
   * location} the line of its native code that set it (part of the message for bug reports).
   */
  static LinkException openFailed(String port, int errno, int location, DeviceFacts facts) {
    String detail = " (" + errnoName(errno) + ", jSerialComm error location " + location + ")";
    if (!facts.exists() || facts.directory()) {
      return noSuchPort(port, facts, detail);
    }
    switch (errno) {
      case EACCES, EPERM:
        return permissionDenied(port, facts, detail);
      case ENOENT:
        // The path exists, so this is jSerialComm's own code 2: this process has it open already.
        return new LinkException(
            Reason.PORT_BUSY,
            "serial port "
                + port
                + " is busy: this program already has it open; close the other link first"
                + detail);
      case EAGAIN, EBUSY:
        return new LinkException(
            Reason.PORT_BUSY,
            "serial port "
                + port
                + " is busy: another program has it open (find it with: fuser -v "
                + port
                + "); stop that program (e.g. ModemManager, a terminal emulator) and try again"
                + detail);
      case ENOTTY:
        return new LinkException(
            Reason.NO_SUCH_PORT,
            "serial port " + port + " is not a serial device; check the path" + detail);
      case EINVAL:
        return new LinkException(
            Reason.IO_ERROR,
            "serial port "
                + port
                + " refused the settings (baud rate, parity, data or stop bits); check that the"
                + " adapter supports them"
                + detail);
      case ENXIO, ENODEV:
        return new LinkException(
            Reason.NO_SUCH_PORT,
            "serial port "
                + port
                + " has no device behind it (unplugged adapter or missing driver); replug the"
                + " adapter and check dmesg"
                + detail);
      default:
        if (!facts.readable() || !facts.writable()) {
          return permissionDenied(port, facts, detail);
        }
        return new LinkException(
            Reason.IO_ERROR, "serial port " + port + " could not be opened" + detail);
    }
  }

  private static LinkException permissionDenied(String port, DeviceFacts facts, String detail) {
    // Serial adapters belong to 'dialout' on Debian and Ubuntu, 'uucp' on Arch and Fedora; a
    // group nobody should join (root, tty, nogroup) gets the usual advice instead.
    String group =
        facts.group() == null || Set.of("root", "tty", "nogroup").contains(facts.group())
            ? "dialout"
            : facts.group();
    return new LinkException(
        Reason.PERMISSION_DENIED,
        "serial port "
            + port
            + ": permission denied; add the user to the '"
            + group
            + "' group (usermod -aG "
            + group
            + " $USER) and log in again"
            + detail);
  }

  /** The port went away under an open link: adapter unplugged, or the other end of a pty died. */
  static LinkException disconnected(String port, String how) {
    return new LinkException(
        Reason.DISCONNECTED,
        "serial port "
            + port
            + " was disconnected ("
            + how
            + "); check the cable and the adapter, then open the link again");
  }

  /** An operation on a link that is already closed: repeats why it closed, if it was lost. */
  static LinkException closed(String port, LinkException why) {
    return new LinkException(
        Reason.DISCONNECTED,
        why == null ? "serial port " + port + " is closed; open the link again" : why.getMessage(),
        why);
  }

  static String errnoName(int errno) {
    String name =
        switch (errno) {
          case 0 -> "no error";
          case EPERM -> "EPERM";
          case ENOENT -> "ENOENT";
          case EIO -> "EIO";
          case ENXIO -> "ENXIO";
          case EAGAIN -> "EAGAIN";
          case EACCES -> "EACCES";
          case EBUSY -> "EBUSY";
          case ENODEV -> "ENODEV";
          case EISDIR -> "EISDIR";
          case EINVAL -> "EINVAL";
          case ENOTTY -> "ENOTTY";
          default -> null;
        };
    return "errno " + errno + (name == null ? "" : " " + name);
  }
}
