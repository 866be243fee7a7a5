package org.villagecast.controller.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.store.UserRepository;

/**
 * Users, sign-in and bearer tokens. A token is 32 random bytes (base64url) handed to the user once;
 * the store keeps only its SHA-256 hash with an expiry. Verified tokens are cached for {@link
 * Settings#tokenCacheTime()} so an API request is not a database round trip; signing out removes
 * the token from this hub's cache at once (other hubs of a cluster forget it within that time).
 *
 * <p>Password hashing runs on a small worker pool of its own so a burst of sign-ins cannot starve
 * the workers that serve the store.
 */
public final class AuthService {
  private static final Logger LOG = LoggerFactory.getLogger(AuthService.class);

  /** The message for an unknown name and a wrong secret alike, so names cannot be probed. */
  static final String BAD_CREDENTIALS = "wrong name or secret";

  static final String BAD_TOKEN = "the token is unknown or expired: sign in again";

  private static final int TOKEN_BYTES = 32;
  private static final Pattern TOKEN_SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final int MAX_CACHED = 10_000;

  /**
   * @param sessionLifetime how long a token is valid after sign-in
   * @param tokenCacheTime how long a verified token is trusted without asking the store
   */
  public record Settings(Duration sessionLifetime, Duration tokenCacheTime) {
    public Settings {
      if (sessionLifetime.isNegative() || sessionLifetime.isZero()) {
        throw new IllegalArgumentException("sessionLifetime must be positive");
      }
      if (tokenCacheTime.isNegative()) {
        throw new IllegalArgumentException("tokenCacheTime must not be negative");
      }
    }

    /** 12 hours a session, tokens re-checked against the store every 30 s. */
    public static Settings defaults() {
      return new Settings(Duration.ofHours(12), Duration.ofSeconds(30));
    }
  }

  private record Cached(User user, Instant expiresAt, Instant trustedUntil) {}

  private final Vertx vertx;
  private final UserRepository users;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final Clock clock;
  private final Settings settings;
  private final WorkerExecutor hashing;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /**
   * With the standard hasher, a throttle of 5 failures then 30 s, and tokens re-checked against the
   * store every 30 s.
   */
  public AuthService(Vertx vertx, UserRepository users, Clock clock, Duration sessionLifetime) {
    this(
        vertx,
        users,
        new PasswordHasher(),
        new LoginThrottle(clock),
        clock,
        new Settings(sessionLifetime, Settings.defaults().tokenCacheTime()));
  }

  public AuthService(
      Vertx vertx,
      UserRepository users,
      PasswordHasher hasher,
      LoginThrottle throttle,
      Clock clock,
      Settings settings) {
    this.vertx = vertx;
    this.users = users;
    this.hasher = hasher;
    this.throttle = throttle;
    this.clock = clock;
    this.settings = settings;
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    this.hashing = vertx.createSharedWorkerExecutor("villagecast-password-hashing", threads);
  }

  /**
   * Checks a name and secret and opens a session. Fails with UNAUTHORIZED ({@value
   * #BAD_CREDENTIALS}) for an unknown name and a wrong secret alike, and with {@link
   * LoginThrottled} after too many failures.
   *
   * @param address the client's address, for the per-address throttle
   */
  public Future<Session> login(String name, String secret, String address) {
    Optional<Duration> wait = throttle.begin(name, address);
    if (wait.isPresent()) {
      LOG.warn(
          "Sign-in for {} from {} refused for {} s after repeated failures",
          printable(name),
          address,
          wait.get().toSeconds());
      return Future.failedFuture(new LoginThrottled(wait.get()));
    }
    return hashing.executeBlocking(
        () -> {
          boolean success = false;
          try {
            Session session = checkAndOpen(name, secret);
            success = true;
            return session;
          } finally {
            throttle.end(name, address, success);
            if (!success) {
              LOG.warn(
                  "Failed sign-in for {} from {}: wrong name or secret", printable(name), address);
            }
          }
        },
        false);
  }

  private Session checkAndOpen(String name, String secret) {
    Optional<User> found =
        UserRules.validName(name)
                && secret != null
                && secret.length() <= UserRules.MAX_SECRET_LENGTH
            ? users.find(name)
            : Optional.empty();
    String candidate = secret == null ? "" : secret;
    boolean matches =
        found.isPresent()
            ? hasher.verify(candidate, found.get().passwordHash())
            : hasher.verifyNothing(candidate);
    if (!matches) {
      throw new ClientError(ClientError.Kind.UNAUTHORIZED, BAD_CREDENTIALS);
    }
    User user = found.get();
    if (hasher.needsRehash(user.passwordHash())) {
      user =
          new User(
              user.name(), user.role(), user.areaScopes(), hasher.hash(secret), user.createdAt());
      users.update(user);
      LOG.info("Password hash of user {} upgraded to the current iteration count", user.name());
    }
    String token = newToken();
    Instant now = clock.instant();
    Instant expiresAt = now.plus(settings.sessionLifetime());
    String tokenHash = tokenHash(token);
    users.saveSession(tokenHash, user.name(), expiresAt);
    remember(tokenHash, user, expiresAt, now);
    LOG.info("User {} ({}) signed in; session valid until {}", user.name(), user.role(), expiresAt);
    return new Session(token, user, expiresAt);
  }

  /** The user a bearer token belongs to; fails with UNAUTHORIZED when unknown or expired. */
  public Future<User> authenticate(String token) {
    if (token == null || !TOKEN_SHAPE.matcher(token).matches()) {
      return Future.failedFuture(new ClientError(ClientError.Kind.UNAUTHORIZED, BAD_TOKEN));
    }
    String tokenHash = tokenHash(token);
    Instant now = clock.instant();
    Cached cached = cache.get(tokenHash);
    if (cached != null && now.isBefore(cached.trustedUntil()) && now.isBefore(cached.expiresAt())) {
      return Future.succeededFuture(cached.user());
    }
    return vertx.executeBlocking(
        () -> {
          Instant at = clock.instant();
          Optional<User> user = users.sessionUser(tokenHash, at).flatMap(users::find);
          if (user.isEmpty()) {
            cache.remove(tokenHash);
            throw new ClientError(ClientError.Kind.UNAUTHORIZED, BAD_TOKEN);
          }
          // The expiry is not returned by the store; the cache entry never outlives the
          // trust time, and the store checks the expiry on every refresh.
          remember(tokenHash, user.get(), at.plus(settings.tokenCacheTime()), at);
          return user.get();
        },
        false);
  }

  /** Ends the session of this token (nothing happens for an unknown token). */
  public Future<Void> logout(String token) {
    if (token == null || !TOKEN_SHAPE.matcher(token).matches()) {
      return Future.succeededFuture();
    }
    String tokenHash = tokenHash(token);
    cache.remove(tokenHash);
    return vertx.executeBlocking(
        () -> {
          users.deleteSession(tokenHash);
          return null;
        },
        false);
  }

  /**
   * Creates a user. Fails with BAD_REQUEST naming the field for a bad name, secret or scopes, and
   * with CONFLICT when the name is taken.
   */
  public Future<User> createUser(String name, Role role, Set<String> areaScopes, String secret) {
    try {
      UserRules.checkName(name);
      UserRules.checkScopes(role, areaScopes);
      UserRules.checkSecret(secret);
    } catch (ClientError refused) {
      return Future.failedFuture(refused);
    }
    return hashing.executeBlocking(
        () -> {
          User user = new User(name, role, areaScopes, hasher.hash(secret), clock.instant());
          if (!users.insert(user)) {
            throw ClientError.conflict("user '" + name + "' already exists");
          }
          LOG.info("User {} created with role {} and scopes {}", name, role, areaScopes);
          return user;
        },
        false);
  }

  /**
   * Deletes a user and ends their sessions. Fails with NOT_FOUND for an unknown name and with
   * CONFLICT for the last ADMIN (nobody could manage users any more).
   */
  public Future<User> deleteUser(String name) {
    if (!UserRules.validName(name)) {
      return Future.failedFuture(ClientError.notFound("no user '" + printable(name) + "'"));
    }
    return vertx
        .executeBlocking(
            () -> {
              User user =
                  users
                      .find(name)
                      .orElseThrow(() -> ClientError.notFound("no user '" + name + "'"));
              if (user.role() == Role.ADMIN
                  && users.all().stream().filter(u -> u.role() == Role.ADMIN).count() <= 1) {
                throw ClientError.conflict(
                    "user '" + name + "' is the last ADMIN; create another ADMIN first");
              }
              if (!users.delete(name)) {
                throw ClientError.notFound("no user '" + name + "'");
              }
              LOG.info("User {} deleted; their sessions end now", name);
              return user;
            },
            false)
        .onSuccess(deleted -> cache.values().removeIf(c -> c.user().name().equals(name)));
  }

  /**
   * Deletes the sessions that have expired (they already do not work; this only keeps the table
   * small). Call it now and then, e.g. hourly; answers how many went.
   */
  public Future<Integer> purgeExpiredSessions() {
    return vertx.executeBlocking(() -> users.deleteExpiredSessions(clock.instant()), false);
  }

  /** Every user, by name. */
  public Future<List<User>> users() {
    return vertx.executeBlocking(users::all, false);
  }

  private void remember(String tokenHash, User user, Instant expiresAt, Instant now) {
    Duration trust = settings.tokenCacheTime();
    if (trust.isZero()) {
      return;
    }
    if (cache.size() >= MAX_CACHED) {
      cache.values().removeIf(c -> !now.isBefore(c.trustedUntil()));
      if (cache.size() >= MAX_CACHED) {
        cache.clear();
      }
    }
    cache.put(tokenHash, new Cached(user, expiresAt, now.plus(trust)));
  }

  private String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The form a token is stored in: SHA-256, lower-case hex. */
  static String tokenHash(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** A user-supplied name fit for a log line: no control characters, bounded length. */
  static String printable(String name) {
    if (name == null) {
      return "<none>";
    }
    if (UserRules.validName(name)) {
      return "'" + name + "'";
    }
    return "<invalid name of " + name.length() + " characters>";
  }
}
