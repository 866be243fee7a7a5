package org.villagecast.controller.store;

import static org.villagecast.controller.store.Columns.getEnum;
import static org.villagecast.controller.store.Columns.getInstant;
import static org.villagecast.controller.store.Columns.setInstant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.villagecast.controller.auth.Role;
import org.villagecast.controller.auth.User;

/**
 * Users with their area scopes, and signed-in sessions (tables {@code app_user}, {@code
 * user_scope}, {@code session}). A session is stored by a hash of its token only, so a copy of the
 * database lets nobody sign in. Blocking; safe from any thread.
 */
public final class UserRepository {
  private final Database db;

  public UserRepository(Database db) {
    this.db = db;
  }

  /** Stores a new user with its scopes; false (and nothing stored) if the name is taken. */
  public boolean insert(User user) {
    return db.transaction(
        "store user " + user.name(),
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement(
                  "INSERT INTO app_user (name, role, password_hash, created_at_us)"
                      + " VALUES (?, ?, ?, ?)")) {
            statement.setString(1, user.name());
            statement.setString(2, user.role().name());
            statement.setString(3, user.passwordHash());
            setInstant(statement, 4, user.createdAt());
            statement.executeUpdate();
          } catch (SQLException e) {
            if (Database.isUniqueViolation(e)) {
              // PostgreSQL has aborted the transaction: end it here, the caller's commit is empty.
              c.rollback();
              return false;
            }
            throw e;
          }
          insertScopes(c, user);
          return true;
        });
  }

  /** Replaces the role, password hash, creation time and scopes of a stored user. */
  public void update(User user) {
    db.transaction(
        "update user " + user.name(),
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement(
                  "UPDATE app_user SET role = ?, password_hash = ?, created_at_us = ?"
                      + " WHERE name = ?")) {
            statement.setString(1, user.role().name());
            statement.setString(2, user.passwordHash());
            setInstant(statement, 3, user.createdAt());
            statement.setString(4, user.name());
            if (statement.executeUpdate() == 0) {
              throw new StoreException(
                  "could not update user '" + user.name() + "': there is no such user");
            }
          }
          try (PreparedStatement statement =
              c.prepareStatement("DELETE FROM user_scope WHERE user_name = ?")) {
            statement.setString(1, user.name());
            statement.executeUpdate();
          }
          insertScopes(c, user);
          return null;
        });
  }

  public Optional<User> find(String name) {
    return db.autoCommit(
        "read user " + name,
        c -> {
          List<User> found = users(c, name);
          return found.stream().findFirst();
        });
  }

  /** Every user, by name. */
  public List<User> all() {
    return db.autoCommit("read users", c -> users(c, null));
  }

  /** Deletes a user, its scopes and its sessions; false if there was none. */
  public boolean delete(String name) {
    return db.transaction(
        "delete user " + name,
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement("DELETE FROM app_user WHERE name = ?")) {
            statement.setString(1, name);
            return statement.executeUpdate() > 0;
          }
        });
  }

  /** How many users exist (0 on the first start: time to create the admin). */
  public long count() {
    return db.autoCommit(
        "count users",
        c -> {
          try (PreparedStatement statement = c.prepareStatement("SELECT COUNT(*) FROM app_user");
              ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
          }
        });
  }

  /** Stores a session of a stored user by the hash of its token. */
  public void saveSession(String tokenHash, String userName, Instant expiresAt) {
    db.autoCommit(
        "store a session of user " + userName,
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement(
                  "INSERT INTO session (token_hash, user_name, expires_at_us) VALUES (?, ?, ?)")) {
            statement.setString(1, tokenHash);
            statement.setString(2, userName);
            setInstant(statement, 3, expiresAt);
            return statement.executeUpdate();
          }
        });
  }

  /** The user of a session that has not expired at {@code now}, or empty. */
  public Optional<String> sessionUser(String tokenHash, Instant now) {
    return db.autoCommit(
        "read a session",
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement(
                  "SELECT user_name FROM session WHERE token_hash = ? AND expires_at_us > ?")) {
            statement.setString(1, tokenHash);
            setInstant(statement, 2, now);
            try (ResultSet rows = statement.executeQuery()) {
              return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
            }
          }
        });
  }

  public void deleteSession(String tokenHash) {
    db.autoCommit(
        "delete a session",
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement("DELETE FROM session WHERE token_hash = ?")) {
            statement.setString(1, tokenHash);
            return statement.executeUpdate();
          }
        });
  }

  /** Ends every session of a user (after a password change); returns how many. */
  public int deleteSessionsOf(String userName) {
    return db.autoCommit(
        "delete the sessions of user " + userName,
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement("DELETE FROM session WHERE user_name = ?")) {
            statement.setString(1, userName);
            return statement.executeUpdate();
          }
        });
  }

  /** Deletes sessions expired at {@code now} (housekeeping); returns how many. */
  public int deleteExpiredSessions(Instant now) {
    return db.autoCommit(
        "delete expired sessions",
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement("DELETE FROM session WHERE expires_at_us <= ?")) {
            setInstant(statement, 1, now);
            return statement.executeUpdate();
          }
        });
  }

  private static void insertScopes(Connection c, User user) throws SQLException {
    if (user.areaScopes().isEmpty()) {
      return;
    }
    try (PreparedStatement statement =
        c.prepareStatement("INSERT INTO user_scope (user_name, area_prefix) VALUES (?, ?)")) {
      for (String prefix : new TreeSet<>(user.areaScopes())) {
        statement.setString(1, user.name());
        statement.setString(2, prefix);
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  /** One user by name, or all when {@code name} is null. */
  private static List<User> users(Connection c, String name) throws SQLException {
    List<User> withoutScopes = new ArrayList<>();
    try (PreparedStatement statement =
        c.prepareStatement(
            "SELECT name, role, password_hash, created_at_us FROM app_user"
                + (name == null ? "" : " WHERE name = ?")
                + " ORDER BY name")) {
      if (name != null) {
        statement.setString(1, name);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          withoutScopes.add(
              new User(
                  rows.getString("name"),
                  getEnum(rows, "role", Role.class),
                  Set.of(),
                  rows.getString("password_hash"),
                  getInstant(rows, "created_at_us")));
        }
      }
    }
    Map<String, Set<String>> scopes = new HashMap<>();
    try (PreparedStatement statement =
        c.prepareStatement(
            "SELECT user_name, area_prefix FROM user_scope"
                + (name == null ? "" : " WHERE user_name = ?"))) {
      if (name != null) {
        statement.setString(1, name);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          scopes
              .computeIfAbsent(rows.getString("user_name"), n -> new HashSet<>())
              .add(rows.getString("area_prefix"));
        }
      }
    }
    List<User> users = new ArrayList<>(withoutScopes.size());
    for (User u : withoutScopes) {
      users.add(
          new User(
              u.name(),
              u.role(),
              scopes.getOrDefault(u.name(), Set.of()),
              u.passwordHash(),
              u.createdAt()));
    }
    return users;
  }
}
