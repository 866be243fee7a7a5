package org.villagecast.fieldtools.sim;

import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.FaultFlags;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.KeyOperation;
import org.villagecast.protocol.codec.LineState;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.MessageType;
import org.villagecast.protocol.codec.NackReason;
import org.villagecast.protocol.codec.ProtocolException;
import org.villagecast.protocol.codec.TaskOutcome;
import org.villagecast.protocol.codec.TerminalState;
import org.villagecast.protocol.security.CommandGuard;
import org.villagecast.protocol.security.Ed25519Keys;
import org.villagecast.protocol.security.KeyRing;

/**
 * A simulated loudspeaker that speaks the protocol of PROTOCOL.md: it checks every hub frame in the
 * order of §9.3, executes commands, answers every query, plays stream audio at its presentation
 * time by its own (deliberately wrong) clock, keeps a play-out log, synchronises its clock, and
 * sends heartbeats and task reports.
 *
 * <p>Transport-agnostic and single-threaded: everything, including its timers, runs on the one
 * thread that drives it (a Vert.x event loop in the fleet, the bus thread on RS-485, the test
 * thread with {@link ManualTime}). Frames go out through {@link TerminalOutput}.
 *
 * <p>Where the protocol leaves a choice to the firmware: it plays any URL, clip name or text for
 * {@link TerminalProfile#clipDuration()} per repeat; it sends an unsolicited STATUS_REPORT when its
 * fault flags change; a stream whose 'end of stream' AUDIO was lost ends after {@link
 * TerminalProfile#streamIdleTimeout()} of silence.
 */
public final class ReferenceTerminal {
  private static final System.Logger LOG = System.getLogger(ReferenceTerminal.class.getName());

  private final TerminalProfile profile;
  private final SimulatedClock clock;
  private final TerminalTimer timer;
  private final TerminalOutput output;
  private final KeyRing keys;
  private final ClockSync sync;
  private final CommandGuard guard;
  private final PlayoutLog log;
  private final Outbox outbox;
  private final Playback playback;
  private final TimeSyncRounds timeSync;
  private final long bootMicros;
  private final Map<Fault, Long> faultSince = new EnumMap<>(Fault.class);
  private final Counters counters = new Counters();

  private TerminalSettings settings;
  private Faults faults = Faults.none();
  private boolean recovered;
  private int volume;
  private boolean amplifierOn = true;
  private boolean linkUp;
  private boolean shutDown;
  private boolean statusAfterRound;
  private TerminalTimer.Cancellable heartbeat = TerminalTimer.Cancellable.NONE;

  /** What the terminal has sent and received, for tests and the fleet's summary. */
  public static final class Counters {
    long framesReceived;
    long framesSent;
    long heartbeatsSent;
    long refused;

    public long framesReceived() {
      return framesReceived;
    }

    public long framesSent() {
      return framesSent;
    }

    public long heartbeatsSent() {
      return heartbeatsSent;
    }

    /** Frames answered with a NACK. */
    public long refused() {
      return refused;
    }
  }

  /**
   * @param keys the hub keys it trusts (it keeps and updates this ring: KEY_UPDATE)
   * @param clock its own clock; its estimate of hub time is this plus the offset time sync finds
   */
  public ReferenceTerminal(
      TerminalSettings settings,
      TerminalProfile profile,
      KeyRing keys,
      SimulatedClock clock,
      TerminalTimer timer,
      TerminalOutput output) {
    this.settings = settings;
    this.profile = profile;
    this.keys = keys;
    this.clock = clock;
    this.timer = timer;
    this.output = output;
    this.sync = new ClockSync(clock);
    this.guard =
        new CommandGuard(
            keys, sync.hubClock(), profile.commandWindow(), CommandGuard.DEFAULT_REPLAY_CAPACITY);
    this.log = new PlayoutLog(profile.frameLogCapacity(), profile.taskLogCapacity());
    this.outbox = new Outbox(settings.resourceCode(), output, timer, sync, counters);
    this.playback = new Playback(profile, sync, timer, outbox, log, output);
    this.timeSync =
        new TimeSyncRounds(
            sync,
            outbox,
            timer,
            profile.timeSyncInterval(),
            this::roundEnded,
            settings.resourceCode().hashCode());
    this.bootMicros = clock.micros();
    this.volume = profile.initialVolume();
  }

  // ------------------------------------------------------------------ link life cycle

  /**
   * The link is up (PROTOCOL.md §3.1 step 4): a time sync round, then a STATUS_REPORT, and a
   * HEARTBEAT every heartbeat period from now on.
   */
  public void linkUp() {
    if (shutDown || linkUp) {
      return;
    }
    linkUp = true;
    statusAfterRound = true;
    timeSync.start();
    scheduleHeartbeat();
  }

  /** The link is down: no heartbeats or time sync until it is up again; a task plays on. */
  public void linkDown() {
    linkUp = false;
    heartbeat.cancel();
    timeSync.stop();
  }

  /** Powers the terminal off: every timer cancelled, nothing sent or received any more. */
  public void shutdown() {
    linkDown();
    playback.shutdown();
    outbox.shutDown();
    shutDown = true;
  }

  private void roundEnded(boolean synced) {
    if (synced) {
      guard.synchronised(); // only the first call counts: it sets the replay floor
    }
    if (statusAfterRound) {
      statusAfterRound = false;
      outbox.report(0, reportedStatus());
    }
  }

  private void scheduleHeartbeat() {
    heartbeat.cancel();
    heartbeat = timer.schedule(Duration.ofSeconds(settings.heartbeatPeriod()), this::heartbeatTick);
  }

  private void heartbeatTick() {
    if (!faults.dead()) {
      counters.heartbeatsSent++;
      outbox.emit(outbox.nextId(), 0, heartbeatMessage(), false);
      recovered = false;
    }
    scheduleHeartbeat();
  }

  /** Starts a time sync round now. */
  public void requestTimeSync() {
    timeSync.beginRound();
  }

  /**
   * A bus unit transmits a queued TIME_SYNC_REQUEST only when polled: t1 must be the moment of
   * sending (PROTOCOL.md §3.2), so the frame is made again with the time now. Returns null when the
   * request was abandoned meanwhile and must not be sent.
   */
  public byte[] retimeTimeSyncRequest(byte[] queued) {
    long messageId = HeaderPeek.messageId(queued);
    long t1 = timeSync.transmitting(messageId);
    return t1 < 0 ? null : outbox.encode(messageId, 0, new Message.TimeSyncRequest(t1));
  }

  // ------------------------------------------------------------------ receiving

  /** Takes one frame as it arrived from the hub (MQTT payload or bus COMMAND message). */
  public void onFrame(byte[] wire) {
    if (shutDown || faults.dead()) {
      return;
    }
    long arrivedAt = clock.micros(); // t4 of a time sync: before decoding and verifying
    counters.framesReceived++;
    Frame frame;
    try {
      frame = FrameCodec.decode(wire);
    } catch (ProtocolException e) {
      refuseUndecodable(wire, e);
      return;
    }
    if (frame.type().direction != MessageType.Direction.TO_TERMINAL
        || !settings.reachedBy(frame.address())) {
      return; // another unit's report, or for another address: ignored silently
    }
    CommandGuard.Verdict verdict = guard.check(wire, frame);
    if (frame.type() == MessageType.AUDIO) {
      if (verdict.accepted()) {
        playback.audio((Message.Audio) frame.message());
      }
      return; // AUDIO is never answered; a refused one is missed, as the sequence gap shows
    }
    if (!verdict.accepted()) {
      outbox.nack(frame.messageId(), verdict.reason(), verdict.detail());
      return;
    }
    try {
      execute(frame, arrivedAt);
    } catch (RuntimeException e) {
      // One odd frame must never take the terminal down; say what went wrong instead.
      LOG.log(System.Logger.Level.WARNING, "terminal " + resourceCode() + ": " + frame, e);
      refuse(frame, NackReason.BAD_VALUE, String.valueOf(e.getMessage()));
    }
  }

  private void execute(Frame frame, long arrivedAt) {
    Message message = frame.message();
    switch (frame.type()) {
      case PLAY -> play(frame, (Message.Play) message);
      case STOP -> {
        acknowledge(frame); // before TASK_FINISHED; stopping what is not held is done already
        playback.stop(((Message.Stop) message).broadcastId());
      }
      case SET_VOLUME -> {
        volume = ((Message.SetVolume) message).volume();
        acknowledge(frame);
      }
      case AMP_ON -> {
        amplifierOn = true;
        acknowledge(frame);
      }
      case AMP_OFF -> {
        acknowledge(frame);
        playback.finishCurrent(TaskOutcome.STOPPED);
        amplifierOn = false;
      }
      case CONFIG -> configure(frame, (Message.Config) message);
      case STATUS_QUERY -> outbox.reply(frame, reportedStatus());
      case PLAY_LOG_QUERY -> {
        Message.PlayLogQuery query = (Message.PlayLogQuery) message;
        playback.catchUp();
        outbox.reply(
            frame,
            new Message.PlayLogReport(log.query(query.from(), query.to(), query.maxEntries())));
      }
      case FAULT_DETAIL_QUERY -> outbox.reply(frame, faultDetailReport());
      case TIME_SYNC_RESPONSE ->
          timeSync.onResponse(frame, (Message.TimeSyncResponse) message, arrivedAt); // no answer
      case KEY_UPDATE -> updateKeys(frame, (Message.KeyUpdate) message);
      default -> refuse(frame, NackReason.UNKNOWN_TYPE, frame.type() + " is not a command");
    }
  }

  // ------------------------------------------------------------------ commands

  private void play(Frame frame, Message.Play play) {
    long now = sync.hubNow();
    Task task = playback.current();
    if (task != null && task.broadcastId() == play.broadcastId()) {
      acknowledge(frame); // §3.4 step 4: the same broadcast again restarts nothing
      return;
    }
    String unplayable = unplayable(play);
    if (unplayable != null) {
      refuse(frame, NackReason.BAD_VALUE, unplayable);
      return;
    }
    long start = Math.max(play.startTime(), now);
    if (settings.quietHours().contains(start) && !play.passesQuietHours()) {
      refuse(
          frame,
          NackReason.QUIET_HOURS,
          "quiet hours " + settings.quietHours() + ": only real emergencies play");
      return;
    }
    if (task != null && play.priority() < task.play.priority()) {
      refuse(
          frame,
          NackReason.BUSY,
          "broadcast "
              + task.broadcastId()
              + " of priority "
              + task.play.priority()
              + " is playing");
      return;
    }
    Fault blocking = faults.blockingPlay();
    if (blocking != null) {
      refuse(frame, NackReason.FAULT, blocking.detail);
      return;
    }
    if (play.endTime() != 0 && play.endTime() <= now) {
      refuse(frame, NackReason.BAD_VALUE, "the end time has already passed");
      return;
    }
    amplifierOn = true;
    if (play.volume() != Message.Play.KEEP_VOLUME) {
      volume = play.volume();
    }
    acknowledge(frame);
    playback.start(frame, play, start);
  }

  /** Why this terminal cannot play the source, or null. */
  private static String unplayable(Message.Play play) {
    String text = play.sourceText();
    return switch (play.source()) {
      case URL ->
          text.startsWith("http://") || text.startsWith("https://")
              ? null
              : "source text is not an http(s) URL";
      case STORED_CLIP, TEXT -> text.isEmpty() ? "source text is empty" : null;
      case STREAM -> null;
    };
  }

  private void configure(Frame frame, Message.Config config) {
    TerminalSettings next = TerminalSettings.from(config);
    if (!next.resourceCode().equals(settings.resourceCode())
        && frame.address().kind() != Address.Kind.TERMINAL) {
      refuse(
          frame,
          NackReason.BAD_VALUE,
          "a new resource code is taken only from a CONFIG addressed to this terminal");
      return;
    }
    acknowledge(frame); // from the old identity: that is whom the hub asked
    TerminalSettings previous = settings;
    settings = next;
    outbox.resourceCode(next.resourceCode());
    if (linkUp && next.heartbeatPeriod() != previous.heartbeatPeriod()) {
      scheduleHeartbeat();
    }
    output.settingsChanged(previous, next);
  }

  private void updateKeys(Frame frame, Message.KeyUpdate update) {
    if (update.operation() == KeyOperation.ADD) {
      PublicKey key;
      try {
        key = Ed25519Keys.publicFromRaw(update.publicKey());
      } catch (IllegalArgumentException e) {
        refuse(frame, NackReason.BAD_VALUE, "public key: " + e.getMessage());
        return;
      }
      if (!keys.add(update.keyId(), key)) {
        refuse(
            frame,
            NackReason.BAD_VALUE,
            "key ring full (" + KeyRing.CAPACITY + " keys): revoke one first");
        return;
      }
    } else if (keys.trusts(update.keyId())) {
      if (keys.size() == 1) {
        refuse(
            frame,
            NackReason.BAD_VALUE,
            "revoking key id " + update.keyId() + " would leave no trusted key");
        return;
      }
      keys.revoke(update.keyId());
    }
    acknowledge(frame);
  }

  private void acknowledge(Frame frame) {
    if (frame.ackRequested()) {
      outbox.reply(frame, new Message.Ack());
    }
  }

  /** Refuses a frame that passed the security checks; a repeat of it gets the same answer. */
  private void refuse(Frame frame, NackReason reason, String detail) {
    guard.refused(frame, reason);
    outbox.nack(frame.messageId(), reason, detail);
  }

  /** §9.3 steps 1–5 for a frame that does not decode as a whole. */
  private void refuseUndecodable(byte[] wire, ProtocolException error) {
    if (error.problem() == ProtocolException.Problem.UNSUPPORTED_VERSION) {
      outbox.nack(0, NackReason.UNSUPPORTED_VERSION, error.getMessage());
      return;
    }
    Address address = HeaderPeek.address(wire);
    if (address == null || !settings.reachedBy(address) || HeaderPeek.isAudio(wire)) {
      return; // no whole header, not for this terminal, or AUDIO (never answered)
    }
    NackReason reason =
        error.problem() == ProtocolException.Problem.UNKNOWN_TYPE
            ? NackReason.UNKNOWN_TYPE
            : error.problem() == ProtocolException.Problem.BAD_VALUE
                ? NackReason.BAD_VALUE
                : NackReason.MALFORMED;
    outbox.nack(HeaderPeek.messageId(wire), reason, error.getMessage());
  }

  // ------------------------------------------------------------------ faults and status

  /**
   * Gives the terminal new faults; the ones added date from now (hub time). A fault that stops it
   * playing fails its task, and a change of fault flags is reported at once.
   */
  public void setFaults(Faults next) {
    long now = sync.hubNow();
    int flagsBefore = faults.flags();
    for (Fault fault : Fault.values()) {
      if (next.has(fault) && !faults.has(fault)) {
        faultSince.put(fault, now);
      } else if (!next.has(fault)) {
        faultSince.remove(fault);
      }
    }
    if (!faults.hardware().isEmpty() && next.hardware().isEmpty()) {
      recovered = true;
    }
    faults = next;
    outbox.faults(next);
    if (next.blockingPlay() != null) {
      playback.finishCurrent(TaskOutcome.FAILED);
    }
    if (linkUp && next.flags() != flagsBefore) {
      outbox.report(0, reportedStatus()); // alarms need not wait for the next heartbeat
    }
  }

  public Faults faults() {
    return faults;
  }

  /** The state STATUS_REPORT and HEARTBEAT carry: the first of PROTOCOL.md §6 that applies. */
  public TerminalState state() {
    if (playingBroadcast() != 0) {
      return TerminalState.BROADCASTING;
    }
    if (!faults.hardware().isEmpty()) {
      return TerminalState.FAULT;
    }
    if (recovered) {
      return TerminalState.RECOVERED;
    }
    return amplifierOn ? TerminalState.RUNNING : TerminalState.STOPPED;
  }

  /** Fault flags: the hardware faults, and CLOCK_UNSYNCED until time sync has succeeded. */
  public int faultFlags() {
    return faults.flags() | (synced() ? 0 : FaultFlags.CLOCK_UNSYNCED);
  }

  /** The broadcast sounding now, or 0. */
  public long playingBroadcast() {
    Task task = playback.current();
    return task != null && task.started() ? task.broadcastId() : 0;
  }

  /** The broadcast accepted and not finished (sounding or waiting for its start), or 0. */
  public long currentBroadcast() {
    Task task = playback.current();
    return task != null ? task.broadcastId() : 0;
  }

  public Message.StatusReport statusReport() {
    playback.catchUp();
    boolean sounding = playingBroadcast() != 0;
    int temperature = faults.has(Fault.AMPLIFIER_OVER_TEMPERATURE) ? 850 : sounding ? 420 : 350;
    LineState line =
        faults.has(Fault.LINE_SHORT)
            ? LineState.SHORT
            : faults.has(Fault.LINE_OPEN) ? LineState.OPEN : LineState.OK;
    int signal =
        profile.wired()
            ? Message.StatusReport.NO_SIGNAL
            : faults.has(Fault.LOW_SIGNAL) ? -109 : -71;
    return new Message.StatusReport(
        uptimeSeconds(),
        state(),
        volume,
        amplifierOn,
        currentBroadcast(),
        temperature,
        24_000,
        line,
        signal,
        faultFlags(),
        Frame.VERSION,
        profile.firmwareVersion());
  }

  /** A STATUS_REPORT about to be sent: RECOVERED shows in one report only. */
  private Message.StatusReport reportedStatus() {
    Message.StatusReport report = statusReport();
    recovered = false;
    return report;
  }

  private Message.Heartbeat heartbeatMessage() {
    return new Message.Heartbeat(uptimeSeconds(), state(), faultFlags(), currentBroadcast());
  }

  private Message.FaultDetailReport faultDetailReport() {
    List<Message.FaultDetail> details = new ArrayList<>();
    for (Map.Entry<Fault, Long> fault : faultSince.entrySet()) {
      details.add(
          new Message.FaultDetail(
              FaultFlags.codeOf(fault.getKey().flag), fault.getValue(), fault.getKey().detail));
    }
    if (!synced()) {
      details.add(
          new Message.FaultDetail(
              FaultFlags.codeOf(FaultFlags.CLOCK_UNSYNCED),
              bootMicros + sync.offsetMicros(),
              "clock not synchronised with the hub yet"));
    }
    return new Message.FaultDetailReport(details);
  }

  private long uptimeSeconds() {
    return Math.min((clock.micros() - bootMicros) / 1_000_000L, 0xFFFF_FFFFL);
  }

  // ------------------------------------------------------------------ inspection (own thread)

  public String resourceCode() {
    return settings.resourceCode();
  }

  public TerminalSettings settings() {
    return settings;
  }

  public TerminalProfile profile() {
    return profile;
  }

  public int volume() {
    return volume;
  }

  public boolean amplifierOn() {
    return amplifierOn;
  }

  public boolean linkIsUp() {
    return linkUp;
  }

  /** Whether a time sync round has succeeded since start, so commands are accepted. */
  public boolean synced() {
    return guard.isSynchronised();
  }

  /** Time sync rounds whose samples the clock estimate is fitted to (at most 8). */
  public int timeSyncRounds() {
    return sync.rounds();
  }

  /** The offset to hub time that time sync has learned, in microseconds. */
  public long learnedOffsetMicros() {
    return sync.offsetMicros();
  }

  /** The terminal's estimate of hub time, in microseconds since the Unix epoch. */
  public long hubNow() {
    return sync.hubNow();
  }

  public SimulatedClock clock() {
    return clock;
  }

  public KeyRing keys() {
    return keys;
  }

  /** The play-out log, brought up to date with frames that have sounded by now. */
  public PlayoutLog playoutLog() {
    playback.catchUp();
    return log;
  }

  public Counters counters() {
    return counters;
  }
}
