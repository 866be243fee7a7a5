package org.villagecast.controller.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.controller.Auditor;
import org.villagecast.controller.HubContext;
import org.villagecast.controller.HubEvents;
import org.villagecast.controller.WriteQueue;
import org.villagecast.controller.api.AudioServices;
import org.villagecast.controller.api.AuditLog;
import org.villagecast.controller.api.HttpApi;
import org.villagecast.controller.app.demo.DemoNetwork;
import org.villagecast.controller.audio.clip.ClipLibrary;
import org.villagecast.controller.audio.live.LiveStreamConfig;
import org.villagecast.controller.audio.live.LiveStreamSource;
import org.villagecast.controller.audio.loudness.LoudnessNormalizer;
import org.villagecast.controller.audio.preview.SpeechPreview;
import org.villagecast.controller.audio.speech.CachingSpeechSynthesizer;
import org.villagecast.controller.audio.speech.EspeakSynthesizer;
import org.villagecast.controller.audio.speech.SpeechSynthesizer;
import org.villagecast.controller.auth.AuthService;
import org.villagecast.controller.auth.FirstAdmin;
import org.villagecast.controller.auth.PasswordHasher;
import org.villagecast.controller.broadcast.BroadcastService;
import org.villagecast.controller.broadcast.ProgrammeRenderer;
import org.villagecast.controller.broadcast.StoredProgrammes;
import org.villagecast.controller.broker.BrokerConfig;
import org.villagecast.controller.broker.EmbeddedBroker;
import org.villagecast.controller.delivery.CommandSender;
import org.villagecast.controller.delivery.CommandService;
import org.villagecast.controller.link.FrameSigner;
import org.villagecast.controller.link.HubKeys;
import org.villagecast.controller.link.HubLink;
import org.villagecast.controller.link.HubLinkConfig;
import org.villagecast.controller.link.MessageIds;
import org.villagecast.controller.ops.HubMetrics;
import org.villagecast.controller.ops.Readiness;
import org.villagecast.controller.registry.Registry;
import org.villagecast.controller.scheduling.ScheduleService;
import org.villagecast.controller.scheduling.Scheduler;
import org.villagecast.controller.scheduling.SchedulerConfig;
import org.villagecast.controller.store.AlarmRepository;
import org.villagecast.controller.store.AreaRepository;
import org.villagecast.controller.store.AuditRepository;
import org.villagecast.controller.store.BroadcastRepository;
import org.villagecast.controller.store.ClipRepository;
import org.villagecast.controller.store.CommandRepository;
import org.villagecast.controller.store.Database;
import org.villagecast.controller.store.FiringRepository;
import org.villagecast.controller.store.GroupRepository;
import org.villagecast.controller.store.HubStateRepository;
import org.villagecast.controller.store.ProgrammeRepository;
import org.villagecast.controller.store.ScheduleSetRepository;
import org.villagecast.controller.store.TerminalRepository;
import org.villagecast.controller.store.UserRepository;

/**
 * Builds the hub from its configuration and starts it, in this order: data directory and keys,
 * store (migrations), first admin, broker (embedded unless a URL is given), Vert.x, registry and
 * command service, the MQTT link, the HTTP API, and the demo county if asked for. Closing stops
 * them in reverse, writing what is queued for the store before the database closes.
 */
public final class HubApplication implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HubApplication.class);
  private static final long START_TIMEOUT_SECONDS = 60;

  private final HubConfig config;
  private final List<AutoCloseable> closers = new ArrayList<>();
  private Vertx vertx;
  private Registry registry;
  private CommandService commands;
  private BroadcastService broadcasts;
  private StoredProgrammes programmes;
  private HubLink link;
  private HubKeys keys;
  private Database database;
  private AuthService auth;
  private AuditRepository audit;
  private EmbeddedBroker broker;
  private DemoNetwork demo;
  private ClipLibrary clips;
  private SpeechSynthesizer speech;
  private ScheduleService schedules;
  private int httpPort;
  private PrometheusMeterRegistry metrics;
  private Optional<String> firstAdminSecret = Optional.empty();

  private HubApplication(HubConfig config) {
    this.config = config;
  }

  /**
   * Starts the hub and returns once it serves. Throws {@link StartupException} with a message that
   * says what to do (port in use, database unreachable, unreadable key), after undoing what had
   * started.
   */
  public static HubApplication start(HubConfig config, boolean demo, Map<String, String> env) {
    HubApplication hub = new HubApplication(config);
    try {
      hub.startAll(demo, env);
      return hub;
    } catch (StartupException e) {
      hub.close();
      throw e;
    } catch (Exception e) {
      hub.close();
      throw new StartupException("the hub did not start: " + rootMessage(e), e);
    }
  }

  private void startAll(boolean withDemo, Map<String, String> env) throws Exception {
    // Microsecond ticks: the protocol's time unit, and what the store keeps, so that a record
    // read back equals the one in memory.
    Clock clock = Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1_000));
    Files.createDirectories(config.dataDir());
    keys = HubKeys.loadOrCreate(config.dataDir().resolve("keys"));

    database =
        Database.open(config.effectiveStoreUrl(), config.storeUser(), config.storePassword());
    closers.add(database);
    UserRepository users = new UserRepository(database);
    firstAdminSecret =
        FirstAdmin.ensure(users, new PasswordHasher(), env, clock, new SecureRandom());

    if (config.embeddedBroker()) {
      broker =
          EmbeddedBroker.start(
                  new BrokerConfig(
                      config.brokerHost(),
                      config.brokerPort(),
                      config.dataDir(),
                      config.brokerPersistent()
                          ? BrokerConfig.Persistence.FILE
                          : BrokerConfig.Persistence.IN_MEMORY))
              .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      closers.add(broker);
    }

    metrics = HubMetrics.newRegistry();
    vertx = HubMetrics.vertxBuilder(new VertxOptions(), metrics).build();
    closers.add(() -> vertx.close().await(10, TimeUnit.SECONDS));
    Context context = vertx.getOrCreateContext();
    HubContext hub = new HubContext(vertx, context);
    WriteQueue writes = new WriteQueue();
    HubEvents events = new HubEvents();
    audit = new AuditRepository(database);
    Auditor auditor = new Auditor(audit, writes, clock);

    registry =
        new Registry(
            hub,
            clock,
            new TerminalRepository(database),
            new AreaRepository(database),
            new GroupRepository(database),
            new AlarmRepository(database),
            writes,
            events,
            config.terminals(),
            auditor);
    MessageIds ids = MessageIds.reservingFrom(new HubStateRepository(database), vertx);
    FrameSigner signer = new FrameSigner(keys.keyId(), keys.privateKey());
    link =
        await(
            HubLink.connect(
                vertx,
                context,
                new HubLinkConfig(
                        config.effectiveBrokerUrl(),
                        HubLinkConfig.DEFAULT_CLIENT_ID,
                        config.brokerUsername(),
                        config.brokerPassword(),
                        config.topicsPrefix(),
                        config.hubGroup())
                    // The embedded broker takes up to 1000 unacknowledged publishes; an external
                    // one announces its own receive maximum (mosquitto: 20), so stay small there.
                    .withMaxInFlight(config.embeddedBroker() ? 100 : 10),
                signer,
                ids,
                clock));
    CommandSender sender =
        new CommandSender() {
          @Override
          public long nextMessageId() {
            return ids.next();
          }

          @Override
          public Future<Void> publish(
              org.villagecast.protocol.codec.Frame frame,
              org.villagecast.protocol.codec.Address via) {
            return link.publish(frame, via);
          }
        };
    commands =
        new CommandService(
            hub,
            clock,
            registry,
            new CommandRepository(database),
            writes,
            events,
            sender,
            config.delivery(),
            auditor);
    registry.provisionWith(commands::configure);
    link.onConnection(
        up -> {
          if (up) {
            commands.brokerReconnected();
          }
        });
    closers.add(writes);
    closers.add(() -> await(registry.stop()));
    closers.add(() -> await(commands.stop()));
    await(registry.start());
    await(commands.start());
    link.onUp(
        up -> {
          registry.heard(up.resourceCode(), up.frame(), up.receivedAt());
          commands.heard(up.resourceCode(), up.frame(), up.receivedAt());
        });
    link.onState((code, online) -> registry.stateMessage(code, online, clock.instant()));
    closers.add(link);

    // Audio for the API and for broadcasts: the clip library (normalised WAV files under
    // data.dir/clips, rows in the store) and text-to-speech with its cache. espeak-ng may be
    // missing: the hub still starts, and previews and spoken broadcasts answer 503 saying what to
    // install.
    speech =
        new CachingSpeechSynthesizer(
            new EspeakSynthesizer(config.espeak()), CachingSpeechSynthesizer.DEFAULT_MAX_BYTES);
    SpeechPreview.espeakMissing(config.espeak())
        .ifPresent(
            problem ->
                LOG.warn("Text-to-speech: {}. The hub runs without it until then.", problem));
    clips =
        ClipLibrary.open(
            config.dataDir().resolve("clips"),
            new ClipRepository(database),
            config.clipLimits(),
            new LoudnessNormalizer(),
            auditor,
            clock,
            ClipLibrary.DEFAULT_CACHE_BYTES);
    // Broadcasts: programmes rendered by the audio engine, streamed on the link's audio topics.
    ProgrammeRenderer renderer =
        new ProgrammeRenderer(
            speech,
            clips,
            (url, state) ->
                LiveStreamSource.open(
                    LiveStreamConfig.of(url.getHost() + url.getPath(), url),
                    status -> state.accept(status.describe())),
            config.broadcast());
    broadcasts =
        new BroadcastService(
            hub,
            clock,
            commands,
            events,
            renderer,
            link::publishAudio,
            new BroadcastRepository(database),
            writes,
            auditor,
            config.broadcast());
    closers.add(broadcasts);
    await(broadcasts.start());
    programmes = new StoredProgrammes(hub, new ProgrammeRepository(database), auditor);
    await(programmes.start());

    // Schedules (package scheduling, docs/scheduling.md): the schedule set, its timeline and its
    // firing records, and the scheduler that fires them through the broadcast service.
    FiringRepository firingStore = new FiringRepository(database);
    // An occurrence whose broadcast the last stop cut off is not repeated (never twice), but its
    // record must not say it played.
    int cutOff =
        firingStore.cutOff(
            broadcasts.cutOffAtStart(),
            "its broadcast was cut off: the hub stopped while its audio was going out; not"
                + " repeated, so that no part of it plays twice (the broadcast's deliveries say"
                + " what each terminal played)",
            clock.instant());
    if (cutOff > 0) {
      LOG.warn("Schedules: {} firings were cut off by the last stop; recorded FAILED", cutOff);
    }
    schedules =
        new ScheduleService(
            hub, new ScheduleSetRepository(database), firingStore, registry, auditor, clock);
    await(schedules.start());
    Scheduler scheduler =
        new Scheduler(
            hub,
            clock,
            SchedulerConfig.defaults(),
            schedules,
            registry,
            firingStore,
            broadcasts,
            programmes);
    closers.add(() -> await(scheduler.stop()));
    await(scheduler.start());
    events.onTerminal(scheduler::terminalChanged);

    auth = new AuthService(vertx, users, clock, config.sessionLifetime());
    long purge =
        vertx.setPeriodic(Duration.ofHours(1).toMillis(), id -> auth.purgeExpiredSessions());
    closers.add(() -> vertx.cancelTimer(purge));
    Readiness readiness =
        new Readiness(vertx, Duration.ofSeconds(2))
            .add("store", Readiness.blocking(vertx, database::ping))
            .add("broker", () -> Future.succeededFuture(link.connected()));
    HubMeters.register(metrics, registry, commands, link, broadcasts);

    AudioServices audio =
        new AudioServices(
            clips,
            SpeechPreview.espeak(speech, config.espeak(), new LoudnessNormalizer()),
            config.audioJobs());
    HttpServer server =
        await(
            HttpApi.start(
                vertx,
                config.httpHost(),
                config.httpPort(),
                new HttpApi.Services(
                    registry,
                    commands,
                    events,
                    auth,
                    new AuditLog(vertx, audit, clock),
                    readiness,
                    metrics,
                    audio,
                    broadcasts,
                    programmes,
                    clock,
                    schedules)));
    httpPort = server.actualPort();
    LOG.info("API and console on http://{}:{}/", config.httpHost(), httpPort);

    if (withDemo) {
      demo =
          await(
              DemoNetwork.start(
                  vertx,
                  registry,
                  config.effectiveBrokerUrl(),
                  keys.keyId(),
                  keys.publicKey(),
                  config.demoTerminals(),
                  clock));
      closers.add(demo);
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new StartupException(rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null
        && (cause instanceof java.util.concurrent.ExecutionException
            || cause instanceof java.util.concurrent.CompletionException
            || cause.getMessage() == null)) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  public HubConfig config() {
    return config;
  }

  public ScheduleService schedules() {
    return schedules;
  }

  public Registry registry() {
    return registry;
  }

  public CommandService commands() {
    return commands;
  }

  public BroadcastService broadcasts() {
    return broadcasts;
  }

  public StoredProgrammes programmes() {
    return programmes;
  }

  /**
   * The clip library; as a {@link org.villagecast.controller.audio.clip.ClipLookup} for broadcasts.
   */
  public ClipLibrary clips() {
    return clips;
  }

  /** Text-to-speech (espeak-ng behind a cache), shared by previews and broadcasts. */
  public SpeechSynthesizer speech() {
    return speech;
  }

  public HubKeys keys() {
    return keys;
  }

  public Vertx vertx() {
    return vertx;
  }

  public int httpPort() {
    return httpPort;
  }

  public String brokerUrl() {
    return config.effectiveBrokerUrl();
  }

  public Optional<String> firstAdminSecret() {
    return firstAdminSecret;
  }

  public Optional<DemoNetwork> demo() {
    return Optional.ofNullable(demo);
  }

  /** Stops everything that started, newest first; never throws. */
  @Override
  public void close() {
    for (int i = closers.size() - 1; i >= 0; i--) {
      try {
        closers.get(i).close();
      } catch (Exception e) {
        LOG.warn("while stopping: {}", rootMessage(e));
      }
    }
    closers.clear();
  }

  /** The hub could not start; the message says why and what to do. */
  public static final class StartupException extends RuntimeException {
    public StartupException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
