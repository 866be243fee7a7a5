package org.villagecast.controller.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.villagecast.controller.registry.Area;

/** Named areas of the administrative tree (table {@code area}). Blocking; safe from any thread. */
public final class AreaRepository {
  private static final Upsert<Area> UPSERT =
      new Upsert<>(
          "area",
          List.of("code"),
          List.of("name"),
          (statement, area) -> {
            statement.setString(1, area.name());
            statement.setString(2, area.code());
          });

  private final Database db;

  public AreaRepository(Database db) {
    this.db = db;
  }

  /** Inserts the area or renames the stored one. */
  public void save(Area area) {
    db.upsert(
        "save area " + area.code(),
        c -> {
          UPSERT.run(c, List.of(area));
          return null;
        });
  }

  /** Every area, by code (so each parent comes before its children). */
  public List<Area> all() {
    return db.autoCommit(
        "read areas",
        c -> {
          List<Area> areas = new ArrayList<>();
          try (PreparedStatement statement =
                  c.prepareStatement("SELECT code, name FROM area ORDER BY code");
              ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              areas.add(new Area(rows.getString("code"), rows.getString("name")));
            }
          }
          return areas;
        });
  }

  /** Deletes one area (not its children); false if there was none. */
  public boolean delete(String code) {
    return db.autoCommit(
        "delete area " + code,
        c -> {
          try (PreparedStatement statement =
              c.prepareStatement("DELETE FROM area WHERE code = ?")) {
            statement.setString(1, code);
            return statement.executeUpdate() > 0;
          }
        });
  }
}
