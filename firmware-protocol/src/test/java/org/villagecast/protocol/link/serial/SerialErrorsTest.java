package org.villagecast.protocol.link.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.villagecast.protocol.link.LinkException;
import org.villagecast.protocol.link.LinkException.Reason;
import org.villagecast.protocol.link.serial.SerialErrors.DeviceFacts;
import org.villagecast.protocol.testing.SocatPair;

/**
 * How failed opens map to reasons and messages. Most cases are also provoked for real in {@link
 * SerialLinkTest}; permission denied cannot be when the tests run as root (root bypasses file
 * permissions), so it is checked here through the mapping, and for real only as a normal user.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class SerialErrorsTest {
  private static final String PORT = "/dev/ttyUSB0";
  private static final DeviceFacts USABLE = new DeviceFacts(true, false, true, true, "dialout");

  /**
   * Verifies that EACCES maps to PERMISSION_DENIED with the dialout hint, the errno and
   * jSerialComm's error location.
   */
  @Test
  void openFailed_eaccesIsPermissionDenied() {
    DeviceFacts locked = new DeviceFacts(true, false, false, false, "dialout");

    LinkException e = SerialErrors.openFailed(PORT, SerialErrors.EACCES, 775, locked);

    assertThat(e.reason()).isEqualTo(Reason.PERMISSION_DENIED);
    assertThat(e.getMessage())
        .isEqualTo(
            "serial port /dev/ttyUSB0: permission denied; add the user to the 'dialout' group"
                + " (usermod -aG dialout $USER) and log in again (errno 13 EACCES, jSerialComm"
                + " error location 775)");
  }

  /** Verifies that the hint names the device's own group where it is not dialout (e.g. uucp). */
  @Test
  void openFailed_hintNamesTheDevicesGroup() {
    DeviceFacts uucp = new DeviceFacts(true, false, false, false, "uucp");

    LinkException e = SerialErrors.openFailed(PORT, SerialErrors.EACCES, 1, uucp);

    assertThat(e.getMessage()).contains("to the 'uucp' group (usermod -aG uucp $USER)");
  }

  /** Verifies that groups nobody should join (a pty's tty, nogroup) get the dialout advice. */
  @Test
  void openFailed_hintNeverSuggestsTtyOrNogroup() {
    for (String group : new String[] {"tty", "nogroup", "root"}) {
      DeviceFacts facts = new DeviceFacts(true, false, false, false, group);

      assertThat(SerialErrors.openFailed(PORT, SerialErrors.EACCES, 1, facts).getMessage())
          .as(group)
          .contains("'dialout' group");
    }
  }

  /** Verifies that an unknown errno on a device the user cannot read is still a permission case. */
  @Test
  void openFailed_unreadableDeviceIsPermissionDenied() {
    DeviceFacts unreadable = new DeviceFacts(true, false, false, true, "root");

    LinkException e = SerialErrors.openFailed(PORT, 99, 1, unreadable);

    assertThat(e.reason()).isEqualTo(Reason.PERMISSION_DENIED);
    assertThat(e.getMessage()).contains("'dialout'").contains("errno 99");
  }

  /** Verifies the errno table: every code lands on the reason a technician would act on. */
  @Test
  void openFailed_errnoTable() {
    assertThat(reason(SerialErrors.EPERM)).isEqualTo(Reason.PERMISSION_DENIED);
    assertThat(reason(SerialErrors.ENOENT)).isEqualTo(Reason.PORT_BUSY); // jSerialComm: open here
    assertThat(reason(SerialErrors.EAGAIN)).isEqualTo(Reason.PORT_BUSY); // flock held elsewhere
    assertThat(reason(SerialErrors.EBUSY)).isEqualTo(Reason.PORT_BUSY);
    assertThat(reason(SerialErrors.ENOTTY)).isEqualTo(Reason.NO_SUCH_PORT);
    assertThat(reason(SerialErrors.ENXIO)).isEqualTo(Reason.NO_SUCH_PORT);
    assertThat(reason(SerialErrors.ENODEV)).isEqualTo(Reason.NO_SUCH_PORT);
    assertThat(reason(SerialErrors.EIO)).isEqualTo(Reason.IO_ERROR);
    assertThat(reason(SerialErrors.EINVAL)).isEqualTo(Reason.IO_ERROR); // settings refused
  }

  /** Verifies that a path gone by the time of the open is NO_SUCH_PORT whatever the errno. */
  @Test
  void openFailed_vanishedPathIsNoSuchPort() {
    DeviceFacts gone = new DeviceFacts(false, false, false, false, null);

    LinkException e = SerialErrors.openFailed(PORT, SerialErrors.ENOENT, 510, gone);

    assertThat(e.reason()).isEqualTo(Reason.NO_SUCH_PORT);
    assertThat(e.getMessage()).contains("does not exist").contains("errno 2 ENOENT");
  }

  /**
   * Verifies, for real, that a pty without read and write permission fails with PERMISSION_DENIED.
   * Skipped as root, which the kernel lets open any device. (Run by hand as the user nobody, the
   * open fails with errno 13 EACCES and maps as above.)
   */
  @Test
  void open_ptyWithoutPermissionIsPermissionDenied() throws Exception {
    assumeFalse(runningAsRoot(), "root bypasses file permissions; the mapping is tested above");
    try (SocatPair pair = SocatPair.start()) {
      Path device = pair.a().toRealPath();
      Files.setPosixFilePermissions(device, PosixFilePermissions.fromString("---------"));

      LinkException e = null;
      try (SerialLink link =
          SerialLink.open(SerialLinkConfig.builder(pair.a().toString()).build())) {
        throw new AssertionError("opened " + link);
      } catch (LinkException expected) {
        e = expected;
      }

      assertThat(e.reason()).isEqualTo(Reason.PERMISSION_DENIED);
      assertThat(e.getMessage()).contains("permission denied").contains("usermod -aG");
    }
  }

  private static Reason reason(int errno) {
    return SerialErrors.openFailed(PORT, errno, 1, USABLE).reason();
  }

  private static boolean runningAsRoot() throws Exception {
    return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
  }
}
