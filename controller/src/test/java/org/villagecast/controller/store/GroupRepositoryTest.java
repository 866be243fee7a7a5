package org.villagecast.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.villagecast.controller.registry.Group;

/** Groups and their members, on H2 and PostgreSQL. */
class GroupRepositoryTest extends StoreTestBase {
  private static final String RC1 = "10000000000000101010101";
  private static final String RC2 = "10000000000000101010102";

  private GroupRepository groups;

  @BeforeEach
  void repository() {
    groups = new GroupRepository(db);
  }

  /** Verifies that groups read back equal, with no members, some, and the largest number. */
  @Test
  void save_all_roundTrip() {
    // GIVEN an empty group, one with areas and terminals, and one numbered u32 max
    Group empty = new Group(1, "空组", Set.of(), Set.of());
    Group schools = new Group(2, "学校", Set.of("110101001", "110102"), Set.of(RC1, RC2));
    Group top = new Group(4_294_967_295L, "river bank", Set.of("11"), Set.of());

    // WHEN they are saved in reverse order
    groups.save(top);
    groups.save(schools);
    groups.save(empty);

    // THEN they read back equal, by number
    assertThat(groups.all()).containsExactly(empty, schools, top);
  }

  /** Verifies that saving a known group replaces its name and both member lists. */
  @Test
  void save_existing_replacesMembers() {
    // GIVEN a group with two areas and a terminal
    groups.save(new Group(5, "old", Set.of("11", "12"), Set.of(RC1)));

    // WHEN it is saved with one other area and another terminal
    Group changed = new Group(5, "new", Set.of("13"), Set.of(RC2));
    groups.save(changed);

    // THEN only the new members remain
    assertThat(groups.all()).containsExactly(changed);
  }

  /** Verifies that a group with many members is stored whole. */
  @Test
  void save_manyMembers_storedWhole() {
    // GIVEN a group of 1,500 terminals
    Set<String> members = new HashSet<>();
    for (int i = 0; i < 1500; i++) {
      members.add(String.format("1000000000000%010d", i));
    }
    Group big = new Group(9, "all", Set.of(), members);

    // WHEN it is saved / THEN every member reads back
    groups.save(big);
    assertThat(groups.all()).containsExactly(big);
  }

  /** Verifies that delete removes a group with its members and leaves the others. */
  @Test
  void delete_removesGroupAndMembers() {
    // GIVEN two groups sharing a terminal
    Group keep = new Group(1, "keep", Set.of("11"), Set.of(RC1));
    groups.save(keep);
    groups.save(new Group(2, "drop", Set.of("11"), Set.of(RC1)));

    // WHEN one is deleted twice / THEN true then false, and the other keeps its members
    assertThat(groups.delete(2)).isTrue();
    assertThat(groups.delete(2)).isFalse();
    assertThat(groups.all()).containsExactly(keep);

    // AND the deleted group's number can be used again without old members showing up
    Group reused = new Group(2, "again", Set.of(), Set.of());
    groups.save(reused);
    assertThat(groups.all()).containsExactly(keep, reused);
  }
}
