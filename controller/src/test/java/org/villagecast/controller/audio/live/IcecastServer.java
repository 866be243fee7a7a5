package org.villagecast.controller.audio.live;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.villagecast.protocol.testing.ExternalProgram;

/**
 * A real {@code icecast2} that a test starts on a free loopback port with a generated config and a
 * source password of its own, and stops. As root (CI), icecast2 refuses to run unless it may drop
 * to another user: the config then names {@code nobody}, and icecast2 logs to its standard error,
 * so it needs no writable directory.
 */
public final class IcecastServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final String sourcePassword;
  private final Path log;

  private IcecastServer(Process process, int port, String sourcePassword, Path log) {
    this.process = process;
    this.port = port;
    this.sourcePassword = sourcePassword;
    this.log = log;
  }

  public static IcecastServer start(Path dir) throws IOException, InterruptedException {
    Path binary = ExternalProgram.require("icecast2", "icecast2");
    int port = freePort();
    String password = secret();
    boolean root = "root".equals(System.getProperty("user.name"));
    String config =
        "<icecast>\n"
            + "  <location>test</location><admin>test@localhost</admin>\n"
            + "  <limits><clients>20</clients><sources>4</sources>"
            + "<source-timeout>5</source-timeout></limits>\n"
            + "  <authentication><source-password>"
            + password
            + "</source-password><admin-user>admin</admin-user><admin-password>"
            + secret()
            + "</admin-password></authentication>\n"
            + "  <hostname>127.0.0.1</hostname>\n"
            + "  <listen-socket><port>"
            + port
            + "</port><bind-address>127.0.0.1</bind-address></listen-socket>\n"
            + "  <fileserve>0</fileserve>\n"
            + "  <paths><basedir>"
            + dir
            + "</basedir><logdir>"
            + dir
            + "</logdir><webroot>/usr/share/icecast2/web</webroot>"
            + "<adminroot>/usr/share/icecast2/admin</adminroot></paths>\n"
            + "  <logging><accesslog>-</accesslog><errorlog>-</errorlog>"
            + "<loglevel>3</loglevel></logging>\n"
            + "  <security><chroot>0</chroot>"
            + (root ? "<changeowner><user>nobody</user><group>nogroup</group></changeowner>" : "")
            + "</security>\n"
            + "</icecast>\n";
    Path file = dir.resolve("icecast.xml");
    Files.writeString(file, config, StandardCharsets.UTF_8);
    Path log = dir.resolve("icecast.log");
    Process process =
        new ProcessBuilder(binary.toString(), "-c", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    IcecastServer server = new IcecastServer(process, port, password, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("icecast2 exited at start:\n" + server.log());
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return server;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    server.close();
    throw new IllegalStateException("icecast2 did not listen within 10 s:\n" + server.log());
  }

  int port() {
    return port;
  }

  /** The URL ffmpeg sends a mount to. */
  public String sourceUrl(String mount) {
    return "icecast://source:" + sourcePassword + "@127.0.0.1:" + port + "/" + mount;
  }

  /** The URL listeners (and the hub) pull a mount from. */
  public java.net.URI listenUrl(String mount) {
    return java.net.URI.create("http://127.0.0.1:" + port + "/" + mount);
  }

  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(5, TimeUnit.SECONDS);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String secret() {
    byte[] bytes = new byte[12];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
