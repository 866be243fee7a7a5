package org.villagecast.fieldtools.sim;

import java.nio.charset.StandardCharsets;
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
 * A simulated loudspeaker that speaks the protocol: it checks every hub frame as PROTOCOL.md
 * §Security demands, executes commands, answers every query, plays stream audio at its presentation
 * time by its own (deliberately wrong) clock, keeps a play-out log, and sends heartbeats, task
 * reports and time sync requests.
 *
 * <p>Transport-agnostic and single-threaded: everything, including its timers, runs on the one
 * thread that drives it (a Vert.x event loop in the fleet, the bus thread on RS-485, the test
 * thread with {@link ManualTime}). Frames go out through {@link TerminalOutput}.
 *
 * <p>Where PROTOCOL.md leaves a choice to the firmware, this terminal: acknowledges any accepted
 * command that has ACK_REQUESTED set; NACKs every refused frame; answers a PLAY for the broadcast
 * it is already playing with an ACK and no restart; lets a higher priority pre-empt a lower one and
 * refuses an equal or lower one with BUSY; switches the amplifier on for a PLAY; plays a non-stream
 * source for {@link TerminalProfile#clipDuration()} times (1 + repeats).
 */
public final class ReferenceTerminal {
  /** Microseconds per unit of the AUDIO field 'frame duration'. */
  static final long FRAME_DURATION_UNIT_MICROS = 1;

  /** Frame length assumed for 'frames played' of sources the terminal renders itself. */
  static final long CLIP_FRAME_MICROS = 20_000;

  private static final Duration FIRST_TIME_SYNC_RETRY = Duration.ofSeconds(10);
  private static final System.Logger LOG = System.getLogger(ReferenceTerminal.class.getName());

  private final TerminalProfile profile;
  private final SimulatedClock clock;
  private final TerminalTimer timer;
  private final TerminalOutput output;
  private final KeyRing keys;
  private final ClockSync sync;
  private final CommandGuard guard;
  private final PlayoutLog log;
  private final long bootMicros;
  private final Map<Fault, Long> faultSince = new EnumMap<>(Fault.class);
  private final Counters counters = new Counters();

  private TerminalSettings settings;
  private Faults faults = Faults.none();
  private boolean recovered;
  private int volume;
  private boolean amplifierOn = true;
  private Task task;
  private long lastMessageId;
  private boolean linkUp;
  private boolean shutDown;
  private TerminalTimer.Cancellable heartbeat = TerminalTimer.Cancellable.NONE;
  private TerminalTimer.Cancellable timeSync = TerminalTimer.Cancellable.NONE;
  private Duration timeSyncRetry = FIRST_TIME_SYNC_RETRY;

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
    this.bootMicros = clock.micros();
    this.volume = profile.initialVolume();
  }

  // ------------------------------------------------------------------ link life cycle

  /** The link is up: heartbeat now and every period, and synchronise the clock. */
  public void linkUp() {
    if (shutDown || linkUp) {
      return;
    }
    linkUp = true;
    heartbeatTick();
    timeSyncRetry = FIRST_TIME_SYNC_RETRY;
    timeSyncTick();
  }

  /** The link is down: no heartbeats or time sync until it is up again; playing continues. */
  public void linkDown() {
    linkUp = false;
    heartbeat.cancel();
    timeSync.cancel();
  }

  /** Powers the terminal off: every timer cancelled, nothing sent or received any more. */
  public void shutdown() {
    linkDown();
    if (task != null) {
      task.cancelTimers();
    }
    shutDown = true;
  }

  private void heartbeatTick() {
    if (!faults.dead()) {
      send(0, heartbeatMessage(), false, false);
      counters.heartbeatsSent++;
      recovered = false;
    }
    heartbeat = timer.schedule(Duration.ofSeconds(settings.heartbeatPeriod()), this::heartbeatTick);
  }

  private void timeSyncTick() {
    Duration next = profile.timeSyncInterval();
    if (!faults.dead()) {
      requestTimeSync();
    }
    if (!sync.synced()) {
      // Back off while no hub answers, so a fleet without a hub does not flood the broker.
      next = timeSyncRetry;
      timeSyncRetry = min(timeSyncRetry.multipliedBy(2), profile.timeSyncInterval());
    }
    timeSync = timer.schedule(next, this::timeSyncTick);
  }

  /** Sends a TIME_SYNC_REQUEST now; only the response to this one will be taken. */
  public void requestTimeSync() {
    long id = nextMessageId();
    long t1 = sync.requestSent(id);
    emit(id, 0, new Message.TimeSyncRequest(t1), true);
  }

  // ------------------------------------------------------------------ receiving

  /** Takes one frame as it arrived from the hub (MQTT payload or bus COMMAND message). */
  public void onFrame(byte[] wire) {
    if (shutDown || faults.dead()) {
      return;
    }
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
      return; // not for this terminal: another unit's report, or another address
    }
    CommandGuard.Verdict verdict = guard.check(wire, frame);
    if (!verdict.accepted()) {
      refuse(frame, verdict.reason(), verdict.detail());
      return;
    }
    try {
      execute(frame);
    } catch (RuntimeException e) {
      // One odd frame must never take the terminal down; say what went wrong instead.
      LOG.log(System.Logger.Level.WARNING, "terminal " + resourceCode() + ": " + frame, e);
      refuse(frame, NackReason.BAD_VALUE, String.valueOf(e.getMessage()));
    }
  }

  private void execute(Frame frame) {
    Message message = frame.message();
    switch (frame.type()) {
      case PLAY -> play(frame, (Message.Play) message);
      case STOP -> stop(frame, (Message.Stop) message);
      case SET_VOLUME -> {
        volume = ((Message.SetVolume) message).volume();
        acknowledge(frame);
      }
      case AMP_ON -> {
        amplifierOn = true;
        acknowledge(frame);
      }
      case AMP_OFF -> {
        if (task != null) {
          finish(task, TaskOutcome.STOPPED, sync.hubNow());
        }
        amplifierOn = false;
        acknowledge(frame);
      }
      case CONFIG -> configure(frame, (Message.Config) message);
      case STATUS_QUERY -> {
        acknowledge(frame);
        reply(frame, statusReport());
      }
      case PLAY_LOG_QUERY -> {
        Message.PlayLogQuery query = (Message.PlayLogQuery) message;
        catchUp();
        acknowledge(frame);
        reply(
            frame,
            new Message.PlayLogReport(log.query(query.from(), query.to(), query.maxEntries())));
      }
      case FAULT_DETAIL_QUERY -> {
        acknowledge(frame);
        reply(frame, faultDetailReport());
      }
      case TIME_SYNC_RESPONSE -> timeSynced(frame, (Message.TimeSyncResponse) message);
      case KEY_UPDATE -> updateKeys(frame, (Message.KeyUpdate) message);
      case AUDIO -> audio((Message.Audio) message);
      default -> refuse(frame, NackReason.UNKNOWN_TYPE, frame.type() + " is not a command");
    }
  }

  // ------------------------------------------------------------------ commands

  private void play(Frame frame, Message.Play play) {
    long now = sync.hubNow();
    if (task != null && task.broadcastId() == play.broadcastId()) {
      acknowledge(frame); // the hub retried a PLAY already playing: no restart
      return;
    }
    Fault blocking = faults.blockingPlay();
    if (blocking != null) {
      refuse(frame, NackReason.FAULT, blocking.detail);
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
    if (play.endTime() != 0 && play.endTime() <= now) {
      refuse(frame, NackReason.BAD_VALUE, "the end time has already passed");
      return;
    }
    if (task != null && task.play.priority() >= play.priority()) {
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
    if (task != null) {
      finish(task, TaskOutcome.PREEMPTED, now);
    }
    amplifierOn = true;
    if (play.volume() != Message.Play.KEEP_VOLUME) {
      volume = play.volume();
    }
    Task started = new Task(play, frame.messageId(), start);
    task = started;
    acknowledge(frame);
    if (started.streamed()) {
      output.listenToStream(play.streamId());
      armIdleCheck(started, start + micros(profile.noAudioTimeout()));
    } else {
      long length = micros(profile.clipDuration()) * (1 + play.repeats());
      started.timers.add(atHubTime(start, () -> startClip(started)));
      started.timers.add(
          atHubTime(start + length, () -> finish(started, TaskOutcome.COMPLETED, start + length)));
    }
    if (play.endTime() != 0) {
      started.timers.add(
          atHubTime(play.endTime(), () -> finish(started, TaskOutcome.END_TIME, play.endTime())));
    }
  }

  private void stop(Frame frame, Message.Stop stop) {
    if (task != null && (stop.broadcastId() == 0 || stop.broadcastId() == task.broadcastId())) {
      finish(task, TaskOutcome.STOPPED, sync.hubNow());
    }
    acknowledge(frame); // stopping what is not playing is done already
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
    if (linkUp && next.heartbeatPeriod() != previous.heartbeatPeriod()) {
      heartbeat.cancel();
      heartbeat = timer.schedule(Duration.ofSeconds(next.heartbeatPeriod()), this::heartbeatTick);
    }
    output.settingsChanged(previous, next);
  }

  private void timeSynced(Frame frame, Message.TimeSyncResponse response) {
    if (!sync.awaits(frame.refersTo())) {
      refuse(frame, NackReason.BAD_VALUE, "refers to no outstanding TIME_SYNC_REQUEST");
      return;
    }
    if (sync.responseReceived(response.t1(), response.t2(), response.t3()) == null) {
      refuse(frame, NackReason.BAD_VALUE, "t1 is not the time of the outstanding request");
      return;
    }
    timeSyncRetry = FIRST_TIME_SYNC_RETRY;
    acknowledge(frame);
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

  // ------------------------------------------------------------------ playing

  private void audio(Message.Audio audio) {
    Task current = task;
    if (current == null || !current.streamed() || current.play.streamId() != audio.streamId()) {
      return; // a stream this terminal does not play (any more)
    }
    long now = sync.hubNow();
    advance(current, now);
    long step = audio.frameDuration() * FRAME_DURATION_UNIT_MICROS;
    int count = audio.frames().size();
    long endTime = current.play.endTime();
    for (int i = 0; i < count; i++) {
      long sequence = audio.sequence() + i; // wraps after 2^32 frames, years of audio: ignored
      long presentation = audio.presentationTime() + i * step;
      if (current.nextSequence >= 0) {
        if (sequence < current.nextSequence) {
          continue; // a duplicate (QoS 1 redelivery): counted already
        }
        current.framesMissed += sequence - current.nextSequence; // lost on the way
      }
      current.nextSequence = sequence + 1;
      current.audioEnd = Math.max(current.audioEnd, presentation + step);
      if (presentation + step <= now) {
        current.framesMissed++; // arrived after its time slot
      } else if (presentation >= current.startTime && (endTime == 0 || presentation < endTime)) {
        current.pending.addLast(new Task.PendingFrame(sequence, presentation));
      }
    }
    long idleAt = current.audioEnd + micros(profile.streamIdleTimeout());
    if (idleAt < current.idleAt) {
      armIdleCheck(current, idleAt); // the first audio: no longer waiting for the no-audio limit
    }
    if (!current.started() && !current.pending.isEmpty() && !current.startArmed) {
      // The only per-frame timing that matters to the hub: TASK_STARTED when sound begins.
      current.startArmed = true;
      long first = current.pending.peekFirst().presentationTime();
      current.timers.add(atHubTime(first, () -> advance(current, sync.hubNow())));
    }
  }

  /** Sounds every pending frame whose presentation time has come. */
  private void advance(Task current, long upTo) {
    while (!current.pending.isEmpty() && current.pending.peekFirst().presentationTime() <= upTo) {
      Task.PendingFrame frame = current.pending.pollFirst();
      if (!current.started()) {
        begin(current, frame.presentationTime(), frame.sequence());
      }
      current.framesPlayed++;
      log.played(
          new PlayoutLog.PlayedFrame(
              current.broadcastId(),
              frame.sequence(),
              frame.presentationTime(),
              sync.toOwn(frame.presentationTime())));
    }
  }

  private void catchUp() {
    if (task != null) {
      advance(task, sync.hubNow());
    }
  }

  private void startClip(Task current) {
    if (task == current && !current.started()) {
      begin(current, current.startTime, 0);
    }
  }

  private void begin(Task current, long at, long firstSequence) {
    current.startedAt = at;
    current.firstSequence = firstSequence;
    send(
        current.playMessageId,
        new Message.TaskStarted(current.broadcastId(), at, firstSequence),
        true,
        false);
  }

  /** Ends a stream when its audio stopped coming, or fails it when none ever sounded. */
  private void idle(Task current) {
    if (task != current) {
      return;
    }
    long now = sync.hubNow();
    advance(current, now);
    long deadline =
        current.audioEnd == 0
            ? current.startTime + micros(profile.noAudioTimeout())
            : current.audioEnd + micros(profile.streamIdleTimeout());
    if (now < deadline || !current.pending.isEmpty()) {
      armIdleCheck(current, Math.max(deadline, now + 1));
      return;
    }
    finish(current, current.framesPlayed == 0 ? TaskOutcome.FAILED : TaskOutcome.COMPLETED, now);
  }

  /** One idle check per task, re-armed when it fires early rather than per AUDIO frame. */
  private void armIdleCheck(Task current, long at) {
    current.idleCheck.cancel();
    current.idleAt = at;
    current.idleCheck = atHubTime(at, () -> idle(current));
  }

  private void finish(Task current, TaskOutcome outcome, long at) {
    if (task != current) {
      return;
    }
    current.cancelTimers();
    advance(current, at);
    current.pending.clear();
    if (current.streamed()) {
      output.stopListening(current.play.streamId());
    } else if (current.started()) {
      current.framesPlayed = Math.max(0, at - current.startedAt) / CLIP_FRAME_MICROS;
    }
    task = null;
    log.finished(
        new Message.PlayLogEntry(
            current.broadcastId(), current.startedAt, at, outcome, current.framesPlayed));
    send(
        current.playMessageId,
        new Message.TaskFinished(
            current.broadcastId(),
            current.startedAt,
            at,
            outcome,
            current.framesPlayed,
            current.framesMissed),
        true,
        false);
  }

  // ------------------------------------------------------------------ faults and status

  /** Gives the terminal new faults; the ones added date from now, in hub time. */
  public void setFaults(Faults next) {
    long now = sync.hubNow();
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
    if (task != null && next.blockingPlay() != null) {
      finish(task, TaskOutcome.FAILED, now);
    }
  }

  public Faults faults() {
    return faults;
  }

  /** The state STATUS_REPORT and HEARTBEAT carry. */
  public TerminalState state() {
    if (!faults.hardware().isEmpty()) {
      return TerminalState.FAULT;
    }
    if (recovered) {
      return TerminalState.RECOVERED;
    }
    if (task != null && task.started()) {
      return TerminalState.BROADCASTING;
    }
    return amplifierOn ? TerminalState.RUNNING : TerminalState.STOPPED;
  }

  /** Fault flags: the hardware faults, and CLOCK_UNSYNCED until time sync has succeeded. */
  public int faultFlags() {
    return faults.flags() | (sync.synced() ? 0 : FaultFlags.CLOCK_UNSYNCED);
  }

  /** The broadcast sounding now, or 0. */
  public long playingBroadcast() {
    return task != null && task.started() ? task.broadcastId() : 0;
  }

  /** The broadcast accepted and not finished (sounding or waiting for its start), or 0. */
  public long currentBroadcast() {
    return task != null ? task.broadcastId() : 0;
  }

  public Message.StatusReport statusReport() {
    catchUp();
    int temperature = faults.has(Fault.AMPLIFIER_OVER_TEMPERATURE) ? 850 : task != null ? 420 : 350;
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
        playingBroadcast(),
        temperature,
        24_000,
        line,
        signal,
        faultFlags(),
        Frame.VERSION,
        profile.firmwareVersion());
  }

  private Message.Heartbeat heartbeatMessage() {
    return new Message.Heartbeat(uptimeSeconds(), state(), faultFlags(), playingBroadcast());
  }

  private Message.FaultDetailReport faultDetailReport() {
    List<Message.FaultDetail> details = new ArrayList<>();
    for (Map.Entry<Fault, Long> fault : faultSince.entrySet()) {
      details.add(
          new Message.FaultDetail(
              FaultFlags.codeOf(fault.getKey().flag), fault.getValue(), fault.getKey().detail));
    }
    if (!sync.synced()) {
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

  // ------------------------------------------------------------------ sending

  private void acknowledge(Frame frame) {
    if (frame.ackRequested()) {
      reply(frame, new Message.Ack());
    }
  }

  private void reply(Frame frame, Message message) {
    send(frame.messageId(), message, true, true);
  }

  private void refuse(Frame frame, NackReason reason, String detail) {
    counters.refused++;
    reply(frame, new Message.Nack(reason, clip(detail)));
  }

  /** NACKs a frame that does not decode, naming its message id when the header got that far. */
  private void refuseUndecodable(byte[] wire, ProtocolException error) {
    NackReason reason =
        switch (error.problem()) {
          case UNSUPPORTED_VERSION -> NackReason.UNSUPPORTED_VERSION;
          case UNKNOWN_TYPE -> NackReason.UNKNOWN_TYPE;
          default -> NackReason.MALFORMED;
        };
    long refersTo = 0;
    if (wire.length >= 20) {
      for (int i = 16; i < 20; i++) {
        refersTo = (refersTo << 8) | (wire[i] & 0xFF);
      }
    }
    counters.refused++;
    send(refersTo, new Message.Nack(reason, clip(error.getMessage())), true, true);
  }

  /**
   * Sends a message; replies to the hub are held back by the slow-replies fault, unprompted reports
   * are not.
   */
  private void send(long refersTo, Message message, boolean reliable, boolean isReply) {
    Duration delay = faults.replyDelay();
    if (isReply && !delay.isZero()) {
      timer.schedule(delay, () -> emit(nextMessageId(), refersTo, message, reliable));
    } else {
      emit(nextMessageId(), refersTo, message, reliable);
    }
  }

  private void emit(long messageId, long refersTo, Message message, boolean reliable) {
    if (shutDown || faults.dead()) {
      return;
    }
    Frame frame =
        Frame.of(
            Address.terminal(settings.resourceCode()), messageId, refersTo, sync.hubNow(), message);
    counters.framesSent++;
    output.send(FrameCodec.encode(frame), reliable);
  }

  private long nextMessageId() {
    lastMessageId = lastMessageId >= 0xFFFF_FFFFL ? 1 : lastMessageId + 1;
    return lastMessageId;
  }

  // ------------------------------------------------------------------ time

  /** Runs {@code action} once the terminal's estimate of hub time reaches {@code target}. */
  private TerminalTimer.Cancellable atHubTime(long target, Runnable action) {
    HubTimeAlarm alarm = new HubTimeAlarm(target, action);
    alarm.arm();
    return alarm;
  }

  /** Re-arms itself if it fires early: the terminal's clock drifts and sync may move it. */
  private final class HubTimeAlarm implements TerminalTimer.Cancellable {
    private final long target;
    private final Runnable action;
    private TerminalTimer.Cancellable current = TerminalTimer.Cancellable.NONE;
    private boolean cancelled;

    HubTimeAlarm(long target, Runnable action) {
      this.target = target;
      this.action = action;
    }

    void arm() {
      long wait = target - sync.hubNow();
      current = timer.schedule(Duration.ofNanos(Math.max(0, wait) * 1000), this::fire);
    }

    private void fire() {
      if (cancelled || shutDown) {
        return;
      }
      if (sync.hubNow() < target) {
        arm();
      } else {
        action.run();
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      current.cancel();
    }
  }

  private static long micros(Duration duration) {
    return duration.toNanos() / 1000;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** NACK details are at most 255 UTF-8 bytes. */
  private static String clip(String detail) {
    String text = detail == null ? "" : detail;
    while (text.getBytes(StandardCharsets.UTF_8).length > 255) {
      text = text.substring(0, text.length() - 1);
    }
    return text;
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

  public boolean synced() {
    return sync.synced();
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
    catchUp();
    return log;
  }

  public Counters counters() {
    return counters;
  }
}
