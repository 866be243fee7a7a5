package org.villagecast.controller.api;

import static org.villagecast.controller.auth.Role.ADMIN;
import static org.villagecast.controller.auth.Role.OPERATOR;
import static org.villagecast.controller.auth.Role.TECHNICIAN;
import static org.villagecast.controller.auth.Role.VILLAGE_STAFF;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.auth.Role;
import org.villagecast.controller.auth.User;
import org.villagecast.controller.delivery.Command;
import org.villagecast.controller.delivery.Targets;
import org.villagecast.controller.registry.Area;
import org.villagecast.controller.registry.Group;
import org.villagecast.controller.registry.Scope;
import org.villagecast.protocol.codec.MessageType;
import org.villagecast.schedules.Priority;

/**
 * Who may do what, in one place. Two tables: which roles may take each {@link Action}, and which
 * action each command type needs. One rule on top: a scoped role ({@link #SCOPED}, the village
 * staff) sees only terminals, alarms, commands and groups inside its area prefixes, and commands
 * only areas and terminals inside them (no groups, nothing wider than its own areas).
 *
 * <pre>
 * action           ADMIN  OPERATOR  TECHNICIAN  VILLAGE_STAFF
 * READ               x       x          x        x (own areas)
 * EDIT_TERMINALS     x       x          x
 * EDIT_AREAS         x       x
 * EDIT_GROUPS        x       x
 * EDIT_SCHEDULES     x       x
 * BROADCAST          x       x                   x (own areas and terminals, no groups; notices)
 * EDIT_PROGRAMMES    x       x
 * DIAGNOSE           x       x          x
 * READ_AUDIT         x       x
 * MANAGE_USERS       x
 * MANAGE_CLIPS       x       x
 * PREVIEW_SPEECH     x       x                   x
 *
 * BROADCAST: PLAY, STOP
 * DIAGNOSE:  SET_VOLUME, AMP_ON, AMP_OFF, STATUS_QUERY, PLAY_LOG_QUERY, FAULT_DETAIL_QUERY
 * </pre>
 */
public final class Permissions {

  /** What an endpoint or a command does, as far as permission goes. */
  public enum Action {
    READ("read terminals, areas, groups, commands, alarms and events"),
    EDIT_TERMINALS("accept or describe terminals"),
    EDIT_AREAS("edit areas"),
    EDIT_GROUPS("edit groups"),
    EDIT_SCHEDULES("create, change, delete or import schedules"),
    BROADCAST("send PLAY or STOP, start or stop broadcasts"),
    EDIT_PROGRAMMES("edit stored programmes"),
    DIAGNOSE(
        "send SET_VOLUME, AMP_ON, AMP_OFF, STATUS_QUERY, PLAY_LOG_QUERY or FAULT_DETAIL_QUERY"),
    READ_AUDIT("read the audit log"),
    MANAGE_USERS("manage users"),
    MANAGE_CLIPS("upload or delete clips"),
    // Whoever may broadcast may hear a notice before sending it (a clerk checks the reading).
    PREVIEW_SPEECH("preview text-to-speech");

    final String description;

    Action(String description) {
      this.description = description;
    }
  }

  /** Which roles may take each action. */
  private static final Map<Action, Set<Role>> ROLES =
      table(
          row(Action.READ, ADMIN, OPERATOR, TECHNICIAN, VILLAGE_STAFF),
          row(Action.EDIT_TERMINALS, ADMIN, OPERATOR, TECHNICIAN),
          row(Action.EDIT_AREAS, ADMIN, OPERATOR),
          row(Action.EDIT_GROUPS, ADMIN, OPERATOR),
          row(Action.EDIT_SCHEDULES, ADMIN, OPERATOR),
          row(Action.BROADCAST, ADMIN, OPERATOR, VILLAGE_STAFF),
          row(Action.EDIT_PROGRAMMES, ADMIN, OPERATOR),
          row(Action.DIAGNOSE, ADMIN, OPERATOR, TECHNICIAN),
          row(Action.READ_AUDIT, ADMIN, OPERATOR),
          row(Action.MANAGE_USERS, ADMIN),
          row(Action.MANAGE_CLIPS, ADMIN, OPERATOR),
          row(Action.PREVIEW_SPEECH, ADMIN, OPERATOR, VILLAGE_STAFF));

  /** The command types the API sends, and the action each needs. */
  private static final Map<MessageType, Action> COMMANDS =
      Collections.unmodifiableMap(
          new EnumMap<>(
              Map.of(
                  MessageType.PLAY, Action.BROADCAST,
                  MessageType.STOP, Action.BROADCAST,
                  MessageType.SET_VOLUME, Action.DIAGNOSE,
                  MessageType.AMP_ON, Action.DIAGNOSE,
                  MessageType.AMP_OFF, Action.DIAGNOSE,
                  MessageType.STATUS_QUERY, Action.DIAGNOSE,
                  MessageType.PLAY_LOG_QUERY, Action.DIAGNOSE,
                  MessageType.FAULT_DETAIL_QUERY, Action.DIAGNOSE)));

  /** Roles that see and command only inside their area scopes. */
  public static final Set<Role> SCOPED = Collections.unmodifiableSet(EnumSet.of(VILLAGE_STAFF));

  private Permissions() {}

  public static boolean allows(Role role, Action action) {
    return ROLES.get(action).contains(role);
  }

  /** Fails with FORBIDDEN when the user's role may not take the action. */
  public static void check(User user, Action action) {
    if (!allows(user.role(), action)) {
      throw ClientError.forbidden("role " + user.role() + " may not " + action.description);
    }
  }

  /** The command types the API accepts. */
  public static Set<MessageType> commandTypes() {
    return COMMANDS.keySet();
  }

  /** The action a command type needs, empty for a type the API does not send. */
  public static Optional<Action> commandAction(MessageType type) {
    return Optional.ofNullable(COMMANDS.get(type));
  }

  /** Fails with FORBIDDEN when the user's role may not send this command type. */
  public static void checkCommand(User user, MessageType type) {
    Action action = COMMANDS.get(type);
    if (action == null || !allows(user.role(), action)) {
      throw ClientError.forbidden("role " + user.role() + " may not send " + type);
    }
  }

  /**
   * Fails with FORBIDDEN when a scoped user (village staff) asks for a broadcast priority other
   * than a notice: background programmes and relays are the county's to plan.
   */
  public static void checkBroadcastPriority(User user, Priority priority) {
    if (SCOPED.contains(user.role()) && priority != Priority.NOTICE) {
      throw ClientError.forbidden(
          "role " + user.role() + " may send notices only, not " + priority.fileName());
    }
  }

  /** The part of the area tree the user sees and commands. */
  public static Scope scope(User user) {
    return SCOPED.contains(user.role()) ? Scope.of(user.areaScopes()) : Scope.all();
  }

  /** Whether the user sees things in this area (a 12-digit code or a prefix). */
  public static boolean sees(User user, String areaCode) {
    return scope(user).covers(areaCode);
  }

  /** Whether the user sees this terminal (its area is digits 2–13 of the resource code). */
  public static boolean seesTerminal(User user, String resourceCode) {
    return sees(user, areaOf(resourceCode));
  }

  /** Fails with FORBIDDEN when the terminal lies outside the user's areas. */
  public static void checkTerminal(User user, String resourceCode) {
    if (!seesTerminal(user, resourceCode)) {
      throw ClientError.forbidden(
          "terminal " + resourceCode + " is outside your areas " + sorted(user.areaScopes()));
    }
  }

  /**
   * Whether the user sees an area: it lies inside the user's areas, or is one of their ancestors
   * (so a village clerk sees the names of the town and county above).
   */
  public static boolean seesArea(User user, Area area) {
    Scope scope = scope(user);
    if (scope.everything() || scope.covers(area.code())) {
      return true;
    }
    return scope.areaPrefixes().stream().anyMatch(prefix -> prefix.startsWith(area.code()));
  }

  /** Whether the user sees a group: for a scoped user, every member lies inside their areas. */
  public static boolean seesGroup(User user, Group group) {
    Scope scope = scope(user);
    if (scope.everything()) {
      return true;
    }
    if (group.areaCodes().isEmpty() && group.terminals().isEmpty()) {
      return false;
    }
    return group.areaCodes().stream().allMatch(scope::covers)
        && group.terminals().stream().allMatch(rc -> scope.covers(areaOf(rc)));
  }

  /** Whether the user sees a command: for a scoped user, it could only reach their areas. */
  public static boolean seesCommand(User user, Command command) {
    return scope(user).everything() || targetsInside(scope(user), command.targets()) == null;
  }

  /** Fails with FORBIDDEN when the command lies outside the user's areas. */
  public static void checkCommandVisible(User user, Command command) {
    if (!seesCommand(user, command)) {
      throw ClientError.forbidden(
          "command " + command.id() + " reaches outside your areas " + sorted(user.areaScopes()));
    }
  }

  /**
   * Fails with FORBIDDEN when a scoped user targets a group, or an area or terminal outside their
   * areas.
   */
  public static void checkTargets(User user, Targets targets) {
    Scope scope = scope(user);
    if (scope.everything()) {
      return;
    }
    String outside = targetsInside(scope, targets);
    if (outside != null) {
      throw ClientError.forbidden(outside + " is outside your areas " + sorted(user.areaScopes()));
    }
  }

  /**
   * Null when every target lies inside the scope, else a description of the first that does not.
   */
  private static String targetsInside(Scope scope, Targets targets) {
    if (!targets.groups().isEmpty()) {
      return "group " + targets.groups().get(0) + " (groups may span any area)";
    }
    if (targets.isEmpty()) {
      return "a command without targets";
    }
    for (String area : targets.areas()) {
      if (!scope.covers(area)) {
        return "area " + area;
      }
    }
    for (String terminal : targets.terminals()) {
      if (!scope.covers(areaOf(terminal))) {
        return "terminal " + terminal;
      }
    }
    return null;
  }

  private static String areaOf(String resourceCode) {
    return resourceCode.substring(1, 13);
  }

  private static String sorted(Set<String> prefixes) {
    return prefixes.stream().sorted().toList().toString();
  }

  private static Map.Entry<Action, Set<Role>> row(Action action, Role... roles) {
    EnumSet<Role> set = EnumSet.noneOf(Role.class);
    set.addAll(List.of(roles));
    return Map.entry(action, Collections.unmodifiableSet(set));
  }

  @SafeVarargs
  private static Map<Action, Set<Role>> table(Map.Entry<Action, Set<Role>>... rows) {
    EnumMap<Action, Set<Role>> map = new EnumMap<>(Action.class);
    for (Map.Entry<Action, Set<Role>> row : rows) {
      map.put(row.getKey(), row.getValue());
    }
    if (map.size() != Action.values().length) {
      throw new IllegalStateException("every action needs a row in the permission table");
    }
    return Collections.unmodifiableMap(map);
  }
}
