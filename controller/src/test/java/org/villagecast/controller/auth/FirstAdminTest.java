package org.villagecast.controller.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.store.Database;
import org.villagecast.controller.store.UserRepository;

/** The first start's admin, on a real H2 store. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FirstAdminTest {
  private static final PasswordHasher HASHER = new PasswordHasher();

  @TempDir Path dir;

  private Database db;
  private UserRepository users;

  @BeforeEach
  void open() {
    db = Database.open(Database.h2FileUrl(dir.resolve("hub")), "hub", "test-secret");
    users = new UserRepository(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private Optional<String> ensure(Map<String, String> env) {
    return FirstAdmin.ensure(users, HASHER, env, Clock.systemUTC(), new SecureRandom());
  }

  /** Verifies that an empty store gets an ADMIN "admin" whose generated secret is returned once. */
  @Test
  void emptyStore_generatedSecret() {
    // WHEN the first start runs without the variable
    Optional<String> secret = ensure(Map.of());

    // THEN a 20-character secret of the unambiguous alphabet, which is admin's secret
    assertThat(secret).isPresent();
    assertThat(secret.get()).hasSize(20).matches("[" + FirstAdmin.ALPHABET + "]+");
    assertThat(secret.get()).doesNotContainPattern("[0O1lI]");
    User admin = users.find("admin").orElseThrow();
    assertThat(admin.role()).isEqualTo(Role.ADMIN);
    assertThat(admin.areaScopes()).isEmpty();
    assertThat(HASHER.verify(secret.get(), admin.passwordHash())).isTrue();
  }

  /** Verifies that the secret from VILLAGECAST_ADMIN_SECRET is used and nothing is returned. */
  @Test
  void emptyStore_secretFromEnvironment() {
    // WHEN the first start runs with the variable
    Optional<String> shown = ensure(Map.of(FirstAdmin.SECRET_VARIABLE, "county-ops-2025!"));

    // THEN nothing to show, and admin signs in with the variable's secret
    assertThat(shown).isEmpty();
    assertThat(HASHER.verify("county-ops-2025!", users.find("admin").orElseThrow().passwordHash()))
        .isTrue();
  }

  /** Verifies that a too-short secret in the environment stops the start and creates nobody. */
  @Test
  void emptyStore_shortEnvironmentSecret_refused() {
    assertThatThrownBy(() -> ensure(Map.of(FirstAdmin.SECRET_VARIABLE, "admin")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(FirstAdmin.SECRET_VARIABLE)
        .hasMessageContaining("12");
    assertThat(users.count()).isZero();
  }

  /** Verifies that a store with users is left alone, even with the variable set. */
  @Test
  void usersExist_nothingChanges() {
    // GIVEN a first start
    String first = ensure(Map.of()).orElseThrow();
    String hash = users.find("admin").orElseThrow().passwordHash();

    // WHEN the hub starts again, with and without the variable
    Optional<String> second = ensure(Map.of());
    Optional<String> third = ensure(Map.of(FirstAdmin.SECRET_VARIABLE, "another secret 2025"));

    // THEN nothing is shown and the admin's secret is still the first one
    assertThat(second).isEmpty();
    assertThat(third).isEmpty();
    assertThat(users.count()).isEqualTo(1);
    assertThat(users.find("admin").orElseThrow().passwordHash()).isEqualTo(hash);
    assertThat(HASHER.verify(first, hash)).isTrue();
  }

  /** Verifies that generated secrets differ from run to run (no default password). */
  @Test
  void generate_differsEveryTime() {
    // WHEN 1000 secrets are generated
    Set<String> secrets = new HashSet<>();
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 1000; i++) {
      secrets.add(FirstAdmin.generate(random));
    }

    // THEN all differ, and together they use the whole alphabet
    assertThat(secrets).hasSize(1000);
    Set<Character> used = new HashSet<>();
    secrets.forEach(s -> s.chars().forEach(c -> used.add((char) c)));
    assertThat(used).hasSize(FirstAdmin.ALPHABET.length());
  }
}
