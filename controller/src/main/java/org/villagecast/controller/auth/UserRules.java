package org.villagecast.controller.auth;

import java.util.Set;
import java.util.regex.Pattern;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.registry.Area;

/** What a user name, a secret and a role's area scopes must look like. */
public final class UserRules {
  /** Lower-case letters, digits, '.', '_' and '-'; 2 to 32 characters, starting alphanumeric. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,31}");

  public static final int MIN_SECRET_LENGTH = 12;

  /** Far above any real secret; keeps a hostile request from feeding megabytes to the KDF. */
  public static final int MAX_SECRET_LENGTH = 1024;

  public static final int MAX_SCOPES = 100;

  private UserRules() {}

  public static boolean validName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** Fails with BAD_REQUEST naming the field when the name does not fit {@link #NAME}. */
  public static void checkName(String name) {
    if (!validName(name)) {
      throw ClientError.badRequest(
          "'name' must be 2 to 32 characters: lower-case letters, digits, '.', '_' or '-',"
              + " starting with a letter or digit");
    }
  }

  /** Fails with BAD_REQUEST when the secret is too short or too long. */
  public static void checkSecret(String secret) {
    if (secret == null || secret.codePointCount(0, secret.length()) < MIN_SECRET_LENGTH) {
      throw ClientError.badRequest(
          "'secret' must be at least " + MIN_SECRET_LENGTH + " characters");
    }
    if (secret.length() > MAX_SECRET_LENGTH) {
      throw ClientError.badRequest("'secret' must be at most " + MAX_SECRET_LENGTH + " characters");
    }
  }

  /**
   * Fails with BAD_REQUEST unless VILLAGE_STAFF has 1 to {@link #MAX_SCOPES} area prefixes and
   * every other role has none.
   */
  public static void checkScopes(Role role, Set<String> areaScopes) {
    if (role == Role.VILLAGE_STAFF) {
      if (areaScopes.isEmpty()) {
        throw ClientError.badRequest(
            "'areaScopes' must hold at least one area prefix for role VILLAGE_STAFF");
      }
      if (areaScopes.size() > MAX_SCOPES) {
        throw ClientError.badRequest("'areaScopes' may hold at most " + MAX_SCOPES + " prefixes");
      }
      for (String prefix : areaScopes) {
        if (!Area.isAreaPrefix(prefix)) {
          throw ClientError.badRequest(
              "'areaScopes' entry '" + shorten(prefix) + "' must be 2, 4, 6, 9 or 12 digits");
        }
      }
    } else if (!areaScopes.isEmpty()) {
      throw ClientError.badRequest(
          "'areaScopes' must be empty for role " + role + ": it sees the whole county");
    }
  }

  private static String shorten(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
