package org.villagecast.controller.auth;

import java.time.Instant;
import java.util.Set;

/**
 * A person who signs in to the API.
 *
 * @param areaScopes area prefixes a VILLAGE_STAFF user may see and command; empty for other roles
 * @param passwordHash the slow-KDF hash ({@link PasswordHasher} format), never the secret
 */
public record User(
    String name, Role role, Set<String> areaScopes, String passwordHash, Instant createdAt) {
  public User {
    areaScopes = Set.copyOf(areaScopes);
  }

  /** Leaves the password hash out: users end up in logs and test output. */
  @Override
  public String toString() {
    return "User[name=" + name + ", role=" + role + ", areaScopes=" + areaScopes + "]";
  }
}
