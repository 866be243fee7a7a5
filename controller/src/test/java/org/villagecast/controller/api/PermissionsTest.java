package org.villagecast.controller.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.api.Permissions.Action;
import org.villagecast.controller.auth.Role;
import org.villagecast.controller.auth.User;
import org.villagecast.controller.delivery.Command;
import org.villagecast.controller.delivery.Targets;
import org.villagecast.controller.registry.Area;
import org.villagecast.controller.registry.Group;
import org.villagecast.protocol.codec.MessageType;

/** Who may do what: the table pinned cell by cell, and the area scope rules. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PermissionsTest {
  /** The village of the clerk: county 320583, town 101, village 001. */
  private static final String VILLAGE = "320583101001";

  private static final String INSIDE = "1" + VILLAGE + "0301" + "01" + "01" + "01";
  private static final String NEXT_VILLAGE = "1" + "320583101002" + "0301010101";

  private static User user(Role role, String... scopes) {
    return new User(role.name().toLowerCase(), role, Set.of(scopes), "h", Instant.EPOCH);
  }

  /** A user of the role; a clerk gets their village. */
  private static User forRole(Role role) {
    return role == Role.VILLAGE_STAFF ? user(role, VILLAGE) : user(role);
  }

  private static final User CLERK = user(Role.VILLAGE_STAFF, VILLAGE);
  private static final User OPERATOR = user(Role.OPERATOR);

  /** Verifies every cell of the role table against the rules, written out here again. */
  @Test
  void roleTable_everyCell() {
    // GIVEN the expected table: Y = allowed (ADMIN, OPERATOR, TECHNICIAN, VILLAGE_STAFF)
    Map<Action, String> expected =
        Map.ofEntries(
            Map.entry(Action.READ, "YYYY"),
            Map.entry(Action.EDIT_TERMINALS, "YYY-"),
            Map.entry(Action.EDIT_AREAS, "YY--"),
            Map.entry(Action.EDIT_GROUPS, "YY--"),
            Map.entry(Action.EDIT_SCHEDULES, "YY--"),
            Map.entry(Action.BROADCAST, "YY-Y"),
            Map.entry(Action.EDIT_PROGRAMMES, "YY--"),
            Map.entry(Action.DIAGNOSE, "YYY-"),
            Map.entry(Action.READ_AUDIT, "YY--"),
            Map.entry(Action.MANAGE_USERS, "Y---"),
            Map.entry(Action.MANAGE_CLIPS, "YY--"),
            Map.entry(Action.PREVIEW_SPEECH, "YY-Y"));
    Role[] columns = {Role.ADMIN, Role.OPERATOR, Role.TECHNICIAN, Role.VILLAGE_STAFF};
    assertThat(expected.keySet()).containsExactlyInAnyOrder(Action.values());
    assertThat(columns).containsExactlyInAnyOrder(Role.values());

    // THEN every cell agrees, and check() refuses exactly the '-' cells
    for (Action action : Action.values()) {
      for (int i = 0; i < columns.length; i++) {
        boolean allowed = expected.get(action).charAt(i) == 'Y';
        assertThat(Permissions.allows(columns[i], action))
            .as(action + " / " + columns[i])
            .isEqualTo(allowed);
        User u = forRole(columns[i]);
        if (allowed) {
          assertThatCode(() -> Permissions.check(u, action)).doesNotThrowAnyException();
        } else {
          assertThatThrownBy(() -> Permissions.check(u, action))
              .isInstanceOf(ClientError.class)
              .hasMessageContaining("role " + columns[i]);
        }
      }
    }
  }

  /** Verifies which role may send which command type, and that no other type is sendable. */
  @Test
  void commandTypes_byRole() {
    // GIVEN the types each role may send
    Set<MessageType> broadcast = Set.of(MessageType.PLAY, MessageType.STOP);
    Set<MessageType> diagnostic =
        Set.of(
            MessageType.SET_VOLUME,
            MessageType.AMP_ON,
            MessageType.AMP_OFF,
            MessageType.STATUS_QUERY,
            MessageType.PLAY_LOG_QUERY,
            MessageType.FAULT_DETAIL_QUERY);
    Map<Role, Set<MessageType>> expected =
        Map.of(
            Role.ADMIN,
            union(broadcast, diagnostic),
            Role.OPERATOR,
            union(broadcast, diagnostic),
            Role.TECHNICIAN,
            diagnostic,
            Role.VILLAGE_STAFF,
            broadcast);

    // THEN for every type and role, checkCommand agrees
    assertThat(Permissions.commandTypes()).isEqualTo(union(broadcast, diagnostic));
    for (MessageType type : MessageType.values()) {
      for (Role role : Role.values()) {
        User u = forRole(role);
        if (expected.get(role).contains(type)) {
          assertThatCode(() -> Permissions.checkCommand(u, type)).doesNotThrowAnyException();
        } else {
          assertThatThrownBy(() -> Permissions.checkCommand(u, type))
              .as(type + " by " + role)
              .isInstanceOf(ClientError.class);
        }
      }
    }
  }

  private static Set<MessageType> union(Set<MessageType> a, Set<MessageType> b) {
    java.util.HashSet<MessageType> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }

  /** Verifies the clerk's targets: own village and its terminals yes; wider, other, groups no. */
  @Test
  void checkTargets_scopedUser() {
    // THEN inside their village: allowed
    assertThatCode(() -> Permissions.checkTargets(CLERK, Targets.ofAreas(VILLAGE)))
        .doesNotThrowAnyException();
    assertThatCode(() -> Permissions.checkTargets(CLERK, Targets.ofTerminals(INSIDE)))
        .doesNotThrowAnyException();

    // AND the town above, the next village, its terminal, a group: forbidden, naming the target
    Map<Targets, String> refused =
        Map.of(
            Targets.ofAreas("320583101"),
            "area 320583101",
            Targets.ofAreas("32"),
            "area 32",
            Targets.ofAreas(VILLAGE, "320583101002"),
            "area 320583101002",
            Targets.ofTerminals(INSIDE, NEXT_VILLAGE),
            "terminal " + NEXT_VILLAGE,
            new Targets(List.of(VILLAGE), List.of(7L), List.of()),
            "group 7");
    refused.forEach(
        (targets, named) ->
            assertThatThrownBy(() -> Permissions.checkTargets(CLERK, targets))
                .isInstanceOf(ClientError.class)
                .hasMessageContaining(named)
                .hasMessageContaining(VILLAGE)
                .satisfies(
                    e ->
                        assertThat(((ClientError) e).kind())
                            .isEqualTo(ClientError.Kind.FORBIDDEN)));

    // AND an operator may target anything, groups included
    assertThatCode(
            () ->
                Permissions.checkTargets(
                    OPERATOR, new Targets(List.of("32"), List.of(7L), List.of(NEXT_VILLAGE))))
        .doesNotThrowAnyException();
  }

  /** Verifies what a clerk sees: own terminals, own and ancestor areas, groups wholly inside. */
  @Test
  void visibility_scopedUser() {
    // Terminals
    assertThat(Permissions.seesTerminal(CLERK, INSIDE)).isTrue();
    assertThat(Permissions.seesTerminal(CLERK, NEXT_VILLAGE)).isFalse();
    assertThat(Permissions.seesTerminal(OPERATOR, NEXT_VILLAGE)).isTrue();
    assertThatThrownBy(() -> Permissions.checkTerminal(CLERK, NEXT_VILLAGE))
        .isInstanceOf(ClientError.class)
        .hasMessageContaining(NEXT_VILLAGE);

    // Areas: own village and the town, county, city, province above; not the neighbour
    for (String code : new String[] {"32", "3205", "320583", "320583101", VILLAGE}) {
      assertThat(Permissions.seesArea(CLERK, new Area(code, "x"))).as(code).isTrue();
    }
    assertThat(Permissions.seesArea(CLERK, new Area("320583101002", "x"))).isFalse();
    assertThat(Permissions.seesArea(CLERK, new Area("320584", "x"))).isFalse();

    // Groups: only those wholly inside, never an empty one
    assertThat(Permissions.seesGroup(CLERK, new Group(1, "g", Set.of(VILLAGE), Set.of(INSIDE))))
        .isTrue();
    assertThat(Permissions.seesGroup(CLERK, new Group(2, "g", Set.of("320583101"), Set.of())))
        .isFalse();
    assertThat(Permissions.seesGroup(CLERK, new Group(3, "g", Set.of(), Set.of(NEXT_VILLAGE))))
        .isFalse();
    assertThat(Permissions.seesGroup(CLERK, new Group(4, "g", Set.of(), Set.of()))).isFalse();
    assertThat(Permissions.seesGroup(OPERATOR, new Group(4, "g", Set.of(), Set.of()))).isTrue();

    // Commands: only those that could reach nothing but their village
    assertThat(Permissions.seesCommand(CLERK, command(Targets.ofAreas(VILLAGE)))).isTrue();
    assertThat(Permissions.seesCommand(CLERK, command(Targets.ofAreas("320583")))).isFalse();
    assertThat(
            Permissions.seesCommand(CLERK, command(new Targets(List.of(), List.of(1L), List.of()))))
        .isFalse();
    assertThat(Permissions.seesCommand(OPERATOR, command(Targets.ofAreas("320583")))).isTrue();
  }

  /**
   * Verifies that village staff send notices only, while operators choose any broadcast priority.
   */
  @Test
  void broadcastPriority_clerkNoticesOnly() {
    Permissions.checkBroadcastPriority(CLERK, org.villagecast.schedules.Priority.NOTICE);
    assertThatThrownBy(
            () ->
                Permissions.checkBroadcastPriority(
                    CLERK, org.villagecast.schedules.Priority.BACKGROUND))
        .isInstanceOf(ClientError.class)
        .hasMessageContaining("notices only");
    Permissions.checkBroadcastPriority(OPERATOR, org.villagecast.schedules.Priority.LIVE_RELAY);
  }

  private static Command command(Targets targets) {
    return new Command(1, "PLAY", "{}", targets, "op", Instant.EPOCH, Instant.EPOCH, 1, false);
  }
}
