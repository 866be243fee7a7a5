package org.villagecast.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.villagecast.controller.auth.Role;
import org.villagecast.controller.auth.User;
import org.villagecast.controller.delivery.Command;
import org.villagecast.controller.delivery.Delivery;
import org.villagecast.controller.delivery.DeliveryState;
import org.villagecast.controller.delivery.Targets;
import org.villagecast.controller.registry.Alarm;
import org.villagecast.controller.registry.AlarmKind;
import org.villagecast.controller.registry.Area;
import org.villagecast.controller.registry.Group;
import org.villagecast.controller.registry.StatusRecord;
import org.villagecast.controller.registry.Terminal;
import org.villagecast.controller.registry.TerminalStatus;

/** Opening, migrating, re-opening and closing the database, on H2 and PostgreSQL. */
class DatabaseTest extends StoreTestBase {
  private static final List<String> TABLES =
      List.of(
          "terminal",
          "terminal_status",
          "status_history",
          "area",
          "grp",
          "grp_area",
          "grp_terminal",
          "alarm",
          "command",
          "delivery",
          "app_user",
          "user_scope",
          "session",
          "hub_state",
          "audit_log",
          "audit_head",
          "clip",
          "schedule_set_version",
          "schedule_firing",
          "scheduler_alive");

  private static final Instant T0 = Instant.parse("2025-06-01T08:00:00.123456Z");
  private static final String RC = "10000000000000101010101";

  /** Verifies that opening an empty database creates every table and reports the vendor. */
  @Test
  void open_emptyDatabase_migratesEveryTable() throws SQLException {
    // GIVEN the database opened on an empty one (in openDatabase)
    // WHEN the tables are counted
    // THEN every table exists, only the seeded rows are there, and the vendor is named
    for (String table : TABLES) {
      long expected = table.equals("hub_state") || table.equals("audit_head") ? 1 : 0;
      assertThat(count(table)).as(table).isEqualTo(expected);
    }
    assertThat(appliedMigrations()).isEqualTo(migrationScripts());
    assertThat(db.vendor()).isEqualTo(vendor.vendorName());
    assertThat(db.ping()).isTrue();
  }

  /** Verifies that opening a migrated database again applies nothing twice and keeps its rows. */
  @Test
  void open_again_isIdempotent() throws SQLException {
    // GIVEN a migrated database with one area
    new AreaRepository(db).save(new Area("110101", "东城区"));
    db.close();

    // WHEN it is opened twice more
    try (Database second = database.open()) {
      second.close();
    }
    db = database.open();

    // THEN the migration ran once and the area is still there
    assertThat(appliedMigrations()).isEqualTo(migrationScripts());
    assertThat(count("hub_state")).isEqualTo(1);
    assertThat(new AreaRepository(db).all()).containsExactly(new Area("110101", "东城区"));
  }

  /** Verifies that what every repository stored is intact after the hub closes and re-opens. */
  @Test
  void restart_dataIntact() {
    // GIVEN one of everything stored
    Terminal terminal = Terminal.firstSeen(RC, T0).accept(T0.plusSeconds(5), 30);
    TerminalStatus status =
        new TerminalStatus(
            true, T0, "RUNNING", 0, 70, true, 0, 412, 12_100, "OK", -71, "1.2.3", 0x10, T0);
    StatusRecord record = new StatusRecord(RC, T0, true, "RUNNING", 0);
    Group group = new Group(7, "学校", Set.of("110101"), Set.of(RC));
    Command command =
        new Command(
            42,
            "PLAY",
            "{\"text\":\"测试\"}",
            Targets.ofAreas("110101"),
            "operator",
            T0,
            T0.plusSeconds(60),
            1,
            false);
    Delivery delivery =
        new Delivery(
            42, RC, DeliveryState.ACKNOWLEDGED, 1, T0, T0.plusMillis(80), null, null, null);
    User user = new User("clerk", Role.VILLAGE_STAFF, Set.of("110101001001"), "$kdf$x", T0);
    new TerminalRepository(db).save(terminal);
    new TerminalRepository(db).saveStatuses(Map.of(RC, status));
    new TerminalRepository(db).appendHistory(List.of(record));
    new AreaRepository(db).save(new Area("110101", "东城区"));
    new GroupRepository(db).save(group);
    Alarm alarm =
        new AlarmRepository(db).insert(new Alarm(0, RC, AlarmKind.LINE_OPEN, T0, null, "line"));
    new CommandRepository(db).insert(command);
    new CommandRepository(db).saveDeliveries(List.of(delivery));
    new UserRepository(db).insert(user);
    new UserRepository(db).saveSession("hash-1", "clerk", T0.plusSeconds(3600));
    long firstBlock = new HubStateRepository(db).reserveMessageIds(100);
    AuditEntry entry = new AuditRepository(db).append(T0, "operator", "command", "42", "PLAY");

    // WHEN the database is closed and opened again
    db.close();
    db = database.open();

    // THEN every record reads back equal, and message ids continue after the last block
    assertThat(new TerminalRepository(db).find(RC)).contains(terminal);
    assertThat(new TerminalRepository(db).allStatuses()).isEqualTo(Map.of(RC, status));
    assertThat(new TerminalRepository(db).history(RC, 10)).containsExactly(record);
    assertThat(new AreaRepository(db).all()).containsExactly(new Area("110101", "东城区"));
    assertThat(new GroupRepository(db).all()).containsExactly(group);
    assertThat(new AlarmRepository(db).open()).containsExactly(alarm);
    assertThat(new CommandRepository(db).find(42)).contains(command);
    assertThat(new CommandRepository(db).deliveries(42)).containsExactly(delivery);
    assertThat(new UserRepository(db).find("clerk")).contains(user);
    assertThat(new UserRepository(db).sessionUser("hash-1", T0)).contains("clerk");
    long nextBlock =
        firstBlock + 100 > HubStateRepository.MAX_MESSAGE_ID - 99 ? 1 : firstBlock + 100;
    assertThat(new HubStateRepository(db).reserveMessageIds(100)).isEqualTo(nextBlock);
    assertThat(new AuditRepository(db).recent(10)).containsExactly(entry);
    assertThat(new AuditRepository(db).firstBrokenLink()).isEmpty();
  }

  /** Verifies that a wrong password is refused with a message that says so and names the user. */
  @Test
  void open_wrongPassword_saysSo() {
    // GIVEN a database that exists with a password (H2 sets it when it creates the file)
    TestDatabase wrong =
        new TestDatabase(vendor, database.url(), database.user(), database.password() + "-wrong");

    // WHEN it is opened with another password / THEN the message names the cause and the user
    assertThatThrownBy(wrong::open)
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("wrong user name or password")
        .hasMessageContaining("'" + database.user() + "'");
  }

  /** Verifies that ping answers false once the database is closed, instead of throwing. */
  @Test
  void ping_afterClose_false() {
    // GIVEN an open database that answers
    assertThat(db.ping()).isTrue();

    // WHEN it is closed
    db.close();

    // THEN ping says no
    assertThat(db.ping()).isFalse();
  }

  /** Verifies that a statement failing in a repository becomes a StoreException naming the job. */
  @Test
  void failure_namesWhatFailed() {
    // GIVEN a command stored once
    CommandRepository commands = new CommandRepository(db);
    Command command = new Command(1, "STOP", null, Targets.ofAreas("11"), "op", T0, T0, 0, false);
    commands.insert(command);

    // WHEN the same id is stored again / THEN the message says what the hub was doing
    assertThatThrownBy(() -> commands.insert(command))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("could not store command 1")
        .hasMessageContaining(vendor.vendorName());
  }

  private long count(String table) throws SQLException {
    return scalar("SELECT COUNT(*) FROM " + table);
  }

  /**
   * The migration scripts on the classpath (V1__..., V2__...): each must have run exactly once.
   * Counted, not written down, so that a new migration does not have to change this test.
   */
  private static long migrationScripts() {
    try (var files =
        java.nio.file.Files.list(
            java.nio.file.Path.of(Database.class.getResource("/db/migration").toURI()))) {
      return files.filter(f -> f.getFileName().toString().matches("V\\d+__.+\\.sql")).count();
    } catch (java.io.IOException | java.net.URISyntaxException e) {
      throw new AssertionError("cannot list the migrations: " + e, e);
    }
  }

  /** Migration scripts Flyway ran (its table also records its own creation, on H2). */
  private long appliedMigrations() throws SQLException {
    return scalar("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"type\" = 'SQL'");
  }

  private long scalar(String query) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
