package org.villagecast.protocol.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Two connected pseudo-terminals made by a real {@code socat}: what one side writes, the other
 * reads, like the two ends of an RS-485 bus. The paths are symlinks jSerialComm opens directly.
 * Killing socat is how a test makes a serial port die under a link.
 */
public final class SocatPair implements AutoCloseable {
  private final Process process;
  private final Path a;
  private final Path b;

  private SocatPair(Process process, Path a, Path b) {
    this.process = process;
    this.a = a;
    this.b = b;
  }

  public static SocatPair start() {
    Path socat = ExternalProgram.require("socat", "socat");
    try {
      Path dir = Files.createTempDirectory("socat-");
      Path a = dir.resolve("a");
      Path b = dir.resolve("b");
      Process process =
          new ProcessBuilder(
                  socat.toString(), "-d", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("socat.log").toFile())
              .start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!(Files.exists(a) && Files.exists(b))) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          process.destroyForcibly();
          throw new IllegalStateException("socat did not create " + a + " and " + b);
        }
        FreePort.sleep(10);
      }
      return new SocatPair(process, a, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One end (e.g. the hub's or gateway's serial port). */
  public Path a() {
    return a;
  }

  /** The other end (e.g. the bus of simulated units). */
  public Path b() {
    return b;
  }

  /** Kills socat: both ports die under whoever has them open. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill();
  }
}
