package org.villagecast.controller.auth;

import java.time.Instant;

/**
 * A signed-in session: the bearer token (shown to the user once; the hub keeps only its SHA-256
 * hash), who it belongs to and until when it is valid.
 */
public record Session(String token, User user, Instant expiresAt) {
  /** Never prints the token: session objects end up in logs and test output. */
  @Override
  public String toString() {
    return "Session[user=" + user.name() + ", expiresAt=" + expiresAt + "]";
  }
}
