package org.villagecast.controller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.villagecast.controller.auth.Role;
import org.villagecast.controller.auth.User;

/** Users, scopes and sessions, on H2 and PostgreSQL. */
class UserRepositoryTest extends StoreTestBase {
  private static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");

  private UserRepository users;

  @BeforeEach
  void repository() {
    users = new UserRepository(db);
  }

  /** Verifies that users read back equal, with and without scopes, and are counted. */
  @Test
  void insert_find_roundTrip() {
    // GIVEN an admin without scopes and a clerk with two
    User admin = new User("admin", Role.ADMIN, Set.of(), "$argon2id$v=19$abc", T0);
    User clerk =
        new User("张村干部", Role.VILLAGE_STAFF, Set.of("110101001001", "110101001002"), "$h$2", T0);
    assertThat(users.count()).isZero();

    // WHEN they are inserted
    assertThat(users.insert(clerk)).isTrue();
    assertThat(users.insert(admin)).isTrue();

    // THEN both read back equal, all() by name, and they are counted
    assertThat(users.find("admin")).contains(admin);
    assertThat(users.find("张村干部")).contains(clerk);
    assertThat(users.find("nobody")).isEmpty();
    assertThat(users.all())
        .extracting(User::name)
        .isSorted()
        .containsExactlyInAnyOrder("admin", "张村干部");
    assertThat(users.all()).containsExactlyInAnyOrder(admin, clerk);
    assertThat(users.count()).isEqualTo(2);
  }

  /** Verifies that inserting a taken name returns false and changes nothing. */
  @Test
  void insert_existingName_falseAndUnchanged() {
    // GIVEN a user
    User original = new User("op", Role.OPERATOR, Set.of(), "hash-1", T0);
    users.insert(original);

    // WHEN another with the same name is inserted
    boolean inserted =
        users.insert(new User("op", Role.VILLAGE_STAFF, Set.of("11"), "hash-2", T0.plusSeconds(1)));

    // THEN false, and the stored user is the original
    assertThat(inserted).isFalse();
    assertThat(users.all()).containsExactly(original);
  }

  /** Verifies that of many hubs' threads inserting one name at once, exactly one succeeds. */
  @Test
  void insert_sameNameConcurrently_exactlyOneTrue() throws Exception {
    // GIVEN 8 threads, half on a second pool, ready to insert "admin" at once
    try (Database second = database.open()) {
      UserRepository other = new UserRepository(second);
      ExecutorService threads = Executors.newFixedThreadPool(8);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        UserRepository repository = i % 2 == 0 ? users : other;
        User user = new User("admin", Role.ADMIN, Set.of("1" + i), "hash-" + i, T0);
        results.add(
            threads.submit(
                () -> {
                  go.await();
                  return repository.insert(user);
                }));
      }

      // WHEN they go
      go.countDown();
      int succeeded = 0;
      for (Future<Boolean> result : results) {
        succeeded += result.get() ? 1 : 0;
      }
      threads.shutdown();

      // THEN one inserted; the stored user has that one's scopes only
      assertThat(succeeded).isEqualTo(1);
      User stored = users.find("admin").orElseThrow();
      assertThat(stored.areaScopes()).containsExactly("1" + stored.passwordHash().substring(5));
    }
  }

  /** Verifies that update replaces role, hash and scopes, and fails for an unknown user. */
  @Test
  void update_replaces_unknownFails() {
    // GIVEN a clerk with two scopes
    users.insert(new User("clerk", Role.VILLAGE_STAFF, Set.of("11", "12"), "old", T0));

    // WHEN the clerk becomes a technician with a new password
    User changed = new User("clerk", Role.TECHNICIAN, Set.of(), "new", T0);
    users.update(changed);

    // THEN the stored user is the changed one; an unknown user cannot be updated
    assertThat(users.find("clerk")).contains(changed);
    assertThatThrownBy(() -> users.update(new User("ghost", Role.ADMIN, Set.of(), "h", T0)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("no such user");
  }

  /** Verifies that deleting a user deletes its sessions and says whether it existed. */
  @Test
  void delete_removesUserAndSessions() {
    // GIVEN a user with a session, and another user
    users.insert(new User("a", Role.OPERATOR, Set.of("11"), "h", T0));
    users.insert(new User("b", Role.OPERATOR, Set.of(), "h", T0));
    users.saveSession("token-hash-a", "a", T0.plusSeconds(60));

    // WHEN it is deleted twice / THEN true then false; its session is gone, b stays
    assertThat(users.delete("a")).isTrue();
    assertThat(users.delete("a")).isFalse();
    assertThat(users.sessionUser("token-hash-a", T0)).isEmpty();
    assertThat(users.all()).extracting(User::name).containsExactly("b");
  }

  /** Verifies that a session names its user until it expires, and not once deleted. */
  @Test
  void sessions_expireAndDelete() {
    // GIVEN a user with two sessions ending at T0+60 s and T0+120 s
    users.insert(new User("op", Role.OPERATOR, Set.of(), "h", T0));
    users.saveSession("h1", "op", T0.plusSeconds(60));
    users.saveSession("h2", "op", T0.plusSeconds(120));

    // WHEN time passes / THEN a session is valid before its end and not at or after it
    assertThat(users.sessionUser("h1", T0)).contains("op");
    assertThat(users.sessionUser("h1", T0.plusSeconds(60).minusNanos(1000))).contains("op");
    assertThat(users.sessionUser("h1", T0.plusSeconds(60))).isEmpty();
    assertThat(users.sessionUser("unknown", T0)).isEmpty();

    // AND housekeeping deletes only expired ones, deleteSession the one named
    assertThat(users.deleteExpiredSessions(T0.plusSeconds(60))).isEqualTo(1);
    assertThat(users.sessionUser("h2", T0)).contains("op");
    users.deleteSession("h2");
    assertThat(users.sessionUser("h2", T0)).isEmpty();
  }

  /** Verifies that all sessions of one user end together, and only that user's. */
  @Test
  void deleteSessionsOf_onlyThatUser() {
    // GIVEN two users with sessions
    users.insert(new User("a", Role.OPERATOR, Set.of(), "h", T0));
    users.insert(new User("b", Role.OPERATOR, Set.of(), "h", T0));
    users.saveSession("a1", "a", T0.plusSeconds(60));
    users.saveSession("a2", "a", T0.plusSeconds(60));
    users.saveSession("b1", "b", T0.plusSeconds(60));

    // WHEN a's sessions are deleted / THEN two went and b's stays
    assertThat(users.deleteSessionsOf("a")).isEqualTo(2);
    assertThat(users.sessionUser("a1", T0)).isEmpty();
    assertThat(users.sessionUser("b1", T0)).contains("b");
  }

  /** Verifies that a session of an unknown user is refused (the foreign key holds). */
  @Test
  void saveSession_unknownUser_fails() {
    assertThatThrownBy(() -> users.saveSession("x", "ghost", T0))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("could not store a session of user ghost");
  }
}
