package org.villagecast.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.villagecast.controller.registry.Area;

/** Named areas, on H2 and PostgreSQL. */
class AreaRepositoryTest extends StoreTestBase {
  private AreaRepository areas;

  @BeforeEach
  void repository() {
    areas = new AreaRepository(db);
  }

  /** Verifies that areas of every level read back equal, ordered by code. */
  @Test
  void save_all_roundTripOrderedByCode() {
    // GIVEN areas of each level, saved children first
    Area village = new Area("110101001001", "东华门社区");
    Area town = new Area("110101001", "东华门街道");
    Area county = new Area("110101", "东城区");
    Area city = new Area("1101", "市辖区");
    Area province = new Area("11", "北京市");
    for (Area a : new Area[] {village, town, county, city, province}) {
      areas.save(a);
    }

    // WHEN all are read / THEN each parent comes before its children
    assertThat(areas.all()).containsExactly(province, city, county, town, village);
  }

  /** Verifies that saving a known code renames it. */
  @Test
  void save_existing_renames() {
    // GIVEN a named area
    areas.save(new Area("110101", "old"));

    // WHEN the same code is saved with another name
    areas.save(new Area("110101", "东城区"));

    // THEN one area with the new name
    assertThat(areas.all()).containsExactly(new Area("110101", "东城区"));
  }

  /** Verifies that delete removes one area and says whether there was one. */
  @Test
  void delete_reportsWhetherItExisted() {
    // GIVEN two areas
    areas.save(new Area("11", "北京市"));
    areas.save(new Area("1101", "市辖区"));

    // WHEN one is deleted twice / THEN true, then false, and the other stays
    assertThat(areas.delete("1101")).isTrue();
    assertThat(areas.delete("1101")).isFalse();
    assertThat(areas.all()).containsExactly(new Area("11", "北京市"));
  }
}
