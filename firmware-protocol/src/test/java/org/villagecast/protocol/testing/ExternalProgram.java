package org.villagecast.protocol.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a program a test needs, or fails saying which Debian package to install. */
public final class ExternalProgram {
  private ExternalProgram() {}

  public static Path require(String name, String debianPackage) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/local/sbin";
    for (String dir : path.split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        name
            + " is not installed; this test runs the real program. Install it with: apt-get"
            + " install "
            + debianPackage
            + " (./test.sh does this for you)");
  }
}
