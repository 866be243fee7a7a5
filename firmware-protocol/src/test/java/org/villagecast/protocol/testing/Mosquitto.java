package org.villagecast.protocol.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real mosquitto broker that a test starts on a free loopback port, owns, may kill with SIGKILL
 * and restart on the same port, and stops. Anonymous access, no persistence: tests that need
 * persistence across a kill say so with {@link #startPersistent()}, tests that need a password (and
 * optionally an access control list) with {@link #startSecured}.
 */
public final class Mosquitto implements AutoCloseable {
  private final Path binary;
  private final Path dir;
  private final int port;
  private Process process;

  private Mosquitto(Path dir, int port, boolean persistent, String access) throws IOException {
    this.binary = ExternalProgram.require("mosquitto", "mosquitto");
    this.dir = dir;
    this.port = port;
    String config =
        "listener "
            + port
            + " 127.0.0.1\n"
            // Started as root, mosquitto drops to the 'mosquitto' user, which cannot read or write
            // this root-only temporary directory (log, password file, persistence): stay root.
            + (runningAsRoot() ? "user root\n" : "")
            + access
            + "max_connections -1\n"
            + "max_queued_messages 100000\n"
            + "log_dest file "
            + dir.resolve("mosquitto.log")
            + "\n"
            + "log_type error\nlog_type warning\nlog_type notice\n"
            + (persistent
                ? "persistence true\npersistence_location " + dir + "/\nautosave_interval 1\n"
                : "persistence false\n");
    Files.writeString(dir.resolve("mosquitto.conf"), config);
  }

  private static boolean runningAsRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /** Starts a broker on a free port. */
  public static Mosquitto start() {
    return start(false);
  }

  /** Starts a broker that keeps sessions and queued messages on disk across a restart. */
  public static Mosquitto startPersistent() {
    return start(true);
  }

  /**
   * Starts a broker that refuses anonymous clients and knows one user, made with {@code
   * mosquitto_passwd -b -c}. With {@code aclRules} (mosquitto {@code acl_file} lines such as {@code
   * "user alice\ntopic readwrite allowed/#"}) that user may only use the topics listed; with null,
   * every topic.
   */
  public static Mosquitto startSecured(String user, String password, String aclRules) {
    try {
      Path dir = Files.createTempDirectory("mosquitto-");
      Path passwords = dir.resolve("passwords");
      Path passwd = ExternalProgram.require("mosquitto_passwd", "mosquitto");
      Process make =
          new ProcessBuilder(passwd.toString(), "-b", "-c", passwords.toString(), user, password)
              .redirectErrorStream(true)
              .start();
      String output = new String(make.getInputStream().readAllBytes());
      if (!make.waitFor(30, TimeUnit.SECONDS) || make.exitValue() != 0) {
        throw new IllegalStateException("mosquitto_passwd failed: " + output);
      }
      String access = "allow_anonymous false\npassword_file " + passwords + "\n";
      if (aclRules != null) {
        Path acl = dir.resolve("acl");
        Files.writeString(acl, aclRules + "\n");
        access += "acl_file " + acl + "\n";
      }
      Mosquitto broker = new Mosquitto(dir, FreePort.find(), false, access);
      broker.launch();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Mosquitto start(boolean persistent) {
    try {
      Mosquitto broker =
          new Mosquitto(
              Files.createTempDirectory("mosquitto-"),
              FreePort.find(),
              persistent,
              "allow_anonymous true\n");
      broker.launch();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void launch() throws IOException {
    process =
        new ProcessBuilder(binary.toString(), "-c", dir.resolve("mosquitto.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .start();
    if (!FreePort.awaitListening(port, Duration.ofSeconds(10))) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "mosquitto did not listen on port " + port + "; see " + dir.resolve("mosquitto.log"));
    }
  }

  public int port() {
    return port;
  }

  /** The broker URL as Paho and Vert.x take it. */
  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  public boolean running() {
    return process != null && process.isAlive();
  }

  /** Kills the broker with SIGKILL: no goodbye to clients, no chance to save state. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts the broker again on the same port (after {@link #kill()}). */
  public void restart() {
    if (running()) {
      throw new IllegalStateException("mosquitto is still running");
    }
    try {
      launch();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The broker's log, for assertion messages. */
  public String log() {
    try {
      return Files.readString(dir.resolve("mosquitto.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
