package org.villagecast.fieldtools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.AlertClass;
import org.villagecast.protocol.codec.AudioCodec;
import org.villagecast.protocol.codec.FaultFlags;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.KeyOperation;
import org.villagecast.protocol.codec.LineState;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.MessageType;
import org.villagecast.protocol.codec.NackReason;
import org.villagecast.protocol.codec.SourceKind;
import org.villagecast.protocol.codec.TaskOutcome;
import org.villagecast.protocol.codec.TerminalState;
import org.villagecast.protocol.security.Ed25519Keys;
import org.villagecast.protocol.security.HubSigner;

/** The reference terminal's behaviour, driven deterministically with manual time and no broker. */
class ReferenceTerminalTest {
  /** 10:00 China time. */
  static final Instant START = Instant.parse("2025-06-01T02:00:00Z");

  static final String AREA = "320583001001";
  static final String RESOURCE_CODE = "6" + AREA + "0301" + "01" + "01" + "01";
  static final Address ME = Address.terminal(RESOURCE_CODE);
  static final long STREAM = 77;
  static final int FRAME_MICROS = 20_000;

  final ManualTime time = new ManualTime(START);
  final TestHub hub = new TestHub(time);
  final CapturedOutput out = new CapturedOutput();

  ReferenceTerminal terminal(long offsetMicros, double driftPpm) {
    return new ReferenceTerminal(
        TerminalSettings.of(RESOURCE_CODE),
        TerminalProfile.defaults(),
        hub.trustingRing(),
        new SimulatedClock(time, offsetMicros, driftPpm),
        time,
        out);
  }

  /** A terminal whose link is up and whose clock is synchronised (no network delay). */
  ReferenceTerminal syncedTerminal(long offsetMicros, double driftPpm) {
    ReferenceTerminal terminal = terminal(offsetMicros, driftPpm);
    terminal.linkUp();
    answerTimeSyncRound(terminal, hub, out);
    time.advance(Duration.ofMillis(1)); // past the replay floor set by the sync
    out.clear();
    return terminal;
  }

  /** Answers the four requests of a time sync round at once, as a hub on a fast link. */
  static void answerTimeSyncRound(ReferenceTerminal terminal, TestHub hub, CapturedOutput out) {
    for (int i = 0; i < 4; i++) {
      Frame request = out.last(MessageType.TIME_SYNC_REQUEST);
      long t1 = ((Message.TimeSyncRequest) request.message()).t1();
      terminal.onFrame(hub.timeSyncResponse(ME, request.messageId(), t1));
    }
    assertThat(out.of(MessageType.TIME_SYNC_REQUEST)).hasSizeGreaterThanOrEqualTo(4);
    assertThat(terminal.synced()).isTrue();
  }

  Message.Play streamPlay(long broadcastId, int priority, long startTime, long endTime) {
    return new Message.Play(
        broadcastId,
        priority,
        0,
        AlertClass.DAILY,
        SourceKind.STREAM,
        STREAM,
        startTime,
        endTime,
        70,
        0,
        "");
  }

  Message.Play emergencyPlay(long broadcastId, long startTime) {
    return new Message.Play(
        broadcastId,
        200,
        1,
        AlertClass.EMERGENCY,
        SourceKind.STREAM,
        STREAM,
        startTime,
        0,
        100,
        0,
        "");
  }

  byte[] audio(long sequence, long presentationTime, int frames) {
    return audio(sequence, presentationTime, frames, false);
  }

  byte[] audio(long sequence, long presentationTime, int frames, boolean endOfStream) {
    List<byte[]> opus = new ArrayList<>();
    for (int i = 0; i < frames; i++) {
      opus.add(new byte[] {(byte) (sequence + i), 1, 2});
    }
    return hub.sign(
        Frame.of(
            Address.area(AREA.substring(0, 6)),
            hub.nextId(),
            0,
            hub.now(),
            new Message.Audio(
                STREAM,
                AudioCodec.OPUS,
                1,
                FRAME_MICROS,
                sequence,
                presentationTime,
                endOfStream,
                opus)));
  }

  <T extends Message> T lastMessage(MessageType type, Class<T> kind) {
    return kind.cast(out.last(type).message());
  }

  Message.Nack nackFor(long messageId) {
    List<Frame> replies = out.repliesTo(messageId);
    assertThat(replies).extracting(Frame::type).containsExactly(MessageType.NACK);
    return (Message.Nack) replies.get(0).message();
  }

  // ------------------------------------------------------------------ link, heartbeat, time

  /**
   * Verifies the start of a session: a round of four time sync requests, then a STATUS_REPORT, then
   * a heartbeat every period.
   */
  @Test
  void linkUp_timeSyncRoundThenStatusThenHeartbeats() {
    ReferenceTerminal terminal = terminal(0, 0);

    terminal.linkUp();
    answerTimeSyncRound(terminal, hub, out);
    time.advance(Duration.ofSeconds(180));

    assertThat(out.types().subList(0, 5))
        .containsExactly(
            MessageType.TIME_SYNC_REQUEST,
            MessageType.TIME_SYNC_REQUEST,
            MessageType.TIME_SYNC_REQUEST,
            MessageType.TIME_SYNC_REQUEST,
            MessageType.STATUS_REPORT);
    assertThat(out.frames.get(4).refersTo()).isZero();
    assertThat(out.of(MessageType.HEARTBEAT)).hasSize(3);
    Frame beat = out.last(MessageType.HEARTBEAT);
    assertThat(beat.address()).isEqualTo(ME);
    assertThat(beat.signed()).isFalse();
    Message.Heartbeat heartbeat = (Message.Heartbeat) beat.message();
    assertThat(heartbeat.uptime()).isEqualTo(180);
    assertThat(heartbeat.faultFlags()).isZero();
    assertThat(out.reliable.get(0)).as("TIME_SYNC_REQUEST is QoS 0").isFalse();
    assertThat(out.reliable.get(out.frames.indexOf(beat))).as("HEARTBEAT is QoS 0").isFalse();
    assertThat(out.reliable.get(4)).as("STATUS_REPORT is QoS 1").isTrue();
  }

  /** Verifies that heartbeats stop while the link is down and resume when it is up again. */
  @Test
  void linkDown_stopsHeartbeats() {
    ReferenceTerminal terminal = terminal(0, 0);
    terminal.linkUp();
    terminal.linkDown();
    out.clear();

    time.advance(Duration.ofMinutes(10));
    assertThat(out.frames).isEmpty();

    terminal.linkUp();
    time.advance(Duration.ofSeconds(60));
    assertThat(out.of(MessageType.HEARTBEAT)).hasSize(1);
  }

  /**
   * Verifies that time sync with symmetric network delay learns the clock error exactly, and that
   * the unsynced flag clears when the round ends.
   */
  @Test
  void timeSync_symmetricDelay_learnsExactOffset() {
    // GIVEN a terminal whose clock is 5 s ahead
    ReferenceTerminal terminal = terminal(5_000_000, 0);
    terminal.linkUp();
    assertThat(terminal.faultFlags()).isEqualTo(FaultFlags.CLOCK_UNSYNCED);

    // WHEN each request takes 40 ms to the hub, the hub takes 2 ms, the answer 40 ms back
    for (int i = 0; i < 4; i++) {
      Frame request = out.last(MessageType.TIME_SYNC_REQUEST);
      long t1 = ((Message.TimeSyncRequest) request.message()).t1();
      time.advance(Duration.ofMillis(40));
      long t2 = hub.now();
      time.advance(Duration.ofMillis(2));
      long t3 = hub.now();
      byte[] response =
          hub.sign(
              Frame.of(
                  ME,
                  hub.nextId(),
                  request.messageId(),
                  t3,
                  new Message.TimeSyncResponse(t1, t2, t3)));
      time.advance(Duration.ofMillis(40));
      terminal.onFrame(response);
    }

    // THEN
    assertThat(terminal.learnedOffsetMicros()).isEqualTo(-5_000_000);
    assertThat(terminal.hubNow()).isEqualTo(hub.now());
    assertThat(terminal.faultFlags()).isZero();
    assertThat(out.of(MessageType.TIME_SYNC_REQUEST)).hasSize(4);
  }

  /** Verifies that of a round's samples the one with the least round-trip delay sets the offset. */
  @Test
  void timeSync_keepsMinimumDelaySample() {
    ReferenceTerminal terminal = terminal(1_000_000, 0);
    terminal.linkUp();
    long[] outboundMillis = {300, 10, 200, 50};
    for (long outbound : outboundMillis) {
      Frame request = out.last(MessageType.TIME_SYNC_REQUEST);
      long t1 = ((Message.TimeSyncRequest) request.message()).t1();
      time.advance(Duration.ofMillis(outbound)); // asymmetric: slow out, instant back
      long t2 = hub.now();
      terminal.onFrame(
          hub.sign(
              Frame.of(
                  ME,
                  hub.nextId(),
                  request.messageId(),
                  t2,
                  new Message.TimeSyncResponse(t1, t2, t2))));
    }

    // the 10 ms sample: its error is half the asymmetry, 5 ms
    assertThat(terminal.learnedOffsetMicros()).isEqualTo(-1_000_000 + 5_000);
  }

  /**
   * Verifies that a TIME_SYNC_RESPONSE that answers no outstanding request, or carries another t1,
   * is ignored without a reply.
   */
  @Test
  void timeSync_responseToOtherRequest_ignored() {
    ReferenceTerminal terminal = terminal(0, 0);
    terminal.linkUp();
    Frame request = out.last(MessageType.TIME_SYNC_REQUEST);
    long t1 = ((Message.TimeSyncRequest) request.message()).t1();
    out.clear();

    terminal.onFrame(hub.timeSyncResponse(ME, request.messageId() + 1, t1));
    terminal.onFrame(hub.timeSyncResponse(ME, request.messageId(), t1 + 1));

    assertThat(out.frames).isEmpty();
    assertThat(terminal.learnedOffsetMicros()).isZero();
  }

  /**
   * Verifies that commands are refused as STALE until the first time sync round, and that a clock
   * far off is corrected by it.
   */
  @Test
  void commands_staleUntilSynced() {
    ReferenceTerminal terminal = terminal(-120_000_000, 0);
    terminal.linkUp();

    terminal.onFrame(hub.command(ME, new Message.SetVolume(20)));
    assertThat(nackFor(hub.lastId()).reason()).isEqualTo(NackReason.STALE);
    assertThat(nackFor(hub.lastId()).detail()).contains("not synchronised");

    answerTimeSyncRound(terminal, hub, out);
    time.advance(Duration.ofMillis(1)); // frames stamped at the sync moment are at the floor
    terminal.onFrame(hub.command(ME, new Message.SetVolume(20)));
    assertThat(out.repliesTo(hub.lastId()))
        .extracting(Frame::type)
        .containsExactly(MessageType.ACK);
    assertThat(terminal.volume()).isEqualTo(20);
  }

  /**
   * Verifies that requests unanswered for 5 s are abandoned, and that rounds without answers are
   * retried with growing pauses.
   */
  @Test
  void timeSync_unanswered_backsOff() {
    ReferenceTerminal terminal = terminal(0, 0);
    terminal.linkUp();

    time.advance(Duration.ofSeconds(20)); // the first round: 4 × 5 s
    assertThat(out.of(MessageType.TIME_SYNC_REQUEST)).hasSize(4);
    assertThat(out.of(MessageType.STATUS_REPORT)).hasSize(1);
    time.advance(Duration.ofSeconds(10 + 20)); // pause 10 s, second round
    assertThat(out.of(MessageType.TIME_SYNC_REQUEST)).hasSize(8);
    time.advance(Duration.ofSeconds(19)); // pause 20 s: nothing yet
    assertThat(out.of(MessageType.TIME_SYNC_REQUEST)).hasSize(8);
    assertThat(terminal.synced()).isFalse();
  }

  // ------------------------------------------------------------------ refusals

  /** Verifies the exact refusals of PROTOCOL.md §Security. */
  @Test
  void security_refusesEveryForgery() {
    ReferenceTerminal terminal = syncedTerminal(0, 0);

    // unsigned
    Frame unsigned = hub.frame(ME, new Message.AmpOn());
    terminal.onFrame(org.villagecast.protocol.codec.FrameCodec.encode(unsigned));
    assertThat(nackFor(unsigned.messageId()).reason()).isEqualTo(NackReason.UNSIGNED);

    // bad signature: one bit flipped in the body
    byte[] tampered = hub.command(ME, new Message.SetVolume(10));
    tampered[Frame.HEADER_SIZE] ^= 1;
    terminal.onFrame(tampered);
    assertThat(nackFor(hub.lastId()).reason()).isEqualTo(NackReason.BAD_SIGNATURE);

    // unknown key id
    KeyPair other = Ed25519Keys.generate();
    Frame byStranger = hub.frame(ME, new Message.AmpOff());
    terminal.onFrame(new HubSigner(9, other.getPrivate()).encodeSigned(byStranger));
    assertThat(nackFor(byStranger.messageId()).reason()).isEqualTo(NackReason.UNKNOWN_KEY);

    // stale
    Frame old = Frame.of(ME, 5000, 0, hub.now() - 31_000_000, new Message.AmpOff());
    terminal.onFrame(hub.sign(old));
    assertThat(nackFor(5000).reason()).isEqualTo(NackReason.STALE);

    // replay
    byte[] once = hub.command(ME, new Message.SetVolume(33));
    terminal.onFrame(once);
    terminal.onFrame(once);
    assertThat(out.repliesTo(hub.lastId()))
        .extracting(Frame::type)
        .containsExactly(MessageType.ACK, MessageType.NACK);
    assertThat(((Message.Nack) out.last(MessageType.NACK).message()).reason())
        .isEqualTo(NackReason.DUPLICATE);

    // truncated: NACK MALFORMED naming the message id
    byte[] whole = hub.command(ME, new Message.SetVolume(40));
    terminal.onFrame(Arrays.copyOf(whole, whole.length - 10));
    assertThat(nackFor(hub.lastId()).reason()).isEqualTo(NackReason.MALFORMED);

    // none of the refused frames had any effect
    assertThat(terminal.volume()).isEqualTo(33);
    assertThat(terminal.amplifierOn()).isTrue();
    assertThat(terminal.counters().refused()).isEqualTo(6);
  }

  /**
   * Verifies the answers to frames that do not decode (PROTOCOL.md §9.3 steps 1–5): another major
   * version gets UNSUPPORTED_VERSION with refers-to 0, an unknown type UNKNOWN_TYPE, less than a
   * header nothing, and a broken frame for another address nothing.
   */
  @Test
  void undecodable_answeredByTheSteps() {
    ReferenceTerminal terminal = syncedTerminal(0, 0);

    byte[] newer = hub.command(ME, new Message.SetVolume(10));
    newer[0] = 0x20;
    terminal.onFrame(newer);
    Frame versionNack = out.last(MessageType.NACK);
    assertThat(((Message.Nack) versionNack.message()).reason())
        .isEqualTo(NackReason.UNSUPPORTED_VERSION);
    assertThat(versionNack.refersTo()).isZero();

    byte[] reserved = hub.command(ME, new Message.AmpOn());
    reserved[1] = 0x0C;
    terminal.onFrame(reserved);
    assertThat(nackFor(hub.lastId()).reason()).isEqualTo(NackReason.UNKNOWN_TYPE);
    out.clear();

    terminal.onFrame(Arrays.copyOf(hub.command(ME, new Message.AmpOn()), 20));
    byte[] elsewhere = hub.command(Address.area("320584"), new Message.SetVolume(10));
    terminal.onFrame(Arrays.copyOf(elsewhere, elsewhere.length - 3));
    byte[] brokenAudio = audio(0, hub.now(), 3);
    terminal.onFrame(Arrays.copyOf(brokenAudio, brokenAudio.length - 3));
    assertThat(out.frames).isEmpty();
  }

  /** Verifies that frames for another terminal, area or group are ignored without a reply. */
  @Test
  void otherAddress_ignoredSilently() {
    ReferenceTerminal terminal = syncedTerminal(0, 0);

    terminal.onFrame(
        hub.command(Address.terminal("6" + AREA + "0301010102"), new Message.SetVolume(5)));
    terminal.onFrame(hub.command(Address.area("320584"), new Message.SetVolume(5)));
    terminal.onFrame(hub.command(Address.group(12), new Message.SetVolume(5)));

    assertThat(out.frames).isEmpty();
    assertThat(terminal.volume()).isEqualTo(60);
  }

  /** Verifies that an area, county and all-terminals address reach the terminal. */
  @Test
  void wideAddresses_reachTerminal() {
    ReferenceTerminal terminal = syncedTerminal(0, 0);

    terminal.onFrame(hub.command(Address.area("32"), new Message.SetVolume(1)));
    terminal.onFrame(hub.command(Address.area("320583"), new Message.SetVolume(2)));
    terminal.onFrame(hub.command(Address.all(), new Message.SetVolume(3)));

    assertThat(out.of(MessageType.ACK)).hasSize(3);
    assertThat(terminal.volume()).isEqualTo(3);
  }

  // ------------------------------------------------------------------ playing a stream

  /**
   * Verifies that stream frames sound at their presentation time by the terminal's own clock, with
   * TASK_STARTED when the first one sounds and TASK_FINISHED when the stream goes idle.
   */
  @Test
  void playStream_framesSoundAtPresentationTime() {
    // GIVEN a terminal whose clock is 2 s ahead, synchronised
    ReferenceTerminal terminal = syncedTerminal(2_000_000, 0);
    long start = hub.now() + 1_000_000;

    // WHEN the hub plays a stream of 100 frames from 1 s from now, sent in two AUDIO messages
    terminal.onFrame(hub.command(Address.area("320583"), streamPlay(42, 50, start, 0)));
    long playId = hub.lastId();
    assertThat(out.streams).containsExactly(STREAM);
    terminal.onFrame(audio(0, start, 50));
    time.advance(Duration.ofMillis(500));
    terminal.onFrame(audio(50, start + 50L * FRAME_MICROS, 50, true));

    // THEN it starts exactly at the start time
    time.advance(Duration.ofMillis(500));
    Message.TaskStarted started = lastMessage(MessageType.TASK_STARTED, Message.TaskStarted.class);
    assertThat(started.startedAt()).isEqualTo(start);
    assertThat(started.firstSequence()).isZero();
    assertThat(out.last(MessageType.TASK_STARTED).refersTo()).isEqualTo(playId);
    assertThat(terminal.state()).isEqualTo(TerminalState.BROADCASTING);

    // AND every frame sounded at its presentation time, 2 s later by its own clock
    time.advance(Duration.ofMillis(1999));
    assertThat(out.of(MessageType.TASK_FINISHED)).isEmpty();
    time.advance(Duration.ofMillis(1));
    List<PlayoutLog.PlayedFrame> played = terminal.playoutLog().frames(42);
    assertThat(played).hasSize(100);
    for (int i = 0; i < 100; i++) {
      PlayoutLog.PlayedFrame frame = played.get(i);
      assertThat(frame.sequence()).isEqualTo(i);
      assertThat(frame.presentationTime()).isEqualTo(start + (long) i * FRAME_MICROS);
      assertThat(frame.playedAt()).isEqualTo(frame.presentationTime() + 2_000_000);
    }

    // AND the task completed with the last frame of the stream
    Message.TaskFinished finished =
        lastMessage(MessageType.TASK_FINISHED, Message.TaskFinished.class);
    assertThat(finished.outcome()).isEqualTo(TaskOutcome.COMPLETED);
    assertThat(finished.framesPlayed()).isEqualTo(100);
    assertThat(finished.framesMissed()).isZero();
    assertThat(finished.startedAt()).isEqualTo(start);
    assertThat(finished.finishedAt()).isEqualTo(start + 100L * FRAME_MICROS);
    assertThat(out.streams).isEmpty();
    assertThat(terminal.state()).isEqualTo(TerminalState.RUNNING);
    assertThat(terminal.playoutLog().tasks())
        .singleElement()
        .satisfies(e -> assertThat(e.outcome()).isEqualTo(TaskOutcome.COMPLETED));
  }

  /** Verifies that lost frames (a sequence gap) and late frames count as missed, not played. */
  @Test
  void playStream_lostAndLateFrames_missed() {
    ReferenceTerminal terminal = syncedTerminal(0, 0);
    long start = hub.now();
    terminal.onFrame(hub.command(ME, streamPlay(43, 50, start, 0)));

    terminal.onFrame(audio(0, start + 100_000, 10)); // 0..9
    terminal.onFrame(audio(15, start + 400_000, 5)); // 10..14 lost
    time.advance(Duration.ofSeconds(2));
    terminal.onFrame(audio(20, hub.now() - 200_000, 5)); // all 5 already past
    terminal.onFrame(audio(20, hub.now() + 100_000, 5)); // duplicates: ignored
    time.advance(Duration.ofSeconds(9));
    assertThat(out.of(MessageType.TASK_FINISHED)).isEmpty();
    time.advance(Duration.ofSeconds(2)); // no 'end of stream': 10 s of silence ends it

    Message.TaskFinished finished =
        lastMessage(MessageType.TASK_FINISHED, Message.TaskFinished.class);
    assertThat(finished.framesPlayed()).isEqualTo(15);
    assertThat(finished.framesMissed()).isEqualTo(10);
  }

  /**
   * Verifies that frames of the stream due since the task's start that never came (the first AUDIO
   * lost, or sent before the terminal subscribed) count as missed.
   */
  @Test
  void playStream_firstAudioLost_missed() {
    ReferenceTerminal terminal = syncedTerminal(0, 0);
    long start = hub.now() + 500_000;
    terminal.onFrame(hub.command(ME, streamPlay(45, 50, start, 0)));

    // The stream's first 16 frames never arrive; frames 16..31 do, ahead of time
    terminal.onFrame(audio(16, start + 16L * FRAME_MICROS, 16, true));
    time.advance(Duration.ofSeconds(2));

    Message.TaskFinished finished =
        lastMessage(MessageType.TASK_FINISHED, Message.TaskFinished.class);
    assertThat(finished.framesPlayed()).isEqualTo(16);
    assertThat(finished.framesMissed()).isEqualTo(16);
  }

  /** Verifies that a stream whose audio never comes fails after the no-audio timeout. */
  @Test
  void playStream_noAudio_failed() {
    ReferenceTerminal terminal = syncedTerminal(0, 0);
    terminal.onFrame(hub.command(ME, streamPlay(44, 50, 0, 0)));

    time.advance(Duration.ofSeconds(9));
    assertThat(out.of(MessageType.TASK_FINISHED)).isEmpty();
    time.advance(Duration.ofSeconds(2));

    Message.TaskFinished finished =
        lastMessage(MessageType.TASK_FINISHED, Message.TaskFinished.class);
    assertThat(finished.outcome()).isEqualTo(TaskOutcome.FAILED);
    assertThat(finished.startedAt()).isZero();
  }

  /** Verifies that STOP ends the task at once: frames not yet due never sound. */
  @Test
  void stop_endsTaskAndDropsPendingFrames() {
    ReferenceTerminal terminal = syncedTerminal(0, 0);
    long start = hub.now();
    terminal.onFrame(hub.command(ME, streamPlay(45, 50, start, 0)));
    terminal.onFrame(audio(0, start, 50)); // one second of audio

    time.advance(Duration.ofMillis(500));
    terminal.onFrame(hub.command(ME, new Message.Stop(45)));
    time.advance(Duration.ofSeconds(5));

    Message.TaskFinished finished =
        lastMessage(MessageType.TASK_FINISHED, Message.TaskFinished.class);
    assertThat(finished.outcome()).isEqualTo(TaskOutcome.STOPPED);
    assertThat(finished.framesPlayed()).isEqualTo(26); // frames at 0, 20, ..., 500 ms
    assertThat(terminal.playoutLog().frames(45)).hasSize(26);
    assertThat(out.repliesTo(hub.lastId())).extracting(Frame::type).contains(MessageType.ACK);
  }

  /** Verifies that the end time carried by PLAY cuts the broadcast even while audio flows. */
  @Test
  void play_endTime_safetyStop() {
    ReferenceTerminal terminal = syncedTerminal(0, 0);
    long start = hub.now();
    long end = start + 600_000;
    terminal.onFrame(hub.command(ME, streamPlay(46, 50, start, end)));
    terminal.onFrame(audio(0, start, 50));

    time.advance(Duration.ofSeconds(2));

    Message.TaskFinished finished =
        lastMessage(MessageType.TASK_FINISHED, Message.TaskFinished.class);
    assertThat(finished.outcome()).isEqualTo(TaskOutcome.END_TIME);
    assertThat(finished.finishedAt()).isEqualTo(end);
    assertThat(finished.framesPlayed()).isEqualTo(30);
  }

  /** Verifies priorities: lower is refused BUSY, equal or higher pre-empts the current one. */
  @Test
  void play_priority_busyOrPreempted() {
    ReferenceTerminal terminal = syncedTerminal(0, 0);
    terminal.onFrame(hub.command(ME, streamPlay(50, 100, 0, 0)));
    terminal.onFrame(audio(0, hub.now(), 10));
    time.advance(Duration.ofMillis(100));

    terminal.onFrame(hub.command(ME, streamPlay(51, 99, 0, 0)));
    assertThat(nackFor(hub.lastId()).reason()).isEqualTo(NackReason.BUSY);

    terminal.onFrame(hub.command(ME, streamPlay(50, 100, 0, 0))); // the same broadcast: ACK
    assertThat(out.repliesTo(hub.lastId()))
        .extracting(Frame::type)
        .containsExactly(MessageType.ACK);
    assertThat(out.of(MessageType.TASK_FINISHED)).isEmpty();

    terminal.onFrame(hub.command(ME, streamPlay(53, 100, 0, 0))); // equal priority pre-empts
    Message.TaskFinished preempted =
        lastMessage(MessageType.TASK_FINISHED, Message.TaskFinished.class);
    assertThat(preempted.broadcastId()).isEqualTo(50);
    assertThat(preempted.outcome()).isEqualTo(TaskOutcome.PREEMPTED);

    terminal.onFrame(hub.command(ME, emergencyPlay(52, 0)));
    assertThat(lastMessage(MessageType.TASK_FINISHED, Message.TaskFinished.class).broadcastId())
        .isEqualTo(53);
    assertThat(terminal.currentBroadcast()).isEqualTo(52);
    assertThat(terminal.volume()).isEqualTo(100);
  }

  /** Verifies that a refused command repeated gets the same refusal, not DUPLICATE. */
  @Test
  void refusal_repeated_sameAnswer() {
    ReferenceTerminal terminal = syncedTerminal(0, 0);
    terminal.onFrame(hub.command(ME, streamPlay(90, 100, 0, 0)));
    byte[] lower = hub.command(ME, streamPlay(91, 10, 0, 0));

    terminal.onFrame(lower);
    terminal.onFrame(lower);

    assertThat(out.repliesTo(hub.lastId()))
        .extracting(f -> ((Message.Nack) f.message()).reason())
        .containsExactly(NackReason.BUSY, NackReason.BUSY);
  }

  /** Verifies that quiet hours refuse a daily broadcast and pass a real emergency. */
  @Test
  void quietHours_refuseDailyPassEmergency() {
    // GIVEN quiet hours 22:00–06:00 China time, and it is 23:30 there
    ManualTime night = new ManualTime(Instant.parse("2025-06-01T15:30:00Z"));
    TestHub nightHub = new TestHub(night);
    CapturedOutput nightOut = new CapturedOutput();
    ReferenceTerminal terminal =
        new ReferenceTerminal(
            TerminalSettings.of(RESOURCE_CODE).withQuietHours(QuietHours.hours(22, 6)),
            TerminalProfile.defaults(),
            nightHub.trustingRing(),
            SimulatedClock.exact(night),
            night,
            nightOut);
    terminal.linkUp();
    answerTimeSyncRound(terminal, nightHub, nightOut);
    night.advance(Duration.ofMillis(1));

    // WHEN
    terminal.onFrame(nightHub.command(ME, streamPlay(60, 100, 0, 0)));
    long daily = nightHub.lastId();
    terminal.onFrame(nightHub.command(ME, emergencyPlay(61, 0)));
    long emergency = nightHub.lastId();

    // THEN
    Frame refusal = nightOut.repliesTo(daily).get(0);
    assertThat(((Message.Nack) refusal.message()).reason()).isEqualTo(NackReason.QUIET_HOURS);
    assertThat(((Message.Nack) refusal.message()).detail()).contains("22:00–06:00");
    assertThat(nightOut.repliesTo(emergency))
        .extracting(Frame::type)
        .containsExactly(MessageType.ACK);
    assertThat(terminal.currentBroadcast()).isEqualTo(61);
  }

  /** Verifies that a text source plays its fixed length 'repeats' times, then completes. */
  @Test
  void playText_fixedDurationWithRepeats() {
    ReferenceTerminal terminal = syncedTerminal(0, 0);
    long start = hub.now() + 5_000_000;
    Message.Play text =
        new Message.Play(
            70, 50, 0, AlertClass.DAILY, SourceKind.TEXT, 0, start, 0, 255, 2, "明天上午停水");

    terminal.onFrame(hub.command(ME, text));
    time.advance(Duration.ofSeconds(5));
    assertThat(lastMessage(MessageType.TASK_STARTED, Message.TaskStarted.class).startedAt())
        .isEqualTo(start);
    time.advance(Duration.ofSeconds(20));

    Message.TaskFinished finished =
        lastMessage(MessageType.TASK_FINISHED, Message.TaskFinished.class);
    assertThat(finished.outcome()).isEqualTo(TaskOutcome.COMPLETED);
    assertThat(finished.finishedAt() - finished.startedAt()).isEqualTo(20_000_000);
    assertThat(finished.framesPlayed()).isZero();
    assertThat(terminal.volume()).isEqualTo(60); // KEEP_VOLUME
  }

  // ------------------------------------------------------------------ queries and settings

  /** Verifies STATUS_QUERY, SET_VOLUME, AMP_OFF and AMP_ON. */
  @Test
  void statusQuery_reflectsVolumeAndAmplifier() {
    ReferenceTerminal terminal = syncedTerminal(0, 0);
    terminal.onFrame(hub.command(ME, new Message.SetVolume(45)));
    terminal.onFrame(hub.command(ME, new Message.AmpOff()));

    terminal.onFrame(hub.command(ME, new Message.StatusQuery()));
    long query = hub.lastId();

    List<Frame> replies = out.repliesTo(query);
    assertThat(replies).extracting(Frame::type).containsExactly(MessageType.STATUS_REPORT);
    Message.StatusReport status = (Message.StatusReport) replies.get(0).message();
    assertThat(status.volume()).isEqualTo(45);
    assertThat(status.amplifierOn()).isFalse();
    assertThat(status.state()).isEqualTo(TerminalState.STOPPED);
    assertThat(status.lineState()).isEqualTo(LineState.OK);
    assertThat(status.faultFlags()).isZero();
    assertThat(status.protocolVersion()).isEqualTo(Frame.VERSION);
    assertThat(status.firmwareVersion()).isEqualTo(TerminalProfile.FIRMWARE_VERSION);

    terminal.onFrame(hub.command(ME, new Message.AmpOn()));
    assertThat(terminal.statusReport().state()).isEqualTo(TerminalState.RUNNING);
  }

  /** Verifies that a fault shows in status, heartbeat and fault detail, and refuses PLAY. */
  @Test
  void fault_overTemperature_reportedAndRefusesPlay() {
    ReferenceTerminal terminal = syncedTerminal(0, 0);
    long injectedAt = hub.now();
    terminal.setFaults(Faults.of(Fault.AMPLIFIER_OVER_TEMPERATURE, Fault.LOW_SIGNAL));
    assertThat(lastMessage(MessageType.STATUS_REPORT, Message.StatusReport.class).faultFlags())
        .as("reported at once")
        .isEqualTo(FaultFlags.AMPLIFIER_OVER_TEMPERATURE | FaultFlags.LOW_SIGNAL);

    terminal.onFrame(hub.command(ME, streamPlay(80, 50, 0, 0)));
    Message.Nack refusal = nackFor(hub.lastId());
    assertThat(refusal.reason()).isEqualTo(NackReason.FAULT);
    assertThat(refusal.detail()).contains("85.0");

    terminal.onFrame(hub.command(ME, new Message.FaultDetailQuery()));
    Message.FaultDetailReport detail =
        lastMessage(MessageType.FAULT_DETAIL_REPORT, Message.FaultDetailReport.class);
    assertThat(detail.faults())
        .extracting(Message.FaultDetail::faultCode)
        .containsExactlyInAnyOrder(
            FaultFlags.codeOf(FaultFlags.AMPLIFIER_OVER_TEMPERATURE),
            FaultFlags.codeOf(FaultFlags.LOW_SIGNAL));
    assertThat(detail.faults()).allSatisfy(f -> assertThat(f.since()).isEqualTo(injectedAt));

    Message.StatusReport status = terminal.statusReport();
    assertThat(status.state()).isEqualTo(TerminalState.FAULT);
    assertThat(status.amplifierTemperature()).isEqualTo(850);
    assertThat(status.signalStrength()).isEqualTo(-109);
    assertThat(status.faultFlags())
        .isEqualTo(FaultFlags.AMPLIFIER_OVER_TEMPERATURE | FaultFlags.LOW_SIGNAL);

    time.advance(Duration.ofSeconds(60));
    assertThat(lastMessage(MessageType.HEARTBEAT, Message.Heartbeat.class).state())
        .isEqualTo(TerminalState.FAULT);

    // cleared: RECOVERED in the report at once, then RUNNING
    terminal.setFaults(Faults.none());
    assertThat(lastMessage(MessageType.STATUS_REPORT, Message.StatusReport.class).state())
        .isEqualTo(TerminalState.RECOVERED);
    time.advance(Duration.ofSeconds(60));
    assertThat(lastMessage(MessageType.HEARTBEAT, Message.Heartbeat.class).state())
        .isEqualTo(TerminalState.RUNNING);

    // cleared while the link is down: the first heartbeat after it says RECOVERED
    terminal.setFaults(Faults.of(Fault.LINE_SHORT));
    terminal.linkDown();
    terminal.setFaults(Faults.none());
    terminal.linkUp();
    answerTimeSyncRound(terminal, hub, out);
    assertThat(lastMessage(MessageType.STATUS_REPORT, Message.StatusReport.class).state())
        .as("the report after the sync round")
        .isEqualTo(TerminalState.RECOVERED);
  }

  /** Verifies that a line short while playing fails the task. */
  @Test
  void fault_lineShortWhilePlaying_failsTask() {
    ReferenceTerminal terminal = syncedTerminal(0, 0);
    terminal.onFrame(hub.command(ME, streamPlay(81, 50, 0, 0)));
    terminal.onFrame(audio(0, hub.now(), 50));
    time.advance(Duration.ofMillis(200));

    terminal.setFaults(Faults.of(Fault.LINE_SHORT));

    Message.TaskFinished finished =
        lastMessage(MessageType.TASK_FINISHED, Message.TaskFinished.class);
    assertThat(finished.outcome()).isEqualTo(TaskOutcome.FAILED);
    assertThat(terminal.statusReport().lineState()).isEqualTo(LineState.SHORT);
  }

  /** Verifies that slow replies come after the configured delay. */
  @Test
  void fault_slowReplies_delayed() {
    ReferenceTerminal terminal = syncedTerminal(0, 0);
    terminal.setFaults(Faults.none().slowReplies(Duration.ofSeconds(3)));

    terminal.onFrame(hub.command(ME, new Message.StatusQuery()));
    time.advance(Duration.ofMillis(2999));
    assertThat(out.repliesTo(hub.lastId())).isEmpty();
    time.advance(Duration.ofMillis(1));

    assertThat(out.repliesTo(hub.lastId()))
        .extracting(Frame::type)
        .containsExactly(MessageType.STATUS_REPORT);
  }

  /** Verifies that a dead terminal answers nothing and sends no heartbeats, until revived. */
  @Test
  void fault_dead_silent() {
    ReferenceTerminal terminal = syncedTerminal(0, 0);
    terminal.setFaults(Faults.none().dead(true));

    terminal.onFrame(hub.command(ME, new Message.StatusQuery()));
    time.advance(Duration.ofMinutes(5));
    assertThat(out.frames).isEmpty();

    terminal.setFaults(Faults.none());
    time.advance(Duration.ofSeconds(60));
    assertThat(out.of(MessageType.HEARTBEAT)).hasSize(1);
  }

  /** Verifies that CONFIG applies groups, heartbeat period and quiet hours, and re-subscribes. */
  @Test
  void config_appliesSettings() {
    ReferenceTerminal terminal = syncedTerminal(0, 0);
    Message.Config config =
        new Message.Config(RESOURCE_CODE, AREA, 10, 22 * 60, 6 * 60, 480, List.of(12L, 30L));

    terminal.onFrame(hub.command(ME, config));
    out.clear();

    assertThat(terminal.settings().groups()).containsExactly(12L, 30L);
    assertThat(terminal.settings().quietHours()).isEqualTo(QuietHours.hours(22, 6));
    assertThat(out.settingsChanges).singleElement().isEqualTo(terminal.settings());
    terminal.onFrame(hub.command(Address.group(30), new Message.SetVolume(11)));
    assertThat(terminal.volume()).isEqualTo(11);
    time.advance(Duration.ofSeconds(30));
    assertThat(out.of(MessageType.HEARTBEAT)).hasSize(3);
  }

  /** Verifies that a CONFIG to an area may not hand every terminal there one resource code. */
  @Test
  void config_newResourceCodeOnlyToOneTerminal() {
    ReferenceTerminal terminal = syncedTerminal(0, 0);
    String other = "6" + AREA + "0301010199";
    Message.Config config = new Message.Config(other, AREA, 60, 0, 0, 480, List.of());

    terminal.onFrame(hub.command(Address.area(AREA), config));
    assertThat(nackFor(hub.lastId()).reason()).isEqualTo(NackReason.BAD_VALUE);

    terminal.onFrame(hub.command(ME, config));
    assertThat(terminal.resourceCode()).isEqualTo(other);
    terminal.onFrame(hub.command(Address.terminal(other), new Message.StatusQuery()));
    assertThat(out.last(MessageType.STATUS_REPORT).address()).isEqualTo(Address.terminal(other));
  }

  /** Verifies key rotation: add a key, use it, revoke the old one; the last key stays. */
  @Test
  void keyUpdate_rotation() {
    ReferenceTerminal terminal = syncedTerminal(0, 0);
    KeyPair next = Ed25519Keys.generate();
    HubSigner nextSigner = new HubSigner(2, next.getPrivate());

    terminal.onFrame(
        hub.command(
            ME,
            new Message.KeyUpdate(KeyOperation.ADD, 2, Ed25519Keys.rawPublic(next.getPublic()))));
    terminal.onFrame(nextSigner.encodeSigned(hub.frame(ME, new Message.SetVolume(22))));
    assertThat(terminal.volume()).isEqualTo(22);

    terminal.onFrame(
        nextSigner.encodeSigned(
            hub.frame(ME, new Message.KeyUpdate(KeyOperation.REVOKE, 1, new byte[32]))));
    terminal.onFrame(hub.command(ME, new Message.SetVolume(99)));
    assertThat(nackFor(hub.lastId()).reason()).isEqualTo(NackReason.UNKNOWN_KEY);

    terminal.onFrame(
        nextSigner.encodeSigned(
            hub.frame(ME, new Message.KeyUpdate(KeyOperation.REVOKE, 2, new byte[32]))));
    assertThat(nackFor(hub.lastId()).detail()).contains("no trusted key");
    assertThat(terminal.keys().trusts(2)).isTrue();
  }

  /** Verifies that PLAY_LOG_QUERY returns the tasks that started in the range, oldest first. */
  @Test
  void playLogQuery_rangeAndLimit() {
    ReferenceTerminal terminal = syncedTerminal(0, 0);
    List<Long> starts = new ArrayList<>();
    for (long id = 1; id <= 4; id++) {
      starts.add(hub.now());
      terminal.onFrame(hub.command(ME, streamPlay(id, 50, 0, 0)));
      terminal.onFrame(audio(0, hub.now(), 5, true));
      time.advance(Duration.ofSeconds(5));
    }

    terminal.onFrame(hub.command(ME, new Message.PlayLogQuery(starts.get(1), starts.get(3), 2)));

    Message.PlayLogReport report =
        lastMessage(MessageType.PLAY_LOG_REPORT, Message.PlayLogReport.class);
    assertThat(report.entries())
        .extracting(Message.PlayLogEntry::broadcastId)
        .containsExactly(2L, 3L);
    assertThat(report.entries()).allSatisfy(e -> assertThat(e.framesPlayed()).isEqualTo(5));
  }

  // ------------------------------------------------------------------ property

  /**
   * Verifies, for random clock offsets (±1 h) and drifts (±100 ppm), that after time sync every
   * frame sounds, in true time, within the drift accumulated since the sync of its presentation
   * time.
   */
  @Test
  void playout_randomClockErrors_staySynchronised() {
    Random random = new Random(20250601L);
    for (int round = 0; round < 40; round++) {
      ManualTime roundTime = new ManualTime(START.plusSeconds(round * 3600L));
      TestHub roundHub = new TestHub(roundTime);
      CapturedOutput roundOut = new CapturedOutput();
      long offset = (long) ((random.nextDouble() * 2 - 1) * 3_600_000_000L);
      double drift = (random.nextDouble() * 2 - 1) * 100;
      SimulatedClock clock = new SimulatedClock(roundTime, offset, drift);
      ReferenceTerminal terminal =
          new ReferenceTerminal(
              TerminalSettings.of(RESOURCE_CODE),
              TerminalProfile.defaults(),
              roundHub.trustingRing(),
              clock,
              roundTime,
              roundOut);
      roundTime.advance(Duration.ofSeconds(random.nextInt(600)));
      terminal.linkUp();
      long syncedAt = roundHub.now();
      answerTimeSyncRound(terminal, roundHub, roundOut);
      roundTime.advance(Duration.ofSeconds(1 + random.nextInt(60)));

      long start = roundHub.now() + 200_000;
      terminal.onFrame(roundHub.command(ME, streamPlay(round + 1, 50, start, 0)));
      List<byte[]> opus = List.of(new byte[] {1}, new byte[] {2}, new byte[] {3});
      terminal.onFrame(
          roundHub.sign(
              Frame.of(
                  ME,
                  roundHub.nextId(),
                  0,
                  roundHub.now(),
                  new Message.Audio(
                      STREAM, AudioCodec.OPUS, 1, FRAME_MICROS, 0, start, true, opus))));
      roundTime.advance(Duration.ofSeconds(1));

      List<PlayoutLog.PlayedFrame> played = terminal.playoutLog().frames(round + 1);
      assertThat(played).hasSize(3);
      for (PlayoutLog.PlayedFrame frame : played) {
        long sinceSync = frame.presentationTime() - syncedAt;
        long bound = (long) Math.ceil(Math.abs(drift) * 1e-6 * sinceSync) + 2;
        long trueTime = clock.baseMicrosAt(frame.playedAt());
        assertThat(Math.abs(trueTime - frame.presentationTime()))
            .as("round %d offset %d µs drift %.1f ppm", round, offset, drift)
            .isLessThanOrEqualTo(bound);
      }
    }
  }
}
