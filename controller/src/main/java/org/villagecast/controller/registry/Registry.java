package org.villagecast.controller.registry;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.HubContext;
import org.villagecast.controller.HubEvents;
import org.villagecast.controller.WriteQueue;
import org.villagecast.controller.store.AlarmRepository;
import org.villagecast.controller.store.AreaRepository;
import org.villagecast.controller.store.GroupRepository;
import org.villagecast.controller.store.TerminalRepository;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.Message;

/**
 * Every terminal the hub knows, the area tree, groups, presence and alarms. The live state is held
 * here on the hub context and written behind to the store; a restart loads it back.
 *
 * <p>Presence: a terminal is online from anything it sends (or its retained "online") until its
 * last will says "offline", or until no frame has come for 1.5 heartbeat periods.
 */
public final class Registry {
  private static final Logger LOG = LoggerFactory.getLogger(Registry.class);

  /** How often presence is checked; offline is flagged at most this late. */
  public static final Duration SWEEP_PERIOD = Duration.ofMillis(250);

  private final HubContext hub;
  private final Clock clock;
  private final TerminalRepository terminalStore;
  private final AreaRepository areaStore;
  private final GroupRepository groupStore;
  private final AlarmRepository alarmStore;
  private final WriteQueue writes;
  private final HubEvents events;
  private final TerminalDefaults defaults;
  private final org.villagecast.controller.Auditor audit;
  private Provisioner provisioner = (terminal, groups, actor) -> {};

  // Live state, touched only on the hub context.
  private final Map<String, Terminal> terminals = new HashMap<>();
  private final Map<String, TerminalStatus> statuses = new HashMap<>();
  private final Map<String, Area> areas = new HashMap<>();
  private final Map<Long, Group> groups = new HashMap<>();
  private final Map<String, EnumMap<AlarmKind, OpenAlarm>> openAlarms = new HashMap<>();
  private Map<String, Set<Long>> groupsOfTerminal = Map.of();
  private final Map<String, TerminalStatus> unsavedStatuses = new LinkedHashMap<>();
  private final List<StatusRecord> unsavedHistory = new ArrayList<>();
  private final List<java.util.function.Consumer<String>> onlineListeners = new ArrayList<>();
  private long sweepTimer = -1;
  private Instant startedAt = Instant.EPOCH;
  private final java.util.concurrent.atomic.AtomicLong framesHeard =
      new java.util.concurrent.atomic.AtomicLong();
  // Figures for metrics, refreshed by every sweep: read from any thread.
  private volatile int terminalCount;
  private volatile int onlineCount;
  private volatile int pendingCount;
  private volatile int openAlarmCount;

  /** An open alarm; its store id arrives from the writer thread before any later write runs. */
  private static final class OpenAlarm {
    final Alarm alarm;
    volatile long id;

    OpenAlarm(Alarm alarm) {
      this.alarm = alarm;
      this.id = alarm.id();
    }
  }

  public Registry(
      HubContext hub,
      Clock clock,
      TerminalRepository terminalStore,
      AreaRepository areaStore,
      GroupRepository groupStore,
      AlarmRepository alarmStore,
      WriteQueue writes,
      HubEvents events,
      TerminalDefaults defaults,
      org.villagecast.controller.Auditor audit) {
    this.audit = audit;
    this.hub = hub;
    this.clock = clock;
    this.terminalStore = terminalStore;
    this.areaStore = areaStore;
    this.groupStore = groupStore;
    this.alarmStore = alarmStore;
    this.writes = writes;
    this.events = events;
    this.defaults = defaults;
  }

  /** Who sends accepted terminals their CONFIG (the command service, set once at wiring). */
  public void provisionWith(Provisioner newProvisioner) {
    this.provisioner = newProvisioner;
  }

  public TerminalDefaults defaults() {
    return defaults;
  }

  /**
   * Loads the store into memory and starts the presence sweep. A terminal that was online keeps
   * that state until 1.5 heartbeat periods after the start pass without a word from it.
   */
  public Future<Void> start() {
    return hub.blocking(
            () -> {
              Snapshot snapshot =
                  new Snapshot(
                      terminalStore.all(),
                      terminalStore.allStatuses(),
                      areaStore.all(),
                      groupStore.all(),
                      alarmStore.open());
              return snapshot;
            })
        .map(
            snapshot -> {
              startedAt = clock.instant();
              snapshot.terminals.forEach(t -> terminals.put(t.resourceCode(), t));
              snapshot.areas.forEach(a -> areas.put(a.code(), a));
              snapshot.groups.forEach(g -> groups.put(g.number(), g));
              for (Terminal terminal : snapshot.terminals) {
                TerminalStatus stored = snapshot.statuses.get(terminal.resourceCode());
                statuses.put(
                    terminal.resourceCode(), stored == null ? TerminalStatus.unknown() : stored);
              }
              for (Alarm alarm : snapshot.alarms) {
                openAlarms
                    .computeIfAbsent(alarm.resourceCode(), k -> new EnumMap<>(AlarmKind.class))
                    .put(alarm.kind(), new OpenAlarm(alarm));
              }
              recomputeGroups();
              sweepTimer = hub.vertx().setPeriodic(SWEEP_PERIOD.toMillis(), id -> sweep());
              LOG.info(
                  "registry loaded: {} terminals ({} pending), {} areas, {} groups, {} open alarms",
                  terminals.size(),
                  terminals.values().stream().filter(t -> !t.accepted()).count(),
                  areas.size(),
                  groups.size(),
                  snapshot.alarms.size());
              return null;
            });
  }

  private record Snapshot(
      List<Terminal> terminals,
      Map<String, TerminalStatus> statuses,
      List<Area> areas,
      List<Group> groups,
      List<Alarm> alarms) {}

  /** Stops the sweep and writes what is not yet written. */
  public Future<Void> stop() {
    return hub.call(
        () -> {
          if (sweepTimer >= 0) {
            hub.vertx().cancelTimer(sweepTimer);
          }
          flush();
          return null;
        });
  }

  /** Called (on the hub context) when a terminal comes online again: commands retry at once. */
  public void onBackOnline(java.util.function.Consumer<String> listener) {
    onlineListeners.add(listener);
  }

  // ---------------------------------------------------------------- what terminals say

  /** A frame from a terminal (on the hub context). */
  public void heard(String resourceCode, Frame frame, Instant at) {
    framesHeard.incrementAndGet();
    Terminal terminal = known(resourceCode, at);
    TerminalStatus before = statuses.get(resourceCode);
    TerminalStatus after = before.seen(at);
    if (frame.message() instanceof Message.Heartbeat beat) {
      after = withHeartbeat(after, beat);
    } else if (frame.message() instanceof Message.StatusReport report) {
      after = withReport(after, report);
    }
    update(terminal, before, after, at, null);
  }

  /** The retained state topic: "online" when it connects, its last will "offline" when it drops. */
  public void stateMessage(String resourceCode, boolean online, Instant at) {
    Terminal terminal = known(resourceCode, at);
    TerminalStatus before = statuses.get(resourceCode);
    TerminalStatus after = online ? before.seen(at) : before.offline();
    update(terminal, before, after, at, online ? null : "last will: the connection was lost");
  }

  private Terminal known(String resourceCode, Instant at) {
    Terminal terminal = terminals.get(resourceCode);
    if (terminal == null) {
      terminal = Terminal.firstSeen(resourceCode, at);
      terminals.put(resourceCode, terminal);
      statuses.put(resourceCode, TerminalStatus.unknown());
      saveTerminal(terminal);
      LOG.info(
          "terminal {} seen for the first time: pending, it gets no command until an operator"
              + " accepts it (POST /api/terminals/{}/accept)",
          resourceCode,
          resourceCode);
    }
    return terminal;
  }

  private static TerminalStatus withHeartbeat(TerminalStatus s, Message.Heartbeat beat) {
    return new TerminalStatus(
        s.online(),
        s.lastSeen(),
        beat.state().name(),
        beat.faultFlags(),
        s.volume(),
        s.amplifierOn(),
        beat.playingBroadcast(),
        s.amplifierDeciCelsius(),
        s.supplyMillivolts(),
        s.lineState(),
        s.signalDbm(),
        s.firmware(),
        s.protocolVersion(),
        s.changedAt());
  }

  private static TerminalStatus withReport(TerminalStatus s, Message.StatusReport r) {
    return new TerminalStatus(
        s.online(),
        s.lastSeen(),
        r.state().name(),
        r.faultFlags(),
        r.volume(),
        r.amplifierOn(),
        r.playingBroadcast(),
        r.amplifierTemperature(),
        r.supplyVoltage(),
        r.lineState().name(),
        r.signalStrength() == Message.StatusReport.NO_SIGNAL ? null : r.signalStrength(),
        r.firmwareVersion(),
        r.protocolVersion(),
        s.changedAt());
  }

  /**
   * Applies a new status: keeps it, writes history and alarms when online, state or faults changed,
   * and tells listeners.
   */
  private void update(
      Terminal terminal, TerminalStatus before, TerminalStatus after, Instant at, String why) {
    String code = terminal.resourceCode();
    boolean changed =
        before.online() != after.online()
            || !java.util.Objects.equals(before.state(), after.state())
            || before.faultFlags() != after.faultFlags();
    if (changed) {
      after = after.changed(at);
      unsavedHistory.add(
          new StatusRecord(code, at, after.online(), after.state(), after.faultFlags()));
    }
    statuses.put(code, after);
    unsavedStatuses.put(code, after);
    if (!changed) {
      return;
    }
    if (terminal.accepted()) {
      updateAlarms(terminal, after, at, why);
    }
    if (!before.online() && after.online()) {
      onlineListeners.forEach(l -> l.accept(code));
    }
    events.terminal(view(terminal));
  }

  private void updateAlarms(Terminal terminal, TerminalStatus status, Instant at, String why) {
    String code = terminal.resourceCode();
    EnumMap<AlarmKind, OpenAlarm> open =
        openAlarms.computeIfAbsent(code, k -> new EnumMap<>(AlarmKind.class));
    if (!status.online() && !open.containsKey(AlarmKind.OFFLINE)) {
      raise(code, AlarmKind.OFFLINE, at, why == null ? "not heard from" : why, open);
    } else if (status.online() && open.containsKey(AlarmKind.OFFLINE)) {
      clear(open, AlarmKind.OFFLINE, at);
    }
    if (status.online()) {
      for (AlarmKind kind : Alarms.toRaise(status.faultFlags(), open)) {
        raise(
            code,
            kind,
            at,
            "reported by the terminal (fault flags 0x"
                + Integer.toHexString(status.faultFlags())
                + ")",
            open);
      }
      for (AlarmKind kind : Alarms.toClear(status.faultFlags(), open)) {
        clear(open, kind, at);
      }
    }
    if (open.isEmpty()) {
      openAlarms.remove(code);
    }
  }

  private void raise(
      String code, AlarmKind kind, Instant at, String detail, Map<AlarmKind, OpenAlarm> open) {
    OpenAlarm alarm = new OpenAlarm(new Alarm(0, code, kind, at, null, detail));
    open.put(kind, alarm);
    writes.submit(
        "raise " + kind + " alarm of " + code,
        () -> alarm.id = alarmStore.insert(alarm.alarm).id());
    LOG.warn("alarm {} raised on terminal {}: {}", kind, code, detail);
    events.alarm(alarm.alarm);
  }

  private void clear(Map<AlarmKind, OpenAlarm> open, AlarmKind kind, Instant at) {
    OpenAlarm alarm = open.remove(kind);
    writes.submit(
        "clear " + kind + " alarm of " + alarm.alarm.resourceCode(),
        () -> alarmStore.saveCleared(List.of(alarm.alarm.withId(alarm.id).clear(at))));
    LOG.info("alarm {} cleared on terminal {}", kind, alarm.alarm.resourceCode());
    events.alarm(alarm.alarm.withId(alarm.id).clear(at));
  }

  /**
   * Flags terminals offline whose heartbeats stopped, raises OFFLINE for accepted terminals never
   * heard from, and writes pending status changes.
   */
  void sweep() {
    Instant now = clock.instant();
    for (Map.Entry<String, TerminalStatus> entry : statuses.entrySet()) {
      TerminalStatus status = entry.getValue();
      Terminal terminal = terminals.get(entry.getKey());
      // 1.5 periods, less one sweep period, so the flag is never later than 1.5 periods.
      long limitMillis = terminal.heartbeatSeconds() * 1500L - SWEEP_PERIOD.toMillis();
      if (status.online()) {
        Instant heard = later(status.lastSeen(), startedAt);
        long silentMillis = Duration.between(heard, now).toMillis();
        if (silentMillis > limitMillis) {
          update(
              terminal,
              status,
              status.offline(),
              now,
              String.format(
                  "no heartbeat for %.1f s (period %d s)",
                  silentMillis / 1000.0, terminal.heartbeatSeconds()));
        }
      } else if (status.lastSeen() == null && terminal.accepted() && !alarmed(terminal)) {
        Instant expected = later(terminal.acceptedAt(), startedAt);
        if (Duration.between(expected, now).toMillis() > limitMillis) {
          EnumMap<AlarmKind, OpenAlarm> open =
              openAlarms.computeIfAbsent(
                  terminal.resourceCode(), k -> new EnumMap<>(AlarmKind.class));
          raise(
              terminal.resourceCode(),
              AlarmKind.OFFLINE,
              now,
              "never heard from since it was accepted",
              open);
          events.terminal(view(terminal));
        }
      }
    }
    refreshFigures();
    flush();
  }

  private void refreshFigures() {
    int online = 0;
    int pending = 0;
    for (Map.Entry<String, TerminalStatus> entry : statuses.entrySet()) {
      if (entry.getValue().online()) {
        online++;
      }
    }
    for (Terminal terminal : terminals.values()) {
      if (!terminal.accepted()) {
        pending++;
      }
    }
    int alarms = 0;
    for (EnumMap<AlarmKind, OpenAlarm> open : openAlarms.values()) {
      alarms += open.size();
    }
    terminalCount = terminals.size();
    onlineCount = online;
    pendingCount = pending;
    openAlarmCount = alarms;
  }

  /** Terminals known (any thread; as of the last sweep). */
  public int terminalCount() {
    return terminalCount;
  }

  /** Terminals online (any thread; as of the last sweep). */
  public int onlineCount() {
    return onlineCount;
  }

  /** Terminals waiting for acceptance (any thread; as of the last sweep). */
  public int pendingCount() {
    return pendingCount;
  }

  /** Open alarms (any thread; as of the last sweep). */
  public int openAlarmCount() {
    return openAlarmCount;
  }

  /** Frames heard from terminals since start, heartbeats included (any thread). */
  public long framesHeard() {
    return framesHeard.get();
  }

  private boolean alarmed(Terminal terminal) {
    EnumMap<AlarmKind, OpenAlarm> open = openAlarms.get(terminal.resourceCode());
    return open != null && open.containsKey(AlarmKind.OFFLINE);
  }

  private static Instant later(Instant a, Instant b) {
    return a == null || a.isBefore(b) ? b : a;
  }

  private void flush() {
    if (!unsavedStatuses.isEmpty()) {
      Map<String, TerminalStatus> batch = new LinkedHashMap<>(unsavedStatuses);
      unsavedStatuses.clear();
      writes.submit(
          "save " + batch.size() + " terminal statuses", () -> terminalStore.saveStatuses(batch));
    }
    if (!unsavedHistory.isEmpty()) {
      List<StatusRecord> batch = List.copyOf(unsavedHistory);
      unsavedHistory.clear();
      writes.submit(
          "append " + batch.size() + " status history lines",
          () -> terminalStore.appendHistory(batch));
    }
  }

  private void saveTerminal(Terminal terminal) {
    writes.submit("save terminal " + terminal.resourceCode(), () -> terminalStore.save(terminal));
  }

  // ---------------------------------------------------------------- for delivery (hub context)

  /** Accepted terminals under an area prefix (hub context). */
  public Set<String> acceptedUnder(String areaPrefix) {
    Set<String> codes = new HashSet<>();
    for (Terminal terminal : terminals.values()) {
      if (terminal.accepted() && terminal.areaCode().startsWith(areaPrefix)) {
        codes.add(terminal.resourceCode());
      }
    }
    return codes;
  }

  /** The accepted terminals configured into a group (hub context). */
  public Set<String> membersOf(long group) {
    Set<String> members = new HashSet<>();
    groupsOfTerminal.forEach(
        (code, numbers) -> {
          if (numbers.contains(group)) {
            members.add(code);
          }
        });
    return members;
  }

  /** Every known terminal (any approval) with its area code, for topic planning (hub context). */
  public Map<String, String> knownAreas() {
    Map<String, String> known = new HashMap<>(terminals.size() * 2);
    terminals.forEach((code, terminal) -> known.put(code, terminal.areaCode()));
    return known;
  }

  /** The terminal, or null (hub context). */
  public Terminal find(String resourceCode) {
    return terminals.get(resourceCode);
  }

  /** Whether the hub currently thinks the terminal is online (hub context). */
  public boolean isOnline(String resourceCode) {
    TerminalStatus status = statuses.get(resourceCode);
    return status != null && status.online();
  }

  public boolean groupExists(long number) {
    return groups.containsKey(number);
  }

  // ---------------------------------------------------------------- API

  public Future<List<TerminalView>> terminals(Scope scope) {
    return hub.call(
        () ->
            terminals.values().stream()
                .filter(t -> scope.covers(t.areaCode()))
                .sorted(Comparator.comparing(Terminal::resourceCode))
                .map(this::view)
                .toList());
  }

  /** Fails with ClientError NOT_FOUND. */
  public Future<TerminalView> terminal(String resourceCode) {
    return hub.call(() -> view(existing(resourceCode)));
  }

  /**
   * Registers a terminal before it is first heard from (installation lists, the demo county):
   * pending, like a terminal seen for the first time. Fails with CONFLICT if it is known.
   */
  public Future<TerminalView> register(Terminal terminal, String actor) {
    return hub.call(
        () -> {
          if (terminals.containsKey(terminal.resourceCode())) {
            throw ClientError.conflict("terminal " + terminal.resourceCode() + " is registered");
          }
          if (terminal.approval() != Approval.PENDING) {
            throw new IllegalArgumentException("register terminals as pending, then accept them");
          }
          terminals.put(terminal.resourceCode(), terminal);
          statuses.put(terminal.resourceCode(), TerminalStatus.unknown());
          saveTerminal(terminal);
          LOG.debug("terminal {} registered by {}", terminal.resourceCode(), actor);
          return view(terminal);
        });
  }

  public Future<TerminalView> accept(String resourceCode, String actor) {
    return hub.call(
        () -> {
          Terminal terminal = existing(resourceCode);
          if (terminal.accepted()) {
            return view(terminal);
          }
          Terminal accepted = terminal.accept(clock.instant(), defaults.heartbeatSeconds());
          terminals.put(resourceCode, accepted);
          saveTerminal(accepted);
          recomputeGroups();
          LOG.debug("terminal {} accepted by {}; sending its CONFIG", resourceCode, actor);
          audit.record(actor, "terminal.accept", resourceCode, "area " + accepted.areaCode());
          provisioner.configure(accepted, groupsOf(resourceCode), actor);
          TerminalView view = view(accepted);
          events.terminal(view);
          return view;
        });
  }

  public Future<TerminalView> describe(
      String resourceCode, String name, String location, String actor) {
    return hub.call(
        () -> {
          Terminal terminal = existing(resourceCode);
          Terminal described =
              terminal.withDetails(
                  name == null ? terminal.name() : name,
                  location == null ? terminal.location() : location);
          terminals.put(resourceCode, described);
          saveTerminal(described);
          audit.record(
              actor,
              "terminal.describe",
              resourceCode,
              "name " + described.name() + ", location " + described.location());
          return view(described);
        });
  }

  public Future<List<StatusRecord>> history(String resourceCode, int limit) {
    return hub.call(() -> existing(resourceCode))
        .compose(t -> hub.blocking(() -> terminalStore.history(resourceCode, limit)));
  }

  public Future<List<Area>> areas() {
    return hub.call(
        () -> areas.values().stream().sorted(Comparator.comparing(Area::code)).toList());
  }

  public Future<Area> saveArea(Area area, String actor) {
    return hub.call(
        () -> {
          areas.put(area.code(), area);
          writes.submit("save area " + area.code(), () -> areaStore.save(area));
          audit.record(actor, "area.save", area.code(), area.name());
          LOG.debug("area {} '{}' saved by {}", area.code(), area.name(), actor);
          return area;
        });
  }

  public Future<Void> deleteArea(String code, String actor) {
    return hub.call(
        () -> {
          if (areas.remove(code) == null) {
            throw ClientError.notFound("no area " + code);
          }
          writes.submit("delete area " + code, () -> areaStore.delete(code));
          audit.record(actor, "area.delete", code, "");
          LOG.info("area {} deleted by {}", code, actor);
          return null;
        });
  }

  public Future<List<Group>> groups() {
    return hub.call(
        () -> groups.values().stream().sorted(Comparator.comparingLong(Group::number)).toList());
  }

  /** Saves a group and re-sends CONFIG to every accepted terminal whose groups changed. */
  public Future<Group> saveGroup(Group group, String actor) {
    return hub.call(
        () -> {
          for (String code : group.terminals()) {
            if (!terminals.containsKey(code)) {
              throw ClientError.badRequest(
                  "'terminals': " + code + " is not a registered terminal");
            }
          }
          groups.put(group.number(), group);
          writes.submit("save group " + group.number(), () -> groupStore.save(group));
          audit.record(
              actor,
              "group.save",
              Long.toString(group.number()),
              group.name() + "; areas " + group.areaCodes() + "; terminals " + group.terminals());
          LOG.info("group {} '{}' saved by {}", group.number(), group.name(), actor);
          reprovisionChangedGroups(actor);
          return group;
        });
  }

  public Future<Void> deleteGroup(long number, String actor) {
    return hub.call(
        () -> {
          if (groups.remove(number) == null) {
            throw ClientError.notFound("no group " + number);
          }
          writes.submit("delete group " + number, () -> groupStore.delete(number));
          audit.record(actor, "group.delete", Long.toString(number), "");
          LOG.info("group {} deleted by {}", number, actor);
          reprovisionChangedGroups(actor);
          return null;
        });
  }

  public Future<List<Alarm>> alarms(Scope scope, boolean openOnly, int limit) {
    if (openOnly) {
      return hub.call(
          () ->
              openAlarms.values().stream()
                  .flatMap(m -> m.values().stream())
                  .map(a -> a.alarm.withId(a.id))
                  .filter(a -> scope.covers(a.resourceCode().substring(1, 13)))
                  .sorted(Comparator.comparing(Alarm::raisedAt).reversed())
                  .limit(limit)
                  .toList());
    }
    return hub.blocking(() -> alarmStore.recent(Math.max(limit * 4, limit)))
        .map(
            all ->
                all.stream()
                    .filter(a -> scope.covers(a.resourceCode().substring(1, 13)))
                    .limit(limit)
                    .toList());
  }

  private Terminal existing(String resourceCode) {
    Terminal terminal = terminals.get(resourceCode);
    if (terminal == null) {
      throw ClientError.notFound("no terminal " + resourceCode);
    }
    return terminal;
  }

  private TerminalView view(Terminal terminal) {
    String code = terminal.resourceCode();
    EnumMap<AlarmKind, OpenAlarm> open = openAlarms.get(code);
    return new TerminalView(
        terminal,
        statuses.getOrDefault(code, TerminalStatus.unknown()),
        groupsOfTerminal.getOrDefault(code, Set.of()),
        open == null ? List.of() : List.copyOf(open.keySet()));
  }

  private List<Long> groupsOf(String code) {
    return List.copyOf(new TreeSet<>(groupsOfTerminal.getOrDefault(code, Set.of())));
  }

  private void reprovisionChangedGroups(String actor) {
    Map<String, Set<Long>> before = groupsOfTerminal;
    recomputeGroups();
    Set<String> changed = new TreeSet<>();
    for (String code : terminals.keySet()) {
      if (!before
          .getOrDefault(code, Set.of())
          .equals(groupsOfTerminal.getOrDefault(code, Set.of()))) {
        changed.add(code);
      }
    }
    for (String code : changed) {
      Terminal terminal = terminals.get(code);
      if (terminal.accepted()) {
        provisioner.configure(terminal, groupsOf(code), actor);
      }
    }
  }

  /** Group membership: listed terminals plus accepted terminals under the listed areas. */
  private void recomputeGroups() {
    Map<String, Set<Long>> result = new HashMap<>();
    for (Group group : groups.values()) {
      for (String code : group.terminals()) {
        Terminal terminal = terminals.get(code);
        if (terminal != null && terminal.accepted()) {
          result.computeIfAbsent(code, k -> new HashSet<>()).add(group.number());
        }
      }
      if (!group.areaCodes().isEmpty()) {
        for (Terminal terminal : terminals.values()) {
          if (terminal.accepted() && underAny(terminal.areaCode(), group.areaCodes())) {
            result
                .computeIfAbsent(terminal.resourceCode(), k -> new HashSet<>())
                .add(group.number());
          }
        }
      }
    }
    groupsOfTerminal = result;
  }

  private static boolean underAny(String areaCode, Set<String> prefixes) {
    for (String prefix : prefixes) {
      if (areaCode.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
