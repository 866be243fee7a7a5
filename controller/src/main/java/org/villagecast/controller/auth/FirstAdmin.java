package org.villagecast.controller.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.store.UserRepository;

/**
 * The first start: a store without users gets the user {@value #NAME} with role ADMIN. Its secret
 * comes from the environment variable {@value #SECRET_VARIABLE}, or is generated and returned so
 * the hub prints it once. There is no default password.
 */
public final class FirstAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(FirstAdmin.class);

  public static final String NAME = "admin";
  public static final String SECRET_VARIABLE = "VILLAGECAST_ADMIN_SECRET";

  /** Letters and digits that cannot be mistaken for one another when read aloud or copied. */
  static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  static final int GENERATED_LENGTH = 20;

  private FirstAdmin() {}

  /**
   * Creates the first admin if the store has no user. Blocking (a store call and a slow hash): call
   * it on a worker thread.
   *
   * @param environment the process environment ({@code System.getenv()})
   * @return the generated secret to show once, or empty when users already existed or the secret
   *     came from the environment
   * @throws IllegalStateException when {@value #SECRET_VARIABLE} is set but too short
   */
  public static Optional<String> ensure(
      UserRepository users,
      PasswordHasher hasher,
      Map<String, String> environment,
      Clock clock,
      SecureRandom random) {
    if (users.count() > 0) {
      if (environment.containsKey(SECRET_VARIABLE)) {
        LOG.info(
            "{} is ignored: users exist already (change secrets through the API instead)",
            SECRET_VARIABLE);
      }
      return Optional.empty();
    }
    String fromEnvironment = environment.get(SECRET_VARIABLE);
    String secret = fromEnvironment == null ? generate(random) : fromEnvironment;
    try {
      UserRules.checkSecret(secret);
    } catch (ClientError tooShort) {
      throw new IllegalStateException(
          SECRET_VARIABLE
              + " must be "
              + UserRules.MIN_SECRET_LENGTH
              + " to "
              + UserRules.MAX_SECRET_LENGTH
              + " characters; set a longer one, or unset it to have a secret generated");
    }
    User admin = new User(NAME, Role.ADMIN, Set.of(), hasher.hash(secret), clock.instant());
    if (!users.insert(admin)) {
      // Another hub sharing the store created it first; its secret is the one that works.
      LOG.info("The first admin was created by another hub at the same time");
      return Optional.empty();
    }
    if (fromEnvironment != null) {
      LOG.info("Created user '{}' (ADMIN) with the secret from {}", NAME, SECRET_VARIABLE);
      return Optional.empty();
    }
    return Optional.of(secret);
  }

  /** A random secret of {@value #GENERATED_LENGTH} characters of {@link #ALPHABET} (~115 bits). */
  static String generate(SecureRandom random) {
    StringBuilder secret = new StringBuilder(GENERATED_LENGTH);
    for (int i = 0; i < GENERATED_LENGTH; i++) {
      secret.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return secret.toString();
  }
}
