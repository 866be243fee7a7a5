package org.villagecast.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Versions of the schedule set, on H2 and PostgreSQL. */
class ScheduleSetRepositoryTest extends StoreTestBase {
  private static final Instant T = Instant.parse("2026-12-01T06:30:00.123456Z");

  private ScheduleSetRepository sets;

  @BeforeEach
  void repository() {
    sets = new ScheduleSetRepository(db);
  }

  /** Verifies that an empty store has no set, and that the newest version is the one read. */
  @Test
  void latest_newestVersion() {
    assertThat(sets.latest()).isEmpty();

    // GIVEN two versions, the second with Chinese text
    assertThat(sets.save(1, "version: 1\nschedules: []\n", T, "admin", "import")).isTrue();
    assertThat(sets.save(2, "# 村村响\nversion: 1\n", T.plusSeconds(1), "operator", "save")).isTrue();

    // THEN the second is read back whole
    ScheduleSetRepository.StoredSet latest = sets.latest().orElseThrow();
    assertThat(latest.version()).isEqualTo(2);
    assertThat(latest.fileText()).isEqualTo("# 村村响\nversion: 1\n");
    assertThat(latest.savedAt()).isEqualTo(T.plusSeconds(1));
    assertThat(latest.savedBy()).isEqualTo("operator");
  }

  /**
   * Verifies that saving a version that exists stores nothing and says so (two hubs changing the
   * set at once: the second must read again, not overwrite).
   */
  @Test
  void save_existingVersion_refusedNothingStored() {
    sets.save(1, "first", T, "a", "one");

    assertThat(sets.save(1, "second", T, "b", "two")).isFalse();

    assertThat(sets.latest().orElseThrow().fileText()).isEqualTo("first");
  }

  /** Verifies that a file of several megabytes is stored whole (TEXT on both databases). */
  @Test
  void save_largeFile_storedWhole() {
    String big = "# x\n".repeat(1_000_000);

    sets.save(1, big, T, "admin", "import");

    assertThat(sets.latest().orElseThrow().fileText()).isEqualTo(big);
  }
}
