package org.villagecast.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.villagecast.controller.delivery.Command;
import org.villagecast.controller.delivery.Delivery;
import org.villagecast.controller.delivery.DeliveryState;
import org.villagecast.controller.delivery.Targets;

/** Commands and deliveries, on H2 and PostgreSQL. */
class CommandRepositoryTest extends StoreTestBase {
  private static final Instant T0 = Instant.parse("2025-06-01T08:00:00.654321Z");
  private static final String RC1 = "10000000000000101010101";
  private static final String RC2 = "10000000000000101010102";

  /**
   * The goal is well under a second on H2. These bounds only catch gross slips (a statement or a
   * transaction per row): the CPU bound on H2, which works in this thread; the wall-clock bound,
   * loose enough for a machine busy with other builds, on PostgreSQL, whose server does the work.
   */
  private static final Duration CPU_BOUND = Duration.ofSeconds(3);

  private static final Duration WALL_BOUND = Duration.ofSeconds(20);

  private CommandRepository commands;

  @BeforeEach
  void repository() {
    commands = new CommandRepository(db);
  }

  /** Verifies that commands read back equal: mixed targets, empty targets, null parameters. */
  @Test
  void insert_find_roundTrip() {
    // GIVEN a PLAY to areas, a group numbered u32 max and terminals, and a STOP to nobody
    Command play =
        new Command(
            7,
            "PLAY",
            "{\"text\":\"明天停水 \\\"通知\\\"\",\"volume\":80}",
            new Targets(List.of("110101", "110102001"), List.of(3L, 4_294_967_295L), List.of(RC1)),
            "operator",
            T0,
            T0.plusSeconds(120),
            152,
            false);
    Command stop =
        new Command(
            8,
            "STOP",
            null,
            new Targets(List.of(), List.of(), List.of()),
            "scheduler",
            T0,
            T0,
            0,
            true);

    // WHEN they are inserted
    commands.insert(play);
    commands.insert(stop);

    // THEN both read back equal; an unknown id finds nothing
    assertThat(commands.find(7)).contains(play);
    assertThat(commands.find(8)).contains(stop);
    assertThat(commands.find(9)).isEmpty();
  }

  /** Verifies that open() lists only commands not closed, and markClosed closes one. */
  @Test
  void markClosed_removesFromOpen() {
    // GIVEN three open commands
    for (long id = 1; id <= 3; id++) {
      commands.insert(command(id, T0.plusSeconds(id)));
    }

    // WHEN one is closed, and an unknown id too
    commands.markClosed(2);
    commands.markClosed(99);

    // THEN the other two are open, and the closed one says so
    assertThat(commands.open()).extracting(Command::id).containsExactly(1L, 3L);
    assertThat(commands.find(2)).contains(command(2, T0.plusSeconds(2)).close());
  }

  /** Verifies that recent() is newest first and limited, and maxId the highest id or 0. */
  @Test
  void recent_newestFirst_maxId() {
    // GIVEN no commands
    assertThat(commands.maxId()).isZero();
    assertThat(commands.recent(10)).isEmpty();

    // WHEN commands are inserted with ids and times not in the same order
    commands.insert(command(10, T0.plusSeconds(1)));
    commands.insert(command(30, T0.plusSeconds(3)));
    commands.insert(command(20, T0.plusSeconds(2)));

    // THEN newest first, limited; the highest id
    assertThat(commands.recent(2)).extracting(Command::id).containsExactly(30L, 20L);
    assertThat(commands.maxId()).isEqualTo(30);
  }

  /** Verifies that deliveries read back equal, by resource code, with every nullable field null. */
  @Test
  void saveDeliveries_roundTripOrderedByResourceCode() {
    // GIVEN a just-sent delivery (nulls) and a finished one, of command 1, and one of command 2
    Delivery sent = new Delivery(1, RC2, DeliveryState.SENT, 1, null, null, null, null, null);
    Delivery finished =
        new Delivery(
            1,
            RC1,
            DeliveryState.FINISHED,
            3,
            T0,
            T0.plusMillis(40),
            T0.plusMillis(500),
            T0.plusSeconds(30),
            "TASK_FINISHED 完成");
    Delivery other = new Delivery(2, RC1, DeliveryState.FAILED, 5, T0, null, null, T0, "NACK");

    // WHEN they are saved in one call
    commands.saveDeliveries(List.of(sent, finished, other));

    // THEN each command's deliveries come back by resource code
    assertThat(commands.deliveries(1)).containsExactly(finished, sent);
    assertThat(commands.deliveries(2)).containsExactly(other);
    assertThat(commands.deliveries(3)).isEmpty();
  }

  /**
   * Verifies that saving deliveries upserts by (command id, resource code): stored ones are
   * replaced, new ones added, and of two for one key in a call the last counts.
   */
  @Test
  void saveDeliveries_upsertsByKey() {
    // GIVEN one delivery sent
    commands.saveDeliveries(List.of(delivery(1, RC1, DeliveryState.SENT)));

    // WHEN it is acknowledged, a new one is added, and a third is given twice
    commands.saveDeliveries(
        List.of(
            delivery(1, RC1, DeliveryState.ACKNOWLEDGED),
            delivery(1, RC2, DeliveryState.SENT),
            delivery(2, RC1, DeliveryState.SENT),
            delivery(2, RC1, DeliveryState.PLAYING)));

    // THEN there are three, each in its latest state
    assertThat(commands.deliveries(1))
        .containsExactly(
            delivery(1, RC1, DeliveryState.ACKNOWLEDGED), delivery(1, RC2, DeliveryState.SENT));
    assertThat(commands.deliveries(2)).containsExactly(delivery(2, RC1, DeliveryState.PLAYING));
  }

  /**
   * Verifies that 10,000 deliveries (a county-wide command) are inserted, then all updated, in one
   * call each, cheaply; prints the time it took (wall clock, and this thread's CPU time, which
   * other builds on a loaded machine inflate less).
   */
  @Test
  void saveDeliveries_tenThousand_fast() {
    // GIVEN 10,000 deliveries of a command, after a warm-up save of another command's
    commands.saveDeliveries(deliveries(1, 10_000, DeliveryState.SENT));
    List<Delivery> sent = deliveries(2, 10_000, DeliveryState.SENT);
    List<Delivery> acknowledged = deliveries(2, 10_000, DeliveryState.ACKNOWLEDGED);

    // WHEN they are saved new, and then saved again acknowledged
    Cost insert = Cost.of(() -> commands.saveDeliveries(sent));
    Cost update = Cost.of(() -> commands.saveDeliveries(acknowledged));
    System.out.printf(
        "%s: 10,000 new deliveries saved in %d ms (%d ms CPU), 10,000 updated in %d ms (%d ms"
            + " CPU)%n",
        vendor,
        insert.wall().toMillis(),
        insert.cpu().toMillis(),
        update.wall().toMillis(),
        update.cpu().toMillis());

    // THEN all 10,000 are stored acknowledged, and neither save was costly
    assertThat(commands.deliveries(2)).isEqualTo(acknowledged);
    for (Cost cost : List.of(insert, update)) {
      assertThat(cost.cpu()).isLessThan(CPU_BOUND);
      assertThat(cost.wall()).isLessThan(WALL_BOUND);
    }
  }

  /** Wall-clock and calling-thread CPU time of one call. */
  private record Cost(Duration wall, Duration cpu) {
    static Cost of(Runnable call) {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long cpu = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      call.run();
      long wall = System.nanoTime() - start;
      return new Cost(
          Duration.ofNanos(wall),
          Duration.ofNanos(cpu < 0 ? wall : threads.getCurrentThreadCpuTime() - cpu));
    }
  }

  /** Verifies that batches of every size around the chunk size, half new, are stored whole. */
  @Test
  void saveDeliveries_batchSizes_newAndStoredMixed() {
    long commandId = 100;
    for (int size : new int[] {1, 2, 999, 1000, 1001, 2001}) {
      commandId++;
      // GIVEN every third delivery of the batch stored before
      List<Delivery> before = new ArrayList<>();
      List<Delivery> batch = deliveries(commandId, size, DeliveryState.FINISHED);
      for (int i = 0; i < size; i += 3) {
        before.add(
            new Delivery(
                commandId,
                batch.get(i).resourceCode(),
                DeliveryState.SENT,
                1,
                T0,
                null,
                null,
                null,
                null));
      }
      commands.saveDeliveries(before);

      // WHEN the batch is saved / THEN every delivery has the batch's state
      commands.saveDeliveries(batch);
      assertThat(commands.deliveries(commandId)).as("size %d", size).isEqualTo(batch);
    }
  }

  private static Command command(long id, Instant createdAt) {
    return new Command(
        id,
        "SET_VOLUME",
        "{\"volume\":60}",
        Targets.ofTerminals(RC1),
        "operator",
        createdAt,
        createdAt.plusSeconds(30),
        1,
        false);
  }

  private static Delivery delivery(long commandId, String rc, DeliveryState state) {
    return new Delivery(commandId, rc, state, 1, T0, null, null, null, state.name());
  }

  /** Deliveries to n terminals, ordered by resource code. */
  private static List<Delivery> deliveries(long commandId, int n, DeliveryState state) {
    List<Delivery> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(
          new Delivery(
              commandId,
              String.format("1000000000000%010d", i),
              state,
              2,
              T0,
              state == DeliveryState.SENT ? null : T0.plusMillis(i % 1000),
              null,
              null,
              null));
    }
    return list;
  }
}
