package org.villagecast.controller.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.villagecast.fieldtools.sim.DemoCounty;
import org.villagecast.fieldtools.sim.FleetConfig;
import org.villagecast.fieldtools.sim.MqttTerminalFleet;
import org.villagecast.fieldtools.sim.TerminalSpec;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.FaultFlags;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.MessageType;
import org.villagecast.protocol.codec.TerminalState;
import org.villagecast.protocol.link.LinkException;
import org.villagecast.protocol.link.mqtt.MqttLink;
import org.villagecast.protocol.link.mqtt.MqttLinkConfig;
import org.villagecast.protocol.security.CommandGuard;
import org.villagecast.protocol.security.KeyRing;

/**
 * The hub link with reference terminals on a real broker: time sync, a query and its report on the
 * hub context, frames on the wrong topic dropped, retained states and wills, the persistent
 * session, shared subscriptions, and the broker going away and coming back. Each broker (mosquitto,
 * the embedded HiveMQ) runs these in a subclass that says how to start, kill and restart it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class HubLinkScenarios {
  static final String VILLAGE = "320583101201";
  static final Duration WAIT = Duration.ofSeconds(20);

  /** A terminal that is not in the fleet (nor in any registry): a "pending" one. */
  static final String STRANGER = "43205831012010314019999";

  private Path dir;
  private Vertx vertx;
  private Context hubContext;
  private HubKeys keys;
  private MessageIds ids;
  private ExecutorService idWorker;
  private HubLink link;
  private MqttTerminalFleet fleet;
  private List<String> terminals;
  private final Recorder recorder = new Recorder();
  private final List<AutoCloseable> extras = new ArrayList<>();

  /** Starts the broker; returns its URL. */
  abstract String startBroker(Path dir) throws Exception;

  /** Takes the broker away, as abruptly as this broker allows. */
  abstract void killBroker() throws Exception;

  /** Brings the broker back on the same port. */
  abstract void restartBroker() throws Exception;

  /** Stops the broker for good. */
  abstract void stopBroker();

  // ---------------------------------------------------------------- set-up

  @BeforeAll
  void startBrokerHubAndTerminals() throws Exception {
    dir = Files.createTempDirectory("hub-link-");
    String url = startBroker(dir);
    vertx = Vertx.vertx();
    hubContext = vertx.getOrCreateContext();
    keys = HubKeys.loadOrCreate(dir.resolve("keys"));
    AtomicLong store = new AtomicLong(1);
    idWorker = Executors.newSingleThreadExecutor();
    ids = MessageIds.open(size -> store.getAndAdd(size), 1_000, idWorker);
    link = connect(HubLinkConfig.defaults(url));
    link.onUp(recorder::up);
    link.onState(recorder::state);
    link.onConnection(recorder::connection);
    List<TerminalSpec> specs =
        DemoCounty.terminals(VILLAGE, 3, new DemoCounty.Mix(0, 2_000_000, 20, 5));
    terminals = specs.stream().map(TerminalSpec::resourceCode).toList();
    fleet =
        MqttTerminalFleet.start(
            FleetConfig.broker(url).withKeepAlive(Duration.ofSeconds(2)).withEventLoops(1),
            Map.of(keys.keyId(), keys.publicKey()),
            specs);
    assertThat(fleet.awaitConnected(3, WAIT)).as("3 terminals connected").isTrue();
  }

  @AfterAll
  void stopEverything() {
    for (AutoCloseable extra : extras) {
      try {
        extra.close();
      } catch (Exception e) {
        // the next one still closes
      }
    }
    if (fleet != null) {
      fleet.close();
    }
    if (link != null) {
      link.close();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS);
    }
    if (idWorker != null) {
      idWorker.shutdownNow();
    }
    stopBroker();
  }

  private HubLink connect(HubLinkConfig config) throws Exception {
    return await(HubLink.connect(vertx, hubContext, config, keys.signer(), ids, Clock.systemUTC()));
  }

  // ---------------------------------------------------------------- scenarios

  /**
   * Verifies that the reference terminals synchronise their clocks (up to 2 s off) through the hub
   * link: CLOCK_UNSYNCED clears and their estimate of hub time comes within 250 ms (a loose bound:
   * a busy test machine makes the delays unequal; field-tools checks the precision itself).
   */
  @Test
  @Order(1)
  void timeSync_terminalsSynchronise() throws Exception {
    // GIVEN the fleet started after the hub link (set-up)
    long largestClockError = 0;

    // WHEN the terminals run their first time sync round
    for (String code : terminals) {
      awaitTrue(
          () -> fleet.inspect(code, t -> (t.faultFlags() & FaultFlags.CLOCK_UNSYNCED) == 0).get(),
          "CLOCK_UNSYNCED cleared on " + code);

      // THEN
      long error = fleet.inspect(code, t -> t.hubNow() - now()).get();
      assertThat(Math.abs(error)).as("hub time error of %s (µs)", code).isLessThan(250_000);
      long ownError = Math.abs(fleet.inspect(code, t -> t.clock().errorMicros()).get());
      largestClockError = Math.max(largestClockError, ownError);
    }
    assertThat(largestClockError).as("some terminal's own clock is far off").isGreaterThan(500_000);
    // a round is four requests; the counter moves when the broker has taken the answer
    awaitTrue(() -> link.timeSyncsAnswered() >= 4L * terminals.size(), "a round answered for each");
    assertThat(recorder.ups(u -> u.frame().frame().type() == MessageType.TIME_SYNC_REQUEST))
        .isEmpty();
  }

  /**
   * Verifies that a STATUS_QUERY sent to one terminal's address is answered by a STATUS_REPORT
   * referring to its message id, handed to onUp on the hub context; the send future also completes
   * on the hub context.
   */
  @Test
  @Order(2)
  void statusQuery_reportArrivesOnHubContext() throws Exception {
    // GIVEN a synchronised terminal
    String code = terminals.get(0);
    awaitTrue(() -> fleet.inspect(code, t -> t.synced()).get(), "synced " + code);
    long framesOutBefore = link.framesOut();

    // WHEN the hub queries it
    List<Context> completedOn = new CopyOnWriteArrayList<>();
    Future<Long> sent =
        link.send(Address.terminal(code), new Message.StatusQuery(), false)
            .onComplete(r -> completedOn.add(Vertx.currentContext()));
    long id = await(sent);

    // THEN its report arrives, on the hub context
    Recorder.Up report =
        recorder.awaitUp(
            u ->
                u.frame().frame().type() == MessageType.STATUS_REPORT
                    && u.frame().frame().refersTo() == id
                    && u.frame().resourceCode().equals(code));
    assertThat(report.onHubContext()).as("onUp called on the hub context").isTrue();
    Message.StatusReport body = (Message.StatusReport) report.frame().frame().message();
    assertThat(body.state()).isEqualTo(TerminalState.RUNNING);
    assertThat(report.frame().receivedAt()).isBeforeOrEqualTo(java.time.Instant.now());
    awaitTrue(() -> !completedOn.isEmpty(), "send future completed");
    assertThat(completedOn.get(0)).isSameAs(hubContext);
    assertThat(link.framesOut()).isGreaterThan(framesOutBefore);
    assertThat(link.framesIn()).isPositive();
  }

  /**
   * Verifies the time sync answer byte by byte, for a terminal nobody has accepted: signed with the
   * hub key, addressed to the terminal, refers-to the request, t1 echoed, t2 ≤ t3 near now.
   */
  @Test
  @Order(3)
  void timeSync_answeredForPendingTerminalToo() throws Exception {
    // GIVEN a terminal the hub has never heard of, listening on its command topic
    MqttLink stranger = fakeTerminal("stranger");
    List<byte[]> commands = new CopyOnWriteArrayList<>();
    stranger.onMessage((topic, payload, dup) -> commands.add(payload));
    stranger
        .subscribe(link.topics().commandTopic(Address.terminal(STRANGER)), 1)
        .get(10, TimeUnit.SECONDS);
    long answeredBefore = link.timeSyncsAnswered();

    // WHEN it sends a TIME_SYNC_REQUEST
    long before = now();
    Frame request =
        Frame.of(Address.terminal(STRANGER), 77, 0, 5, new Message.TimeSyncRequest(123_456_789L));
    stranger.publish(link.topics().upTopic(STRANGER), FrameCodec.encode(request), 0, false);
    awaitTrue(() -> !commands.isEmpty(), "time sync answer");
    long after = now();

    // THEN the answer is right
    byte[] wire = commands.get(0);
    Frame response = FrameCodec.decode(wire);
    KeyRing ring = new KeyRing();
    ring.add(keys.keyId(), keys.publicKey());
    assertThat(ring.verify(wire, response)).isEqualTo(KeyRing.Check.VALID);
    assertThat(response.address()).isEqualTo(Address.terminal(STRANGER));
    assertThat(response.refersTo()).isEqualTo(77);
    Message.TimeSyncResponse sync = (Message.TimeSyncResponse) response.message();
    assertThat(sync.t1()).isEqualTo(123_456_789L);
    assertThat(sync.t2()).isBetween(before, after);
    assertThat(sync.t3()).isBetween(sync.t2(), after);
    assertThat(response.timestamp()).isEqualTo(sync.t3());
    awaitTrue(() -> link.timeSyncsAnswered() > answeredBefore, "counted");
  }

  /**
   * Verifies that an up frame whose address is not the topic's resource code, and bytes that do not
   * decode, are dropped and counted, while a good frame after them goes through.
   */
  @Test
  @Order(4)
  void wrongTopicOrGarbage_dropped() throws Exception {
    // GIVEN a publisher and two terminals' codes
    MqttLink publisher = fakeTerminal("impostor");
    String victim = terminals.get(1);
    long droppedBefore = link.framesDropped();
    Frame claim =
        Frame.of(
            Address.terminal(STRANGER),
            901,
            0,
            now(),
            new Message.Heartbeat(1, TerminalState.RUNNING, 0, 0));

    // WHEN a frame from STRANGER arrives on the victim's topic, then garbage, then a good frame
    publisher.publish(link.topics().upTopic(victim), FrameCodec.encode(claim), 1, false).get();
    publisher.publish(link.topics().upTopic(victim), new byte[] {1, 2, 3}, 1, false).get();
    publisher.publish(link.topics().upTopic(STRANGER), FrameCodec.encode(claim), 1, false).get();

    // THEN only the good one reaches the hub, and two are counted as dropped
    recorder.awaitUp(u -> u.frame().frame().messageId() == 901);
    assertThat(recorder.ups(u -> u.frame().frame().messageId() == 901))
        .extracting(u -> u.frame().resourceCode())
        .containsExactly(STRANGER);
    assertThat(link.framesDropped() - droppedBefore).isEqualTo(2);
  }

  /**
   * Verifies that a hub link connecting now gets every terminal's retained "online" through onState
   * on its hub context, and that a terminal losing power arrives as "offline" (its will).
   */
  @Test
  @Order(5)
  void states_retainedOnlineAndWillOffline() throws Exception {
    // GIVEN a second hub link connecting after the terminals
    Recorder late = new Recorder();
    HubLink second =
        extra(connect(HubLinkConfig.defaults(link.config().brokerUrl()).withClientId("late-hub")));
    second.onState(late::state);

    // WHEN it has connected, and then a terminal loses power
    for (String code : terminals) {
      late.awaitState(code, true);
    }
    String dying = terminals.get(2);
    fleet.kill(dying).get(10, TimeUnit.SECONDS);

    // THEN the first link sees it go offline
    recorder.awaitState(dying, false);
    assertThat(late.states).allMatch(Recorder.State::onHubContext);
    assertThat(recorder.states).allMatch(Recorder.State::onHubContext);
  }

  /**
   * Verifies the hub's persistent session: a QoS 1 up frame sent while the hub is away is delivered
   * when it connects again, even to a handler registered after connecting.
   */
  @Test
  @Order(6)
  void persistentSession_upFramesQueuedWhileAway() throws Exception {
    // GIVEN a hub that connected once and went away
    HubLinkConfig config =
        HubLinkConfig.defaults(link.config().brokerUrl()).withClientId("restarting-hub");
    connect(config).close();
    MqttLink terminal = fakeTerminal("queued-terminal");
    Frame report =
        Frame.of(
            Address.terminal(STRANGER),
            4242,
            0,
            now(),
            new Message.Heartbeat(9, TerminalState.RUNNING, 0, 0));

    // WHEN a terminal reports meanwhile, and the hub comes back
    terminal.publish(link.topics().upTopic(STRANGER), FrameCodec.encode(report), 1, false).get();
    HubLink back = extra(connect(config));
    Thread.sleep(200); // the queued frame arrives now, before anyone listens
    Recorder recorded = new Recorder();
    back.onUp(recorded::up);

    // THEN it gets the frame
    Recorder.Up up = recorded.awaitUp(u -> u.frame().frame().messageId() == 4242);
    assertThat(up.onHubContext()).isTrue();
  }

  /**
   * Verifies that two hubs in one hub group share the up frames (each frame to exactly one) but
   * both get the state messages.
   */
  @Test
  @Order(7)
  void hubGroup_sharesUpFramesNotStates() throws Exception {
    // GIVEN two hubs in group "county"
    String url = link.config().brokerUrl();
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    HubLink hubA =
        extra(connect(HubLinkConfig.defaults(url).withClientId("hub-a").withHubGroup("county")));
    HubLink hubB =
        extra(connect(HubLinkConfig.defaults(url).withClientId("hub-b").withHubGroup("county")));
    hubA.onUp(a::up);
    hubB.onUp(b::up);
    hubA.onState(a::state);
    hubB.onState(b::state);

    // WHEN a terminal sends 30 frames
    MqttLink terminal = fakeTerminal("shared-terminal");
    for (int i = 0; i < 30; i++) {
      Frame beat =
          Frame.of(
              Address.terminal(STRANGER),
              5000 + i,
              0,
              now(),
              new Message.Heartbeat(i, TerminalState.RUNNING, 0, 0));
      terminal.publish(link.topics().upTopic(STRANGER), FrameCodec.encode(beat), 1, false).get();
    }
    awaitTrue(
        () -> a.ups(this::sharedBeat).size() + b.ups(this::sharedBeat).size() >= 30, "30 frames");
    Thread.sleep(300);

    // THEN each frame reached one hub; the states reached both
    List<Long> seen = new ArrayList<>();
    a.ups(this::sharedBeat).forEach(u -> seen.add(u.frame().frame().messageId()));
    b.ups(this::sharedBeat).forEach(u -> seen.add(u.frame().frame().messageId()));
    assertThat(seen).hasSize(30).doesNotHaveDuplicates();
    a.awaitState(terminals.get(0), true);
    b.awaitState(terminals.get(0), true);
  }

  private boolean sharedBeat(Recorder.Up up) {
    long id = up.frame().frame().messageId();
    return id >= 5000 && id < 5030;
  }

  /**
   * Verifies that a burst of sends far beyond the broker's receive maximum (mosquitto: 20) all go
   * out: the link keeps at most its window in flight and the rest wait their turn, each with its
   * own message id.
   */
  @Test
  @Order(8)
  void burst_beyondTheBrokersWindow_allSent() throws Exception {
    // GIVEN 2000 commands to one address at once
    int count = 2_000;
    List<Future<Long>> sent = new ArrayList<>(count);
    long begin = System.nanoTime();

    // WHEN they are sent without waiting
    for (int i = 0; i < count; i++) {
      sent.add(link.send(Address.terminal(STRANGER), new Message.SetVolume(i % 101), true));
    }
    List<Long> ids = new ArrayList<>(count);
    for (Future<Long> one : sent) {
      ids.add(await(one));
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
    System.out.printf(
        "%s: %d signed commands sent and acknowledged by the broker in %d ms (%.0f/s)%n",
        getClass().getSimpleName(), count, millis, count * 1000.0 / Math.max(1, millis));

    // THEN every one was taken by the broker, with distinct ids, and nothing waits any more
    assertThat(ids).hasSize(count).doesNotHaveDuplicates();
    assertThat(link.sendsWaiting()).isZero();
  }

  /** Verifies that connecting to a port where no broker listens fails clearly, without hanging. */
  @Test
  @Order(9)
  void noBroker_connectFailsClearly() {
    // GIVEN a port nobody listens on
    String nowhere = "tcp://127.0.0.1:" + org.villagecast.protocol.testing.FreePort.find();

    // WHEN / THEN
    assertThatThrownBy(() -> connect(HubLinkConfig.defaults(nowhere).withClientId("lost-hub")))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(LinkException.class)
        .hasMessageContaining("unreachable")
        .satisfies(
            e ->
                assertThat(((LinkException) e).reason())
                    .isEqualTo(LinkException.Reason.BROKER_UNREACHABLE));
  }

  /**
   * Verifies that while the broker is down a send fails at once with the link's reason, and that
   * after the broker is back the link reconnects by itself and a query is answered again.
   */
  @Test
  @Order(10)
  void brokerDown_sendFailsFast_thenReconnects() throws Exception {
    // GIVEN a working link
    String code = terminals.get(0);

    // WHEN the broker goes away
    killBroker();
    recorder.awaitConnection(false);
    long begin = System.nanoTime();
    Future<Long> whileDown = link.send(Address.terminal(code), new Message.StatusQuery(), false);

    // THEN the send fails at once, saying why
    assertThatThrownBy(() -> await(whileDown))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(LinkException.class)
        .hasMessageContaining("is down")
        .satisfies(
            e ->
                assertThat(((LinkException) e).reason())
                    .isEqualTo(LinkException.Reason.DISCONNECTED));
    assertThat(System.nanoTime() - begin).isLessThan(TimeUnit.SECONDS.toNanos(1));
    assertThat(link.connected()).isFalse();

    // WHEN the broker is back
    restartBroker();
    recorder.awaitConnection(true);
    awaitTrue(() -> fleet.isConnected(code).get(), "terminal back");

    // THEN a query goes out and is answered again
    long id = -1;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (id < 0) {
      // the terminal may still be re-subscribing: ask again until it answers
      long sentId = await(link.send(Address.terminal(code), new Message.StatusQuery(), false));
      if (recorder.awaitUpOrNull(
              u -> u.frame().frame().refersTo() == sentId && u.frame().resourceCode().equals(code),
              Duration.ofSeconds(2))
          != null) {
        id = sentId;
      }
      assertThat(System.nanoTime()).as("answered after the restart").isLessThan(deadline);
    }
    assertThat(link.connected()).isTrue();
  }

  /**
   * Verifies that a broker lost in the middle of a burst leaves nothing stuck: every send completes
   * (taken by the broker, or failed with the link's reason), no publish stays waiting, and once the
   * broker is back new sends go out again.
   */
  @Test
  @Order(11)
  void brokerLostMidBurst_nothingStuck() throws Exception {
    // GIVEN 3000 commands on their way
    List<Future<Long>> sent = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      sent.add(link.send(Address.terminal(STRANGER), new Message.SetVolume(i % 101), true));
    }
    Thread.sleep(50);

    // WHEN the broker goes away and comes back
    killBroker();
    restartBroker();

    // THEN every send has an outcome, nothing waits, and sending works again
    awaitTrue(() -> sent.stream().allMatch(Future::isComplete), "every send completed");
    assertThat(sent.stream().filter(Future::failed).map(Future::cause))
        .allMatch(cause -> cause instanceof LinkException, "a LinkException");
    assertThat(link.sendsWaiting()).isZero();
    awaitTrue(
        () -> {
          Future<Long> again =
              link.send(Address.terminal(STRANGER), new Message.SetVolume(1), true);
          return again
                  .toCompletionStage()
                  .toCompletableFuture()
                  .handle((id, error) -> error == null)
                  .get(5, TimeUnit.SECONDS)
              || sleepFalse();
        },
        "a send succeeds after the restart");
    System.out.printf(
        "%s: of 3000 sends when the broker went, %d were taken, %d failed%n",
        getClass().getSimpleName(),
        sent.stream().filter(Future::succeeded).count(),
        sent.stream().filter(Future::failed).count());
  }

  private static boolean sleepFalse() throws InterruptedException {
    Thread.sleep(200);
    return false;
  }

  // ---------------------------------------------------------------- helpers

  private <T extends AutoCloseable> T extra(T closeable) {
    extras.add(0, closeable);
    return closeable;
  }

  private MqttLink fakeTerminal(String clientId) throws Exception {
    return extra(
        MqttLink.connect(MqttLinkConfig.builder(link.config().brokerUrl(), clientId).build())
            .get(10, TimeUnit.SECONDS));
  }

  static long now() {
    return CommandGuard.micros(java.time.Instant.now());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** A condition that may throw (fleet.inspect(...).get()). */
  @FunctionalInterface
  interface Condition {
    boolean met() throws Exception;
  }

  static void awaitTrue(Condition condition, String what) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.met()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT + ": " + what);
      }
      Thread.sleep(20);
    }
  }

  /** What a hub link handed over, and whether it was on the hub context. */
  final class Recorder {
    record Up(UpFrame frame, boolean onHubContext) {}

    record State(String code, boolean online, boolean onHubContext) {}

    final List<Up> ups = new CopyOnWriteArrayList<>();
    final List<State> states = new CopyOnWriteArrayList<>();
    final List<Boolean> connections = new CopyOnWriteArrayList<>();

    void up(UpFrame frame) {
      ups.add(new Up(frame, Vertx.currentContext() == hubContext));
    }

    void state(String code, boolean online) {
      states.add(new State(code, online, Vertx.currentContext() == hubContext));
    }

    void connection(boolean up) {
      connections.add(up);
    }

    List<Up> ups(Predicate<Up> match) {
      return ups.stream().filter(match).toList();
    }

    Up awaitUp(Predicate<Up> match) throws Exception {
      Up found = awaitUpOrNull(match, WAIT);
      if (found == null) {
        throw new AssertionError("no matching up frame within " + WAIT + "; got " + ups.size());
      }
      return found;
    }

    Up awaitUpOrNull(Predicate<Up> match, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (Up up : ups) {
          if (match.test(up)) {
            return up;
          }
        }
        Thread.sleep(20);
      }
      return null;
    }

    void awaitState(String code, boolean online) throws Exception {
      awaitTrue(
          () -> states.stream().anyMatch(s -> s.code().equals(code) && s.online() == online),
          code + (online ? " online" : " offline"));
    }

    void awaitConnection(boolean up) throws Exception {
      awaitTrue(() -> connections.contains(up), up ? "reconnected" : "connection lost");
    }
  }
}
