package org.villagecast.controller.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.villagecast.controller.registry.Group;

/**
 * Groups with their member areas and terminals (tables {@code grp}, {@code grp_area}, {@code
 * grp_terminal}). Blocking; safe from any thread.
 */
public final class GroupRepository {
  private static final Upsert<Group> UPSERT =
      new Upsert<>(
          "grp",
          List.of("number"),
          List.of("name"),
          (statement, group) -> {
            statement.setString(1, group.name());
            statement.setLong(2, group.number());
          });

  private final Database db;

  public GroupRepository(Database db) {
    this.db = db;
  }

  /** Inserts the group or replaces the stored one, members included, in one transaction. */
  public void save(Group group) {
    db.upsert(
        "save group " + group.number(),
        c -> {
          UPSERT.run(c, List.of(group));
          replaceMembers(c, "grp_area", "area_code", group.number(), group.areaCodes());
          replaceMembers(c, "grp_terminal", "resource_code", group.number(), group.terminals());
          return null;
        });
  }

  /** Every group, by number. */
  public List<Group> all() {
    return db.autoCommit(
        "read groups",
        c -> {
          Map<Long, String> names = new LinkedHashMap<>();
          try (PreparedStatement statement =
                  c.prepareStatement("SELECT number, name FROM grp ORDER BY number");
              ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              names.put(rows.getLong("number"), rows.getString("name"));
            }
          }
          Map<Long, Set<String>> areas = members(c, "grp_area", "area_code");
          Map<Long, Set<String>> terminals = members(c, "grp_terminal", "resource_code");
          List<Group> groups = new ArrayList<>(names.size());
          names.forEach(
              (number, name) ->
                  groups.add(
                      new Group(
                          number,
                          name,
                          areas.getOrDefault(number, Set.of()),
                          terminals.getOrDefault(number, Set.of()))));
          return groups;
        });
  }

  /** Deletes a group and its member lists; false if there was none. */
  public boolean delete(long number) {
    return db.transaction(
        "delete group " + number,
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement("DELETE FROM grp WHERE number = ?")) {
            statement.setLong(1, number);
            return statement.executeUpdate() > 0;
          }
        });
  }

  private static void replaceMembers(
      Connection c, String table, String column, long number, Collection<String> members)
      throws SQLException {
    try (PreparedStatement delete =
        c.prepareStatement("DELETE FROM " + table + " WHERE grp_number = ?")) {
      delete.setLong(1, number);
      delete.executeUpdate();
    }
    if (members.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO " + table + " (grp_number, " + column + ") VALUES (?, ?)")) {
      for (String member : new TreeSet<>(members)) {
        insert.setLong(1, number);
        insert.setString(2, member);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static Map<Long, Set<String>> members(Connection c, String table, String column)
      throws SQLException {
    Map<Long, Set<String>> members = new HashMap<>();
    try (PreparedStatement statement =
            c.prepareStatement("SELECT grp_number, " + column + " FROM " + table);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        members
            .computeIfAbsent(rows.getLong("grp_number"), n -> new HashSet<>())
            .add(rows.getString(column));
      }
    }
    return members;
  }
}
