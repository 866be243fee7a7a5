package org.villagecast.controller.scheduling;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.HubContext;
import org.villagecast.controller.broadcast.Broadcast;
import org.villagecast.controller.broadcast.BroadcastRequest;
import org.villagecast.controller.broadcast.Broadcasts;
import org.villagecast.controller.broadcast.ProgrammeLibrary;
import org.villagecast.controller.broadcast.ProgrammeSpec;
import org.villagecast.controller.delivery.Targets;
import org.villagecast.controller.registry.Registry;
import org.villagecast.controller.registry.TerminalView;
import org.villagecast.controller.store.FiringRepository;

/**
 * Fires schedules: keeps the plan of the next 24 hours ({@link FiringPlanner}, from the timeline:
 * what actually plays after conflicts and quiet hours), starts each broadcast a pre-roll before its
 * scheduled second, and records what became of every occurrence ({@link Firing}).
 *
 * <p><b>Never twice.</b> Before a broadcast is started, its occurrence is claimed in the store: an
 * INSERT on the unique key (schedule, occurrence). Only the claimant starts it, so neither a
 * restart nor a second hub on the same database can fire it again. A hub that stops between the
 * claim and the start leaves the row CLAIMED; the next start records it FAILED and does not start
 * it (it may have played).
 *
 * <p><b>What was missed while the hub was down</b> (the scheduler notes in the store every 30 s
 * that it runs; at start, the time from the newest note to now is the outage). Every occurrence due
 * in the outage (looking back at most {@link SchedulerConfig#maxLookback()}) without a record is
 * dealt with at once: one that was to play, is less than the {@linkplain SchedulerConfig#grace()
 * grace period} late and whose slot is still open is started now and recorded FIRED with its delay;
 * any other is recorded MISSED with "the hub was down from X to Y"; one that would not have played
 * anyway is recorded SKIPPED with the timeline's reason. Nothing is dropped without a record.
 *
 * <p><b>Threads.</b> Planning (the timeline) and every store call run on worker threads; the plan,
 * the timers and the calls to {@link Broadcasts} run on the hub context. Times come from the
 * injected {@link Clock}; Vert.x timers only wake the scheduler, which then asks the clock what is
 * due ({@link #runDue()}), so tests move time by moving the clock.
 *
 * <p><b>Plans again</b> when the schedules change, when the registry changes (accepted terminals,
 * groups: compared every {@link SchedulerConfig#replanEvery()} and on terminal events), and every
 * {@code replanEvery} as the horizon moves on.
 */
public final class Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  /** Who starts scheduled broadcasts, as the audit log and broadcast lists show it. */
  public static final String ACTOR = "scheduler";

  private final HubContext hub;
  private final Clock clock;
  private final SchedulerConfig config;
  private final ScheduleService schedules;
  private final Registry registry;
  private final FiringRepository firings;
  private final Broadcasts broadcasts;
  private final ProgrammeLibrary programmes;
  private final List<Consumer<Firing>> listeners = new CopyOnWriteArrayList<>();

  // Hub context only.
  private final PriorityQueue<PlannedOccurrence> queue =
      new PriorityQueue<>(
          Comparator.comparing((PlannedOccurrence o) -> dueAt(o))
              .thenComparing(PlannedOccurrence::startAt)
              .thenComparing(o -> o.schedule().id()));
  private final Set<OccurrenceKey> handled = new HashSet<>();
  private final ArrayDeque<OccurrenceKey> handledOrder = new ArrayDeque<>();
  private RegistryTargets targets = RegistryTargets.empty();
  private long timer = -1;
  private long periodic = -1;
  private long alive = -1;
  private long generation;
  private boolean started;
  private boolean stopped;
  private boolean replanning;
  private boolean replanAgain;
  private Instant pendingOutage;

  public Scheduler(
      HubContext hub,
      Clock clock,
      SchedulerConfig config,
      ScheduleService schedules,
      Registry registry,
      FiringRepository firings,
      Broadcasts broadcasts,
      ProgrammeLibrary programmes) {
    this.hub = hub;
    this.clock = clock;
    this.config = config;
    this.schedules = schedules;
    this.registry = registry;
    this.firings = firings;
    this.broadcasts = broadcasts;
    this.programmes = programmes;
  }

  public SchedulerConfig config() {
    return config;
  }

  /** Called on the hub context with every record this scheduler writes, once it is stored. */
  public void onRecord(Consumer<Firing> listener) {
    listeners.add(listener);
  }

  /**
   * Settles what a stopped hub left, deals with what was missed while it was down, plans and arms
   * the timers. Completes once the plan is in place (on the hub context).
   */
  public Future<Void> start() {
    return hub.callAsync(
        () -> {
          Instant now = clock.instant();
          return hub.blocking(
                  () -> {
                    settleLeftClaims(now);
                    // The newest note of a running scheduler, before this one writes its own: the
                    // last sign of life before the outage.
                    Optional<Instant> lastAlive = firings.lastAlive();
                    firings.markAlive(config.hubName(), now);
                    return lastAlive.orElse(null);
                  })
              .compose(
                  downSince ->
                      RegistryTargets.take(hub, registry)
                          .compose(
                              snapshot -> {
                                targets = snapshot;
                                // A plan that fails must not keep the hub (and its alerts) from
                                // starting: it is tried again at the next replan, outage and all.
                                pendingOutage = downSince;
                                return plan(now, downSince).otherwiseEmpty();
                              }))
              .onSuccess(
                  v -> {
                    started = true;
                    schedules.onChange(c -> replan("the schedules changed"));
                    periodic =
                        hub.vertx()
                            .setPeriodic(
                                config.replanEvery().toMillis(),
                                id -> retakeTargets("the horizon moved on"));
                    alive =
                        hub.vertx().setPeriodic(config.aliveEvery().toMillis(), id -> markAlive());
                  });
        });
  }

  /** Stops the timers; what is in flight finishes. */
  public Future<Void> stop() {
    return hub.call(
        () -> {
          stopped = true;
          for (long id : new long[] {timer, periodic, alive}) {
            if (id >= 0) {
              hub.vertx().cancelTimer(id);
            }
          }
          queue.clear();
          return null;
        });
  }

  /** The occurrences planned and not yet due, earliest first (hub context; for views and tests). */
  public List<PlannedOccurrence> planned() {
    List<PlannedOccurrence> out = new ArrayList<>(queue);
    out.sort(queue.comparator());
    return out;
  }

  // ---------------------------------------------------------------- start: what the outage left

  private void settleLeftClaims(Instant now) {
    for (Firing left : firings.claimed()) {
      String reason =
          "the hub stopped while starting it (claimed at "
              + left.recordedAt()
              + "); not started again, so that it cannot play twice: check the broadcasts of"
              + " that time";
      if (firings.settle(left.key(), FiringState.FAILED, null, reason, now)) {
        LOG.warn("Schedules: {} {}", left.key(), reason);
      }
    }
  }

  // ---------------------------------------------------------------- planning

  /** Plans again from now (hub context); coalesces requests that come while a plan is made. */
  public void replan(String why) {
    if (!started || stopped) {
      return;
    }
    if (replanning) {
      replanAgain = true;
      return;
    }
    LOG.debug("Schedules: planning again ({})", why);
    plan(clock.instant(), pendingOutage);
  }

  /**
   * Makes the plan from {@code now} over the horizon and installs it.
   *
   * @param downSince at start after an outage: the last sign of life before it; else null
   */
  private Future<Void> plan(Instant now, Instant downSince) {
    replanning = true;
    long mine = ++generation;
    ScheduleService.Current current = schedules.current();
    RegistryTargets resolver = targets;
    Instant until = now.plus(config.horizon());
    return hub.blocking(
            () -> {
              Instant from = now;
              if (downSince != null) {
                // A little before the last sign of life: an occurrence due just before the hub
                // stopped may not have been acted on; its record (or the lack of one) tells.
                Instant back = downSince.minus(config.aliveEvery()).minus(config.preRoll());
                Instant earliest = now.minus(config.maxLookback());
                from = back.isBefore(earliest) ? earliest : back;
                if (back.isBefore(earliest)) {
                  LOG.warn(
                      "Schedules: the hub was down from {} to {}; occurrences before {} are not"
                          + " looked at (maxLookback {})",
                      downSince,
                      now,
                      earliest,
                      config.maxLookback());
                }
              }
              List<PlannedOccurrence> plan =
                  new FiringPlanner(current.set(), resolver).plan(from, until);
              Set<OccurrenceKey> recorded = firings.recordedBetween(from, until);
              return new Plan(plan, recorded, downSince, from);
            })
        .<Void>map(
            p -> {
              replanning = false;
              if (mine != generation || stopped) {
                return null;
              }
              install(p, now);
              if (replanAgain) {
                replanAgain = false;
                replan("a change came while planning");
              }
              return null;
            })
        .onFailure(
            e -> {
              replanning = false;
              LOG.error(
                  "Schedules: planning failed ({}); the previous plan stays in force and the next"
                      + " attempt is in {}",
                  e.getMessage(),
                  config.replanEvery(),
                  e);
            });
  }

  /** A plan made on a worker thread, with the records that existed when it was made. */
  private record Plan(
      List<PlannedOccurrence> occurrences,
      Set<OccurrenceKey> recorded,
      Instant downSince,
      Instant from) {}

  private void install(Plan p, Instant now) {
    pendingOutage = null;
    queue.clear();
    List<PlannedOccurrence> overdue = new ArrayList<>();
    for (PlannedOccurrence o : p.occurrences()) {
      if (p.recorded().contains(o.key()) || handled.contains(o.key())) {
        continue;
      }
      if (o.startAt().isBefore(now)) {
        if (p.downSince() != null) {
          overdue.add(o);
        }
        continue;
      }
      queue.add(o);
    }
    for (PlannedOccurrence o : overdue) {
      catchUp(o, p.downSince(), now);
    }
    LOG.info(
        "Schedules: {} occurrences planned until {}, {} dealt with as missed or late",
        queue.size(),
        now.plus(config.horizon()),
        overdue.size());
    arm();
  }

  /**
   * A terminal's state changed (hub context; from the hub's terminal events). Most changes are
   * presence; only an acceptance the plan does not know of yet makes a new registry snapshot.
   */
  public void terminalChanged(TerminalView view) {
    if (view.terminal().accepted() != targets.knows(view.terminal().resourceCode())) {
      registryChanged();
    }
  }

  /** Tells the scheduler that the registry may have changed (accepted terminals, groups). */
  public void registryChanged() {
    if (!started || stopped) {
      return;
    }
    retakeTargets(null);
  }

  /**
   * Takes a new snapshot of the registry's targets and plans again if it changed; otherwise plans
   * again only with a reason ({@code unchangedReason}), or not at all when it is null.
   */
  private void retakeTargets(String unchangedReason) {
    RegistryTargets.take(hub, registry)
        .onSuccess(
            snapshot -> {
              if (!snapshot.equals(targets)) {
                targets = snapshot;
                replan("the registry changed");
              } else if (unchangedReason != null) {
                replan(unchangedReason);
              }
            });
  }

  /** Notes in the store that the scheduler runs (its timer calls it; tests call it). */
  void markAlive() {
    Instant now = clock.instant();
    hub.blocking(
            () -> {
              firings.markAlive(config.hubName(), now);
              return null;
            })
        .onFailure(
            e -> LOG.warn("Schedules: could not note that the scheduler runs: {}", e.getMessage()));
  }

  // ---------------------------------------------------------------- timers

  private void arm() {
    if (timer >= 0) {
      hub.vertx().cancelTimer(timer);
      timer = -1;
    }
    PlannedOccurrence next = queue.peek();
    if (next == null || stopped) {
      return;
    }
    // Rounded up: a timer never fires before its delay, so the first wake-up is on time or late,
    // never early (an early one would only arm again).
    long nanos = Duration.between(clock.instant(), dueAt(next)).toNanos();
    long delay = nanos <= 0 ? 1 : (nanos + 999_999) / 1_000_000;
    timer =
        hub.vertx()
            .setTimer(
                delay,
                id -> {
                  timer = -1;
                  runDue();
                });
  }

  /** When an occurrence is acted on: a pre-roll before its sound starts; skips at their start. */
  private Instant dueAt(PlannedOccurrence o) {
    return o.plays() ? o.startAt().minus(config.preRoll()) : o.startAt();
  }

  /**
   * Acts on every occurrence due by the clock's now, then arms the timer for the next (hub
   * context). The Vert.x timer calls it; tests call it after moving the clock.
   */
  public void runDue() {
    Instant now = clock.instant();
    List<PlannedOccurrence> due = new ArrayList<>();
    while (!queue.isEmpty() && !dueAt(queue.peek()).isAfter(now)) {
      due.add(queue.poll());
    }
    for (PlannedOccurrence o : due) {
      act(o, now, null);
    }
    arm();
  }

  // ---------------------------------------------------------------- acting on one occurrence

  private boolean markHandled(OccurrenceKey key) {
    if (!handled.add(key)) {
      return false;
    }
    handledOrder.add(key);
    // Keys older than the look-back cannot come up again in a plan.
    while (handledOrder.size() > 200_000) {
      handled.remove(handledOrder.poll());
    }
    return true;
  }

  private void catchUp(PlannedOccurrence o, Instant downSince, Instant now) {
    String outage = "the hub was down from " + downSince + " to " + now;
    if (!o.plays()) {
      record(
          Firing.of(
              o.schedule().id(),
              o.occurrence(),
              FiringState.SKIPPED,
              null,
              0,
              o.reason() + " (due while " + outage + ")",
              now));
      markHandled(o.key());
      return;
    }
    Duration late = Duration.between(o.startAt(), now);
    boolean slotOpen = o.endAt().isAfter(now.plus(config.preRoll()));
    if (late.compareTo(config.grace()) <= 0 && slotOpen) {
      act(o, now, "started " + words(late) + " late: " + outage);
    } else {
      String why =
          "not played: "
              + outage
              + "; it was due at "
              + o.startAt()
              + ", "
              + words(late)
              + " before the restart"
              + (late.compareTo(config.grace()) > 0
                  ? " (more than the grace period of " + words(config.grace()) + ")"
                  : "")
              + (slotOpen ? "" : ", and its slot ended at " + o.endAt());
      record(Firing.of(o.schedule().id(), o.occurrence(), FiringState.MISSED, null, 0, why, now));
      markHandled(o.key());
    }
  }

  /**
   * Claims the occurrence and starts its broadcast, or records why not.
   *
   * @param late for an occurrence started after its time: why, else null
   */
  private void act(PlannedOccurrence o, Instant now, String late) {
    if (!markHandled(o.key())) {
      return;
    }
    String id = o.schedule().id();
    if (!o.plays()) {
      record(Firing.of(id, o.occurrence(), FiringState.SKIPPED, null, 0, o.reason(), now));
      return;
    }
    Instant startAt = late == null ? o.startAt() : now.plus(config.preRoll());
    String reason = late == null ? o.reason() : late + "; " + o.reason();
    Targets delivery =
        o.wholeTargets()
            ? targets.deliveryTargets(o.schedule().targets())
            : new Targets(List.of(), List.of(), o.terminals());
    int count = o.terminalCount();
    String programmeId = o.schedule().programme().id();
    hub.blocking(
            () -> {
              Optional<ProgrammeSpec> programme = programmes.find(programmeId);
              if (programme.isEmpty()) {
                firings
                    .claim(
                        Firing.of(
                            id,
                            o.occurrence(),
                            FiringState.FAILED,
                            null,
                            0,
                            "not played: programme '"
                                + programmeId
                                + "' is not in the programme library",
                            now))
                    .ifPresent(this::announceLater);
                return null;
              }
              Optional<Firing> claim =
                  firings.claim(
                      Firing.of(
                          id, o.occurrence(), FiringState.CLAIMED, startAt, count, reason, now));
              return claim.isPresent() ? new Claimed(claim.get(), programme.get()) : null;
            })
        .onSuccess(
            claimed -> {
              if (claimed == null) {
                return;
              }
              BroadcastRequest request;
              try {
                request =
                    ScheduledBroadcast.request(
                        o.schedule(), claimed.programme(), delivery, startAt, o.endAt());
              } catch (IllegalArgumentException e) {
                settle(
                    claimed.firing(),
                    FiringState.FAILED,
                    null,
                    "not played: the broadcast request is invalid: " + e.getMessage());
                return;
              }
              Future<Broadcast> started;
              try {
                started = broadcasts.start(request, ACTOR);
              } catch (RuntimeException e) {
                started = Future.failedFuture(e);
              }
              started.onComplete(
                  done -> {
                    if (done.succeeded()) {
                      settle(claimed.firing(), FiringState.FIRED, done.result().id(), reason);
                    } else {
                      Throwable e = done.cause();
                      String why =
                          e instanceof ClientError
                              ? e.getMessage()
                              : "the broadcast service failed: " + e.getMessage();
                      if (!(e instanceof ClientError)) {
                        LOG.error("Schedules: starting {} failed", o.key(), e);
                      }
                      settle(claimed.firing(), FiringState.FAILED, null, "not played: " + why);
                    }
                  });
            })
        .onFailure(
            e ->
                LOG.error(
                    "Schedules: could not claim {} in the store ({}); it is not started, so that it"
                        + " cannot play twice. Check the database (readiness at /ready).",
                    o.key(),
                    e.getMessage()));
  }

  /** A claimed occurrence and the programme it plays. */
  private record Claimed(Firing firing, ProgrammeSpec programme) {}

  private void settle(Firing claimed, FiringState state, Long broadcastId, String reason) {
    Instant at = clock.instant();
    hub.blocking(
            () -> {
              firings.settle(claimed.key(), state, broadcastId, reason, at);
              return new Firing(
                  claimed.id(),
                  claimed.scheduleId(),
                  claimed.occurrence(),
                  state,
                  claimed.startAt(),
                  broadcastId,
                  state == FiringState.FIRED ? claimed.terminals() : 0,
                  reason,
                  claimed.recordedAt(),
                  at);
            })
        .onSuccess(this::announce)
        .onFailure(
            e ->
                LOG.error(
                    "Schedules: could not record {} {} ({}): {}",
                    state,
                    claimed.key(),
                    reason,
                    e.getMessage()));
  }

  private void record(Firing firing) {
    hub.blocking(() -> firings.claim(firing))
        .onSuccess(stored -> stored.ifPresent(this::announce))
        .onFailure(
            e ->
                LOG.error(
                    "Schedules: could not record {} {} ({}): {}",
                    firing.state(),
                    firing.key(),
                    firing.reason(),
                    e.getMessage()));
  }

  private void announceLater(Firing firing) {
    hub.run(() -> announce(firing));
  }

  private void announce(Firing firing) {
    if (firing.state() == FiringState.FIRED) {
      LOG.info("Schedules: fired {} ({})", firing.key(), firing.reason());
    } else {
      LOG.warn("Schedules: {} {}: {}", firing.state(), firing.key(), firing.reason());
    }
    listeners.forEach(l -> l.accept(firing));
  }

  private static String words(Duration d) {
    long s = d.toSeconds();
    return s < 120 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
  }
}
