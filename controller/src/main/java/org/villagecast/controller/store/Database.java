package org.villagecast.controller.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's database: a small connection pool on an H2 file database (the default, one hub) or a
 * PostgreSQL server (production, several hubs), with the schema brought up to date by Flyway
 * migrations from {@code classpath:db/migration} when it is opened.
 *
 * <p>The repositories of this package share one instance. Their methods block on JDBC: call them
 * from worker threads ({@code executeBlocking}), never from a Vert.x event loop. Instants are
 * stored with microsecond precision (finer parts are dropped).
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** Connections in the pool: the hub writes behind its in-memory state, in batches. */
  static final int POOL_SIZE = 4;

  /** How often an upsert is retried when another hub inserted the same row at the same time. */
  private static final int CONFLICT_ATTEMPTS = 3;

  private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&;]*");
  private static final Pattern POSTGRES_HOST =
      Pattern.compile("^jdbc:postgresql://([^/?]*)(?:/([^?]*))?.*");

  private final HikariDataSource pool;
  private final String vendor;
  private final String safeUrl;
  private volatile boolean lastPing = true;

  private Database(HikariDataSource pool, String vendor, String safeUrl) {
    this.pool = pool;
    this.vendor = vendor;
    this.safeUrl = safeUrl;
  }

  /**
   * The H2 URL for a database file {@code file} ({@code ./data/villagecast} makes {@code
   * ./data/villagecast.mv.db}): embedded, locked against a second process (no automatic mixed
   * mode), and not closed by H2's own shutdown hook, so the hub can still write while it stops;
   * {@link #close()} closes it.
   */
  public static String h2FileUrl(Path file) {
    String path = file.isAbsolute() || file.startsWith(".") ? file.toString() : "./" + file;
    return "jdbc:h2:file:" + path + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE";
  }

  /**
   * Opens the pool and migrates the schema.
   *
   * @param jdbcUrl {@code jdbc:h2:file:...} (see {@link #h2FileUrl}) or {@code
   *     jdbc:postgresql://host:port/database}
   * @throws StoreException with a message that says what to check: the URL, whether PostgreSQL
   *     runs, the user name and password, or the migration that failed
   */
  public static Database open(String jdbcUrl, String user, String password) {
    String vendor = vendorOf(jdbcUrl);
    String safeUrl = redact(jdbcUrl);
    HikariConfig config = new HikariConfig();
    config.setPoolName("villagecast-store");
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(1);
    // Fail at once with the driver's reason instead of retrying for 30 s; the operator fixes the
    // URL or starts PostgreSQL and restarts the hub.
    config.setInitializationFailTimeout(1);
    config.setConnectionTimeout(10_000);
    if (vendor.equals("h2")) {
      config.setDriverClassName("org.h2.Driver");
      // H2 waits 1 s for a row lock by default: too short behind a 10,000-row batch.
      config.setConnectionInitSql("SET LOCK_TIMEOUT 10000");
    } else {
      config.setDriverClassName("org.postgresql.Driver");
      // One multi-row INSERT per batch chunk instead of one round trip per row.
      config.addDataSourceProperty("reWriteBatchedInserts", "true");
      config.addDataSourceProperty("ApplicationName", "villagecast hub");
    }

    HikariDataSource pool;
    // One plain connection first: its failure is reported at once (the pool would wait a second
    // and try again), and on PostgreSQL it tells whether this user may create the tables at all.
    // It stays open while the pool starts, so that H2 does not close the file in between.
    try (Connection probe = connect(vendor, jdbcUrl, user, password)) {
      if (vendor.equals("postgresql")) {
        checkMayCreateTables(probe, safeUrl, user);
      }
      pool = new HikariDataSource(config);
    } catch (StoreException e) {
      throw e;
    } catch (SQLException | RuntimeException e) {
      throw openFailure(jdbcUrl, safeUrl, vendor, user, e);
    }
    try {
      MigrateResult result =
          Flyway.configure()
              .dataSource(pool)
              .locations("classpath:db/migration")
              .failOnMissingLocations(true)
              .load()
              .migrate();
      LOG.info(
          "Store: opened {} database {} (schema version {}, {} migration(s) applied now)",
          vendor,
          safeUrl,
          result.targetSchemaVersion != null
              ? result.targetSchemaVersion
              : result.initialSchemaVersion,
          result.migrationsExecuted);
    } catch (FlywayException e) {
      pool.close();
      String reason = flywayReason(e);
      String advice =
          reason.contains("Validate failed")
              ? "the database's migration history does not match this version of villagecast (a"
                  + " newer hub migrated it, or it was changed by hand): use the matching hub"
                  + " version or a backup"
              : "check that the database user may create tables and that the database belongs"
                  + " to this hub";
      String message =
          "migrating the "
              + vendor
              + " database "
              + safeUrl
              + " failed: "
              + reason
              + " — "
              + advice;
      LOG.error("Store: {}", message);
      throw new StoreException(message, e);
    }
    return new Database(pool, vendor, safeUrl);
  }

  /** The pool, for code that needs plain JDBC. */
  public DataSource dataSource() {
    return pool;
  }

  /** {@code "h2"} or {@code "postgresql"}. */
  public String vendor() {
    return vendor;
  }

  /**
   * Whether the database answers now (for the readiness endpoint); never throws. Logs when the
   * answer changes, not at every call.
   */
  public boolean ping() {
    String problem;
    try (Connection connection = pool.getConnection()) {
      problem = connection.isValid(2) ? null : "the connection is not valid";
    } catch (SQLException | RuntimeException e) {
      problem = e.getMessage();
    }
    boolean answers = problem == null;
    if (answers != lastPing) {
      lastPing = answers;
      if (answers) {
        LOG.info("Store: the {} database {} answers again", vendor, safeUrl);
      } else {
        LOG.warn(
            "Store: the {} database {} does not answer ({}); check that it runs",
            vendor,
            safeUrl,
            problem);
      }
    }
    return answers;
  }

  /** Closes the pool; an H2 file database closes with its last connection. */
  @Override
  public void close() {
    if (!pool.isClosed()) {
      pool.close();
      LOG.info("Store: closed {} database {}", vendor, safeUrl);
    }
  }

  /** A unit of JDBC work on one connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Runs {@code work} on a connection in auto-commit mode (single statements and reads). */
  <T> T autoCommit(String what, Work<T> work) {
    try (Connection connection = pool.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /** Runs {@code work} in one transaction: all of it is committed or none. */
  <T> T transaction(String what, Work<T> work) {
    try {
      return inTransaction(work);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /**
   * Like {@link #transaction}, retried when another hub inserted the same key at the same moment
   * (an UPDATE-then-INSERT upsert lost the race) or the database chose this transaction as a
   * deadlock or serialisation victim: the retry's UPDATE then finds the row.
   */
  <T> T upsert(String what, Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return inTransaction(work);
      } catch (SQLException e) {
        if (attempt >= CONFLICT_ATTEMPTS || !retryable(e)) {
          throw failure(what, e);
        }
        LOG.debug("Store: {} collided with another writer ({}); retrying", what, e.getMessage());
      }
    }
  }

  private <T> T inTransaction(Work<T> work) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
  }

  static boolean isUniqueViolation(SQLException e) {
    return "23505".equals(e.getSQLState());
  }

  private static boolean retryable(SQLException e) {
    String state = e.getSQLState();
    return "23505".equals(state) || "40001".equals(state) || "40P01".equals(state);
  }

  /** A failure during normal operation, with what the hub was doing and what to check. */
  private StoreException failure(String what, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message;
    if (state.startsWith("08")) {
      message =
          "could not "
              + what
              + ": the "
              + vendor
              + " database "
              + safeUrl
              + " cannot be reached ("
              + e.getMessage()
              + "); check that it runs";
    } else {
      message =
          "could not "
              + what
              + " in the "
              + vendor
              + " database "
              + safeUrl
              + ": "
              + e.getMessage()
              + (state.isEmpty() ? "" : " (SQLState " + state + ")");
    }
    LOG.error("Store: {}", message);
    return new StoreException(message, e);
  }

  private static String vendorOf(String jdbcUrl) {
    if (jdbcUrl != null) {
      String lower = jdbcUrl.toLowerCase(Locale.ROOT);
      if (lower.startsWith("jdbc:h2:")) {
        return "h2";
      }
      if (lower.startsWith("jdbc:postgresql:")) {
        return "postgresql";
      }
    }
    String message =
        "the database URL '"
            + redact(jdbcUrl)
            + "' is not supported: use an H2 file such as"
            + " jdbc:h2:file:./data/villagecast;AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE, or"
            + " PostgreSQL as jdbc:postgresql://host:5432/database";
    LOG.error("Store: {}", message);
    throw new StoreException(message);
  }

  private static Connection connect(String vendor, String jdbcUrl, String user, String password)
      throws SQLException {
    try {
      Class.forName(vendor.equals("h2") ? "org.h2.Driver" : "org.postgresql.Driver");
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the " + vendor + " JDBC driver is missing from the hub", e);
    }
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    return DriverManager.getConnection(jdbcUrl, properties);
  }

  /**
   * Fails at once, and says how to fix it, when the schema is not there yet and this user may not
   * create it: PostgreSQL 15 lets only the database owner create tables in schema public, and
   * Flyway would otherwise retry for ten seconds and then report a bare "permission denied".
   */
  private static void checkMayCreateTables(Connection c, String safeUrl, String user)
      throws SQLException {
    try (Statement statement = c.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT current_schema(), current_database(),"
                    + " to_regclass('flyway_schema_history') IS NOT NULL,"
                    + " COALESCE(has_schema_privilege(current_schema(), 'CREATE'), FALSE)")) {
      rows.next();
      String schema = rows.getString(1);
      String database = rows.getString(2);
      boolean migratedBefore = rows.getBoolean(3);
      boolean mayCreate = rows.getBoolean(4);
      if (migratedBefore || mayCreate) {
        return;
      }
      String message =
          schema == null
              ? "the PostgreSQL user '"
                  + user
                  + "' has a search_path without an existing schema in database "
                  + safeUrl
                  + "; fix it with ALTER ROLE "
                  + user
                  + " RESET search_path"
              : "the PostgreSQL user '"
                  + user
                  + "' may not create the hub's tables in schema "
                  + schema
                  + " of database '"
                  + database
                  + "' (PostgreSQL 15 lets only the database owner do that): make it the owner"
                  + " (createdb -O "
                  + user
                  + " "
                  + database
                  + ", or ALTER DATABASE "
                  + database
                  + " OWNER TO "
                  + user
                  + "), or GRANT CREATE ON SCHEMA "
                  + schema
                  + " TO "
                  + user;
      LOG.error("Store: {}", message);
      throw new StoreException(message);
    }
  }

  private static StoreException openFailure(
      String jdbcUrl, String safeUrl, String vendor, String user, Exception e) {
    SQLException sql = findSqlException(e);
    String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
    int h2Code = sql == null ? 0 : sql.getErrorCode();
    String reason = sql == null ? rootMessage(e) : rootMessage(sql);
    String message;
    if (state.equals("28P01") || state.equals("28000")) {
      message =
          "the "
              + vendor
              + " database "
              + safeUrl
              + " refused user '"
              + user
              + "': wrong user name or password ("
              + reason
              + "); check the database user and password the hub is configured with";
    } else if (state.equals("3D000")) {
      message =
          "the PostgreSQL server has no database "
              + postgresDatabase(jdbcUrl)
              + " ("
              + reason
              + "); create it (createdb -O "
              + user
              + " <name>) or fix the database name in the URL "
              + safeUrl;
    } else if (vendor.equals("postgresql") && (state.startsWith("08") || state.isEmpty())) {
      message =
          "cannot reach PostgreSQL at "
              + postgresHost(jdbcUrl)
              + " ("
              + reason
              + "); check that the server runs and accepts TCP connections there, and the host"
              + " and port in the database URL "
              + safeUrl;
    } else if (vendor.equals("h2") && (h2Code == 90020 || reason.contains("already in use"))) {
      message =
          "the H2 database "
              + safeUrl
              + " is in use by another process (another hub?); stop it, or use PostgreSQL to"
              + " share one database between several hubs";
    } else if (vendor.equals("h2") && (h2Code == 90046 || h2Code == 90011 || h2Code == 90008)) {
      message =
          "the H2 database URL "
              + safeUrl
              + " is malformed ("
              + reason
              + "); use for example jdbc:h2:file:./data/villagecast;AUTO_SERVER=FALSE;"
              + "DB_CLOSE_ON_EXIT=FALSE (relative paths start with ./)";
    } else if (vendor.equals("h2")) {
      message =
          "cannot open the H2 database "
              + safeUrl
              + " ("
              + reason
              + "); check the URL, and that its directory exists or can be created and is"
              + " writable by the hub";
    } else {
      message = "cannot open the " + vendor + " database " + safeUrl + ": " + reason;
    }
    LOG.error("Store: {}", message);
    return new StoreException(message, e);
  }

  /** Flyway's message on one line, without its advertising and CLI hints. */
  private static String flywayReason(FlywayException e) {
    StringBuilder reason = new StringBuilder();
    for (String line : String.valueOf(e.getMessage()).split("\\R")) {
      String trimmed = line.trim();
      if (trimmed.isEmpty()
          || trimmed.matches("-+")
          || trimmed.contains("Learn more")
          || trimmed.contains("Run Flyway with -X")) {
        continue;
      }
      if (reason.length() > 0) {
        reason.append("; ");
      }
      reason.append(trimmed.replaceAll("\\s+", " "));
    }
    return reason.toString();
  }

  private static SQLException findSqlException(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }

  /** The innermost message ("Connection refused", "Unknown host …") is what helps. */
  private static String rootMessage(Throwable e) {
    String message = e.getMessage();
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = message + ": " + t.getMessage();
      }
    }
    return message == null ? e.getClass().getSimpleName() : message.trim();
  }

  private static String postgresHost(String jdbcUrl) {
    Matcher m = POSTGRES_HOST.matcher(jdbcUrl);
    if (m.matches() && !m.group(1).isEmpty()) {
      String hosts = m.group(1);
      return hosts.contains(":") ? hosts : hosts + ":5432";
    }
    return "localhost:5432";
  }

  private static String postgresDatabase(String jdbcUrl) {
    Matcher m = POSTGRES_HOST.matcher(jdbcUrl);
    return m.matches() && m.group(2) != null ? "'" + m.group(2) + "'" : "of that name";
  }

  /** The URL without a password that some write into it. */
  static String redact(String jdbcUrl) {
    return jdbcUrl == null ? "null" : PASSWORD_IN_URL.matcher(jdbcUrl).replaceAll("$1***");
  }
}
