package org.villagecast.controller.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.store.Database;
import org.villagecast.controller.store.UserRepository;
import org.villagecast.protocol.testing.MutableClock;

/** Users, sign-in and tokens on a real H2 store. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthServiceTest {
  private static final String SECRET = "a long enough secret";

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T08:00:00Z"));
  private Vertx vertx;
  private Database db;
  private UserRepository users;
  private AuthService auth;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    db = Database.open(Database.h2FileUrl(dir.resolve("hub")), "hub", "test-secret");
    users = new UserRepository(db);
    auth =
        new AuthService(
            vertx,
            users,
            new PasswordHasher(),
            new LoginThrottle(clock),
            clock,
            new AuthService.Settings(Duration.ofHours(12), Duration.ofSeconds(30)));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
    db.close();
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** The failure of a future, unwrapped. */
  static Throwable failure(Future<?> future) throws Exception {
    try {
      await(future);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected a failure");
  }

  private User operator() throws Exception {
    return await(auth.createUser("op", Role.OPERATOR, Set.of(), SECRET));
  }

  /**
   * Verifies that sign-in answers a 43-character token of which the store holds only the SHA-256
   * hash, and that the token names the user.
   */
  @Test
  void login_tokenStoredOnlyAsHash() throws Exception {
    // GIVEN an operator
    operator();

    // WHEN they sign in
    Session session = await(auth.login("op", SECRET, "10.0.0.1"));

    // THEN a 32-byte base64url token, valid 12 h, of which only the hash is stored
    assertThat(session.token()).matches("[A-Za-z0-9_-]{43}");
    assertThat(Base64.getUrlDecoder().decode(session.token())).hasSize(32);
    assertThat(session.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(12)));
    assertThat(users.sessionUser(AuthService.tokenHash(session.token()), clock.instant()))
        .contains("op");
    assertThat(users.sessionUser(session.token(), clock.instant())).isEmpty();
    assertThat(session.toString()).doesNotContain(session.token());
    assertThat(await(auth.authenticate(session.token())).name()).isEqualTo("op");
  }

  /** Verifies that an unknown name and a wrong secret fail alike, with UNAUTHORIZED. */
  @Test
  void login_unknownNameAndWrongSecret_sameRefusal() throws Exception {
    // GIVEN an operator
    operator();

    // WHEN an unknown name and a wrong secret try
    Throwable unknown = failure(auth.login("nobody", SECRET, "10.0.0.1"));
    Throwable wrong = failure(auth.login("op", "not the secret at all", "10.0.0.2"));

    // THEN both are UNAUTHORIZED with the same words
    assertThat(unknown).isInstanceOf(ClientError.class);
    assertThat(((ClientError) unknown).kind()).isEqualTo(ClientError.Kind.UNAUTHORIZED);
    assertThat(wrong).isInstanceOf(ClientError.class).hasMessage(unknown.getMessage());
    assertThat(((ClientError) wrong).kind()).isEqualTo(ClientError.Kind.UNAUTHORIZED);
  }

  /** Verifies that after 5 wrong secrets even the right one is refused until the lockout passes. */
  @Test
  void login_afterFiveFailures_throttled() throws Exception {
    // GIVEN 5 wrong secrets for "op"
    operator();
    for (int i = 0; i < 5; i++) {
      assertThat(failure(auth.login("op", "wrong secret " + i, "10.0.0." + i)))
          .isInstanceOf(ClientError.class);
    }

    // WHEN the right secret comes
    Throwable refused = failure(auth.login("op", SECRET, "10.0.0.99"));

    // THEN throttled for 30 s; after that it works
    assertThat(refused).isInstanceOf(LoginThrottled.class);
    assertThat(((LoginThrottled) refused).retryAfterSeconds()).isEqualTo(30);
    clock.advance(Duration.ofSeconds(30));
    assertThat(await(auth.login("op", SECRET, "10.0.0.99")).user().name()).isEqualTo("op");
  }

  /** Verifies that tokens stop working after 12 h, and unknown or malformed ones never work. */
  @Test
  void authenticate_expiredUnknownMalformed_unauthorized() throws Exception {
    // GIVEN a session
    operator();
    Session session = await(auth.login("op", SECRET, "10.0.0.1"));

    // WHEN 12 h pass
    clock.advance(Duration.ofHours(12));

    // THEN the token, an unknown and a malformed one are all UNAUTHORIZED
    for (String token :
        new String[] {
          session.token(), "A".repeat(43), "short", "", null, session.token() + "x", "é".repeat(43)
        }) {
      Throwable refused = failure(auth.authenticate(token));
      assertThat(refused).isInstanceOf(ClientError.class);
      assertThat(((ClientError) refused).kind()).isEqualTo(ClientError.Kind.UNAUTHORIZED);
    }
  }

  /**
   * Verifies that a verified token is trusted from the cache for 30 s without the store (it keeps
   * working when its row is deleted behind the service's back), and asked again after that.
   */
  @Test
  void authenticate_cachedForTrustTime() throws Exception {
    // GIVEN a session whose row is removed behind the service's back
    operator();
    Session session = await(auth.login("op", SECRET, "10.0.0.1"));
    users.deleteSession(AuthService.tokenHash(session.token()));

    // WHEN it is used within 30 s, and again after 30 s
    User cached = await(auth.authenticate(session.token()));
    clock.advance(Duration.ofSeconds(30));
    Throwable later = failure(auth.authenticate(session.token()));

    // THEN the cache answered first, the store after
    assertThat(cached.name()).isEqualTo("op");
    assertThat(later).isInstanceOf(ClientError.class);
  }

  /** Verifies that purging removes expired sessions only. */
  @Test
  void purgeExpiredSessions_onlyExpired() throws Exception {
    // GIVEN a session that will expire, and one made 12 h later
    operator();
    Session old = await(auth.login("op", SECRET, "10.0.0.1"));
    clock.advance(Duration.ofHours(12));
    Session fresh = await(auth.login("op", SECRET, "10.0.0.1"));

    // WHEN expired sessions are purged
    int purged = await(auth.purgeExpiredSessions());

    // THEN the old one is gone from the store, the fresh one works
    assertThat(purged).isEqualTo(1);
    assertThat(users.deleteExpiredSessions(clock.instant())).isZero();
    assertThat(await(auth.authenticate(fresh.token())).name()).isEqualTo("op");
    assertThat(failure(auth.authenticate(old.token()))).isInstanceOf(ClientError.class);
  }

  /** Verifies that signing out ends the session at once, cache or not. */
  @Test
  void logout_endsSessionAtOnce() throws Exception {
    // GIVEN a session just used (so it is cached)
    operator();
    Session session = await(auth.login("op", SECRET, "10.0.0.1"));
    await(auth.authenticate(session.token()));

    // WHEN it signs out
    await(auth.logout(session.token()));

    // THEN the token fails at once and the store holds no session
    assertThat(failure(auth.authenticate(session.token()))).isInstanceOf(ClientError.class);
    assertThat(users.sessionUser(AuthService.tokenHash(session.token()), clock.instant()))
        .isEmpty();
  }

  /** Verifies that deleting a user ends their sessions at once and keeps the last admin. */
  @Test
  void deleteUser_endsSessions_lastAdminKept() throws Exception {
    // GIVEN an admin and an operator, both signed in
    await(auth.createUser("admin", Role.ADMIN, Set.of(), SECRET));
    operator();
    Session session = await(auth.login("op", SECRET, "10.0.0.1"));
    await(auth.authenticate(session.token()));

    // WHEN the operator is deleted, and then the only admin
    await(auth.deleteUser("op"));
    Throwable lastAdmin = failure(auth.deleteUser("admin"));

    // THEN the operator's token fails, the admin stays (CONFLICT), unknown names are NOT_FOUND
    assertThat(failure(auth.authenticate(session.token()))).isInstanceOf(ClientError.class);
    assertThat(((ClientError) lastAdmin).kind()).isEqualTo(ClientError.Kind.CONFLICT);
    assertThat(users.find("admin")).isPresent();
    Throwable unknown = failure(auth.deleteUser("op"));
    assertThat(((ClientError) unknown).kind()).isEqualTo(ClientError.Kind.NOT_FOUND);
  }

  /** Verifies that bad names, secrets and scopes are refused naming the field, storing nothing. */
  @Test
  void createUser_invalid_badRequestNothingStored() throws Exception {
    record Case(String name, Role role, Set<String> scopes, String secret, String field) {}
    Case[] cases = {
      new Case("A", Role.OPERATOR, Set.of(), SECRET, "'name'"),
      new Case("Upper", Role.OPERATOR, Set.of(), SECRET, "'name'"),
      new Case("has space", Role.OPERATOR, Set.of(), SECRET, "'name'"),
      new Case("x".repeat(33), Role.OPERATOR, Set.of(), SECRET, "'name'"),
      new Case("op", Role.OPERATOR, Set.of(), "elevenchars", "'secret'"),
      new Case("op", Role.OPERATOR, Set.of(), "x".repeat(1025), "'secret'"),
      new Case("op", Role.OPERATOR, Set.of("3205"), SECRET, "'areaScopes'"),
      new Case("clerk", Role.VILLAGE_STAFF, Set.of(), SECRET, "'areaScopes'"),
      new Case("clerk", Role.VILLAGE_STAFF, Set.of("32058"), SECRET, "'areaScopes'"),
    };
    for (Case c : cases) {
      // WHEN the user is created
      Throwable refused = failure(auth.createUser(c.name, c.role, c.scopes, c.secret));

      // THEN BAD_REQUEST naming the field
      assertThat(refused).as(c.toString()).isInstanceOf(ClientError.class);
      assertThat(((ClientError) refused).kind()).isEqualTo(ClientError.Kind.BAD_REQUEST);
      assertThat(refused.getMessage()).as(c.toString()).contains(c.field);
    }
    // AND nothing was stored
    assertThat(users.count()).isZero();
  }

  /** Verifies that a taken name is a CONFLICT and the first user is kept. */
  @Test
  void createUser_takenName_conflict() throws Exception {
    // GIVEN an operator
    User first = operator();

    // WHEN another "op" is created
    Throwable refused = failure(auth.createUser("op", Role.TECHNICIAN, Set.of(), SECRET + "2"));

    // THEN CONFLICT, and the stored one is unchanged
    assertThat(((ClientError) refused).kind()).isEqualTo(ClientError.Kind.CONFLICT);
    assertThat(users.find("op").orElseThrow().role()).isEqualTo(first.role());
  }

  /** Verifies that a village clerk keeps their area scopes and signs in with them. */
  @Test
  void createUser_staffWithScopes_roundTrip() throws Exception {
    // WHEN a clerk of two villages is created and signs in
    await(
        auth.createUser(
            "clerk", Role.VILLAGE_STAFF, Set.of("320583101001", "320583101002"), SECRET));
    Session session = await(auth.login("clerk", SECRET, "10.0.0.1"));

    // THEN the session's user has both scopes, and no password hash leaks into its text
    assertThat(session.user().areaScopes())
        .containsExactlyInAnyOrder("320583101001", "320583101002");
    assertThat(session.user().toString()).doesNotContain("pbkdf2");
  }

  /** Verifies that a hash made with fewer iterations is upgraded at the next sign-in. */
  @Test
  void login_weakerHash_upgraded() throws Exception {
    // GIVEN a user whose hash has only 1000 iterations (made here with the JDK)
    byte[] salt = new byte[16];
    byte[] hash =
        SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(new PBEKeySpec(SECRET.toCharArray(), salt, 1000, 256))
            .getEncoded();
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    String weak = "pbkdf2-sha256$1000$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    users.insert(new User("old", Role.TECHNICIAN, Set.of(), weak, clock.instant()));

    // WHEN they sign in
    await(auth.login("old", SECRET, "10.0.0.1"));

    // THEN the stored hash has the current iteration count and still matches
    String upgraded = users.find("old").orElseThrow().passwordHash();
    assertThat(upgraded).startsWith("pbkdf2-sha256$210000$");
    assertThat(new PasswordHasher().verify(SECRET, upgraded)).isTrue();
  }
}
