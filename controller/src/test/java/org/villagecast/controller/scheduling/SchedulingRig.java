package org.villagecast.controller.scheduling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.villagecast.controller.Auditor;
import org.villagecast.controller.HubContext;
import org.villagecast.controller.HubEvents;
import org.villagecast.controller.WriteQueue;
import org.villagecast.controller.broadcast.ProgrammeItem;
import org.villagecast.controller.broadcast.ProgrammeLibrary;
import org.villagecast.controller.broadcast.ProgrammeSpec;
import org.villagecast.controller.registry.Group;
import org.villagecast.controller.registry.Registry;
import org.villagecast.controller.registry.Terminal;
import org.villagecast.controller.registry.TerminalDefaults;
import org.villagecast.controller.store.AlarmRepository;
import org.villagecast.controller.store.AreaRepository;
import org.villagecast.controller.store.AuditRepository;
import org.villagecast.controller.store.Database;
import org.villagecast.controller.store.FiringRepository;
import org.villagecast.controller.store.GroupRepository;
import org.villagecast.controller.store.ScheduleSetRepository;
import org.villagecast.controller.store.TerminalRepository;
import org.villagecast.protocol.testing.MutableClock;

/**
 * One hub's scheduling parts as the hub wires them (real registry, schedule service, firing store
 * and scheduler over an H2 file database, on a Vert.x context of their own), with a clock the test
 * moves, {@link RecordingBroadcasts} in place of the broadcast service and an in-memory programme
 * library (both fakes because the real ones are not on this branch yet). Two rigs on one database
 * are two hubs, or one hub before and after a restart.
 */
final class SchedulingRig implements AutoCloseable {
  static final String COUNTY = "320583";
  static final String VILLAGE_A = "320583101001";
  static final String VILLAGE_B = "320583101002";
  static final String RC_A1 = "1" + VILLAGE_A + "0301010101";
  static final String RC_A2 = "1" + VILLAGE_A + "0301010102";
  static final String RC_B1 = "1" + VILLAGE_B + "0301010101";

  final Vertx vertx = Vertx.vertx();
  final HubContext hub = new HubContext(vertx, vertx.getOrCreateContext());
  final MutableClock clock;
  final Database db;
  final WriteQueue writes = new WriteQueue();
  final AuditRepository auditLog;
  final Registry registry;
  final ScheduleService schedules;
  final FiringRepository firings;
  final RecordingBroadcasts broadcasts;
  final Map<String, ProgrammeSpec> programmes = new HashMap<>();
  final SchedulerConfig config;
  Scheduler scheduler;

  /** The programme library the scheduler reads: a map here; the hub's is the lead's to write. */
  final ProgrammeLibrary library = id -> Optional.ofNullable(programmes.get(id));

  private SchedulingRig(Path dbFile, MutableClock clock, SchedulerConfig config) {
    this.clock = clock;
    this.config = config;
    db = Database.open(Database.h2FileUrl(dbFile), "hub", "rig-secret");
    auditLog = new AuditRepository(db);
    Auditor auditor = new Auditor(auditLog, writes, clock);
    registry =
        new Registry(
            hub,
            clock,
            new TerminalRepository(db),
            new AreaRepository(db),
            new GroupRepository(db),
            new AlarmRepository(db),
            writes,
            new HubEvents(),
            TerminalDefaults.standard(),
            auditor);
    firings = new FiringRepository(db);
    schedules =
        new ScheduleService(hub, new ScheduleSetRepository(db), firings, registry, auditor, clock);
    broadcasts = new RecordingBroadcasts(clock);
    for (String id : List.of("prog-noon", "prog-music", "prog-drill", "prog-alert")) {
      programmes.put(id, ProgrammeSpec.notice(new ProgrammeItem.Silence(Duration.ofSeconds(1))));
    }
  }

  /** A rig over {@code dbFile} with the registry and schedules loaded from it; no scheduler yet. */
  static SchedulingRig open(Path dbFile, MutableClock clock, SchedulerConfig config)
      throws Exception {
    SchedulingRig rig = new SchedulingRig(dbFile, clock, config);
    await(rig.registry.start());
    await(rig.schedules.start());
    return rig;
  }

  /** Registers and accepts the fixture terminals: two in village A, one in village B. */
  SchedulingRig withTerminals() throws Exception {
    for (String rc : List.of(RC_A1, RC_A2, RC_B1)) {
      await(registry.register(Terminal.firstSeen(rc, clock.instant()), "fixture"));
      await(registry.accept(rc, "fixture"));
    }
    await(
        registry.saveGroup(
            new Group(7, "river bank", java.util.Set.of(), java.util.Set.of(RC_A1, RC_B1)),
            "fixture"));
    return this;
  }

  /** Starts a scheduler (as a hub start does). */
  Scheduler startScheduler() throws Exception {
    scheduler =
        new Scheduler(hub, clock, config, schedules, registry, firings, broadcasts, library);
    await(scheduler.start());
    return scheduler;
  }

  /** Moves the clock and lets the scheduler act on what is due, as its timer would. */
  void moveTo(Instant t) throws Exception {
    clock.set(t);
    await(
        hub.call(
            () -> {
              scheduler.runDue();
              return null;
            }));
  }

  /** The records of the day around {@code t}. */
  List<Firing> records(Instant t) {
    return firings.between(
        t.minus(Duration.ofDays(2)), t.plus(Duration.ofDays(2)), null, null, 1000);
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Waits until the condition holds (store writes and broadcast answers are asynchronous). */
  static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
    eventually(condition, what, 20);
  }

  static void eventually(BooleanSupplier condition, String what, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  /** Stops the scheduler and closes everything, as a hub stop does. */
  @Override
  public void close() throws Exception {
    try {
      if (scheduler != null) {
        await(scheduler.stop());
      }
      await(registry.stop());
    } finally {
      writes.close();
      await(vertx.close());
      db.close();
    }
  }
}
