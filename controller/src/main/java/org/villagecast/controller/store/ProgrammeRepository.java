package org.villagecast.controller.store;

import static org.villagecast.controller.store.Columns.getInstant;
import static org.villagecast.controller.store.Columns.setInstant;

import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.villagecast.controller.broadcast.ProgrammeJson;
import org.villagecast.controller.broadcast.StoredProgramme;

/** Stored programmes (table {@code programme}). Blocking; safe from any thread. */
public final class ProgrammeRepository {
  private final Database db;

  public ProgrammeRepository(Database db) {
    this.db = db;
  }

  /** Inserts or replaces the programme with this id. */
  public void save(StoredProgramme p) {
    String spec = ProgrammeJson.write(p.spec()).encode();
    db.transaction(
        "store programme " + p.id(),
        c -> {
          int updated;
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE programme SET name = ?, spec = ?, updated_by = ?, updated_at_us = ?"
                      + " WHERE id = ?")) {
            s.setString(1, p.name());
            s.setString(2, spec);
            s.setString(3, p.updatedBy());
            setInstant(s, 4, p.updatedAt());
            s.setString(5, p.id());
            updated = s.executeUpdate();
          }
          if (updated == 0) {
            try (PreparedStatement s =
                c.prepareStatement(
                    "INSERT INTO programme (id, name, spec, updated_by, updated_at_us)"
                        + " VALUES (?, ?, ?, ?, ?)")) {
              s.setString(1, p.id());
              s.setString(2, p.name());
              s.setString(3, spec);
              s.setString(4, p.updatedBy());
              setInstant(s, 5, p.updatedAt());
              s.executeUpdate();
            }
          }
          return null;
        });
  }

  /** Deletes it; false if there was none. */
  public boolean delete(String id) {
    return db.transaction(
        "delete programme " + id,
        c -> {
          try (PreparedStatement s = c.prepareStatement("DELETE FROM programme WHERE id = ?")) {
            s.setString(1, id);
            return s.executeUpdate() > 0;
          }
        });
  }

  /** Every stored programme, by id. */
  public List<StoredProgramme> all() {
    return db.autoCommit(
        "read programmes",
        c -> {
          List<StoredProgramme> out = new ArrayList<>();
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT id, name, spec, updated_by, updated_at_us FROM programme ORDER BY id");
              ResultSet r = s.executeQuery()) {
            while (r.next()) {
              out.add(
                  new StoredProgramme(
                      r.getString("id"),
                      r.getString("name"),
                      ProgrammeJson.read(new JsonObject(r.getString("spec")), "programme"),
                      r.getString("updated_by"),
                      getInstant(r, "updated_at_us")));
            }
          }
          return out;
        });
  }
}
