package org.villagecast.controller.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.villagecast.protocol.testing.ExternalProgram;
import org.villagecast.protocol.testing.FreePort;

/**
 * A real PostgreSQL server from Debian's {@code postgresql} package that a test run starts in a
 * temporary directory on a free loopback port (unix sockets in that directory too), owns, and stops
 * and deletes. Tests get a fresh empty database each with {@link #createDatabase()}.
 *
 * <p>initdb and postgres refuse to run as root; as root (the CI) they run as the {@code postgres}
 * user the package creates, through {@code runuser}, in a directory that user owns.
 */
final class PostgresServer implements AutoCloseable {
  /** The superuser initdb creates; it signs in over TCP with {@link #password()}. */
  static final String USER = "villagecast_test";

  private static final String OS_USER = "postgres";
  private static PostgresServer shared;
  private static RuntimeException sharedFailure;

  private final Path bin;
  private final Path dir;
  private final String password;
  private final AtomicInteger databases = new AtomicInteger();
  private int port;
  private boolean running;

  private PostgresServer(Path bin, Path dir, String password) {
    this.bin = bin;
    this.dir = dir;
    this.password = password;
  }

  /**
   * The test run's server, started by the first caller and stopped when the JVM exits: one server
   * for every store test class (starting one takes about a second).
   */
  static synchronized PostgresServer shared() {
    // A server that failed to start fails every later test at once, with the same reason.
    if (sharedFailure != null) {
      throw sharedFailure;
    }
    if (shared == null) {
      try {
        shared = start();
      } catch (RuntimeException e) {
        sharedFailure = e;
        throw e;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "stop-test-postgresql"));
    }
    return shared;
  }

  /** Initialises a data directory and starts a server on a free port. */
  static PostgresServer start() {
    Path bin = findBinaries();
    try {
      Path dir = Files.createTempDirectory("villagecast-pg-");
      byte[] secret = new byte[12];
      new SecureRandom().nextBytes(secret);
      PostgresServer server = new PostgresServer(bin, dir, HexFormat.of().formatHex(secret));
      try {
        server.init();
        server.launch();
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Debian installs the binaries under /usr/lib/postgresql/VERSION/bin, not on the PATH. */
  static Path findBinaries() {
    Path root = Path.of("/usr/lib/postgresql");
    List<Path> found = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (DirectoryStream<Path> versions = Files.newDirectoryStream(root)) {
        for (Path version : versions) {
          Path bin = version.resolve("bin");
          if (Files.isExecutable(bin.resolve("initdb"))
              && Files.isExecutable(bin.resolve("pg_ctl"))) {
            found.add(bin);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    // The newest major version, numerically ("15" before "9.6" as text would be wrong).
    return found.stream()
        .max(
            Comparator.comparingDouble(
                bin -> parseVersion(bin.getParent().getFileName().toString())))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); this test"
                        + " runs a real server: install the Debian package postgresql (apt-get"
                        + " install postgresql; ./test.sh does this for you)"));
  }

  private static double parseVersion(String name) {
    try {
      return Double.parseDouble(name);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  int port() {
    return port;
  }

  String password() {
    return password;
  }

  /** The JDBC URL of a database on this server. */
  String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Creates a new empty database and returns its JDBC URL. */
  String createDatabase() {
    String name = "store_test_" + databases.incrementAndGet();
    execute("CREATE DATABASE " + name);
    return url(name);
  }

  /** Drops a database made by {@link #createDatabase()}, ending connections still open to it. */
  void dropDatabase(String url) {
    String name = url.substring(url.lastIndexOf('/') + 1);
    execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  /** Runs a statement as the superuser in database {@code postgres} (roles, databases). */
  void execute(String sql) {
    try (Connection c = DriverManager.getConnection(url("postgres"), USER, password);
        Statement statement = c.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("could not run " + sql + ": " + e.getMessage(), e);
    }
  }

  private void init() throws IOException {
    Path passwordFile = dir.resolve("password");
    Files.writeString(passwordFile, password + "\n");
    if (runningAsRoot()) {
      UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
      UserPrincipal owner = users.lookupPrincipalByName(OS_USER);
      GroupPrincipal group = users.lookupPrincipalByGroupName(OS_USER);
      for (Path p : List.of(dir, passwordFile)) {
        Files.setOwner(p, owner);
        Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class)
            .setGroup(group);
      }
    }
    run(
        List.of(
            bin.resolve("initdb").toString(),
            "--pgdata=" + dir.resolve("data"),
            "--username=" + USER,
            "--pwfile=" + passwordFile,
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync"),
        120);
  }

  private void launch() {
    // A port found free may be taken before postgres binds it: try a few.
    for (int attempt = 1; ; attempt++) {
      port = FreePort.find();
      String options =
          "-p "
              + port
              + " -c listen_addresses=127.0.0.1"
              + " -c unix_socket_directories="
              + dir
              // Test data: losing it in a crash is fine, waiting for the disk is not.
              + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
              + " -c max_connections=200";
      try {
        run(
            List.of(
                bin.resolve("pg_ctl").toString(),
                "--pgdata=" + dir.resolve("data"),
                "--log=" + dir.resolve("server.log"),
                "--wait",
                "--timeout=60",
                "-o",
                options,
                "start"),
            90);
        running = true;
        return;
      } catch (IllegalStateException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  /** Stops the server at once and deletes its directory; safe to call twice. */
  @Override
  public synchronized void close() {
    if (running) {
      running = false;
      try {
        run(
            List.of(
                bin.resolve("pg_ctl").toString(),
                "--pgdata=" + dir.resolve("data"),
                "--mode=immediate",
                "--wait",
                "stop"),
            60);
      } catch (RuntimeException e) {
        System.err.println("could not stop the test PostgreSQL server: " + e.getMessage());
      }
    }
    deleteRecursively(dir);
  }

  private void run(List<String> command, int timeoutSeconds) {
    List<String> full = new ArrayList<>();
    if (runningAsRoot()) {
      full.addAll(
          List.of(
              ExternalProgram.require("runuser", "util-linux").toString(), "-u", OS_USER, "--"));
    }
    full.addAll(command);
    try {
      Process process =
          new ProcessBuilder(full)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("command.log").toFile())
              .start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish" + logs());
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed with exit code " + process.exitValue() + logs());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private String logs() {
    StringBuilder text = new StringBuilder();
    for (String name : List.of("command.log", "server.log")) {
      try {
        Path log = dir.resolve(name);
        if (Files.exists(log)) {
          text.append("\n--- ").append(name).append(":\n").append(Files.readString(log));
        }
      } catch (IOException e) {
        text.append("\n(").append(name).append(" unreadable: ").append(e.getMessage()).append(')');
      }
    }
    return text.toString();
  }

  private static boolean runningAsRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e.getMessage());
    }
  }
}
