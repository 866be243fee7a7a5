package org.villagecast.protocol.codec;

import static org.villagecast.protocol.codec.ProtocolException.checkRange;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The body of a frame: one record per message type of PROTOCOL.md, each validating its fields on
 * construction, writing itself, and read back by its {@link MessageType}. Field names in error
 * messages are those of PROTOCOL.md.
 */
public sealed interface Message {

  /** The largest body any message may have, in bytes. */
  int MAX_BODY = 1024;

  MessageType type();

  void write(BodyWriter out);

  // ---------------------------------------------------------------- hub to terminal

  /** Start a broadcast: what to play, how loud, from when until when. */
  record Play(
      long broadcastId,
      int priority,
      int alertLevel,
      AlertClass alertClass,
      SourceKind source,
      long streamId,
      long startTime,
      long endTime,
      int volume,
      int repeats,
      String sourceText)
      implements Message {
    /** Volume value meaning "keep the terminal's current volume". */
    public static final int KEEP_VOLUME = 255;

    /** The largest source text: what the body has left after the fixed fields. */
    public static final int MAX_SOURCE_TEXT = MAX_BODY - 36;

    public Play {
      checkRange(priority, 0, 255, "priority");
      checkRange(alertLevel, 0, 4, "alert level");
      if ((alertClass == AlertClass.DAILY) != (alertLevel == 0)) {
        throw ProtocolException.badValue(
            "alert level", "level " + alertLevel + " does not fit class " + alertClass);
      }
      checkRange(streamId, 0, 0xFFFF_FFFFL, "stream id");
      if (source == SourceKind.STREAM && streamId == 0) {
        throw ProtocolException.badValue("stream id", "a STREAM source needs a stream id");
      }
      if (volume != KEEP_VOLUME) {
        checkRange(volume, 0, 100, "volume");
      }
      checkRange(repeats, 0, 255, "repeats");
      if (endTime != 0 && Long.compareUnsigned(endTime, startTime) <= 0) {
        throw ProtocolException.badValue("end time", "must be after the start time");
      }
      checkUtf8(sourceText, MAX_SOURCE_TEXT, "source text");
    }

    /** Whether this broadcast may sound inside quiet hours: real emergencies only. */
    public boolean passesQuietHours() {
      return alertClass == AlertClass.EMERGENCY;
    }

    @Override
    public MessageType type() {
      return MessageType.PLAY;
    }

    @Override
    public void write(BodyWriter out) {
      out.u64(broadcastId).u8(priority).u8(alertLevel).u8(alertClass.code()).u8(source.code());
      out.u32(streamId).u64(startTime).u64(endTime).u8(volume).u8(repeats).string16(sourceText);
    }

    static Play read(BodyReader in) {
      return new Play(
          in.u64("broadcast id"),
          in.u8("priority"),
          in.u8("alert level"),
          WireCode.from(AlertClass.class, in.u8("alert class"), "alert class"),
          WireCode.from(SourceKind.class, in.u8("source"), "source"),
          in.u32("stream id"),
          in.u64("start time"),
          in.u64("end time"),
          in.u8("volume"),
          in.u8("repeats"),
          in.string16("source text"));
    }
  }

  /** Stop one broadcast, or every broadcast when the id is 0. */
  record Stop(long broadcastId) implements Message {
    @Override
    public MessageType type() {
      return MessageType.STOP;
    }

    @Override
    public void write(BodyWriter out) {
      out.u64(broadcastId);
    }

    static Stop read(BodyReader in) {
      return new Stop(in.u64("broadcast id"));
    }
  }

  /** Set the output volume, 0–100. */
  record SetVolume(int volume) implements Message {
    public SetVolume {
      checkRange(volume, 0, 100, "volume");
    }

    @Override
    public MessageType type() {
      return MessageType.SET_VOLUME;
    }

    @Override
    public void write(BodyWriter out) {
      out.u8(volume);
    }

    static SetVolume read(BodyReader in) {
      return new SetVolume(in.u8("volume"));
    }
  }

  /** Switch the amplifier on. */
  record AmpOn() implements Message {
    @Override
    public MessageType type() {
      return MessageType.AMP_ON;
    }

    @Override
    public void write(BodyWriter out) {}
  }

  /** Switch the amplifier off. */
  record AmpOff() implements Message {
    @Override
    public MessageType type() {
      return MessageType.AMP_OFF;
    }

    @Override
    public void write(BodyWriter out) {}
  }

  /**
   * The terminal's identity and settings. Quiet hours run from 'quiet start' to 'quiet end'
   * (minutes of the local day, wrapping past midnight); equal values mean none.
   */
  record Config(
      String resourceCode,
      String areaCode,
      int heartbeatPeriod,
      int quietStart,
      int quietEnd,
      int utcOffset,
      List<Long> groups)
      implements Message {
    public static final int MAX_GROUPS = 32;

    public Config {
      Address.checkDigits(resourceCode, "resource code", Address.RESOURCE_CODE_DIGITS);
      Address.checkDigits(areaCode, "area code", Address.AREA_CODE_DIGITS);
      if (!resourceCode.substring(1, 13).equals(areaCode)) {
        throw ProtocolException.badValue(
            "area code", "resource code " + resourceCode + " is not in area " + areaCode);
      }
      checkRange(heartbeatPeriod, 1, 3600, "heartbeat period");
      checkRange(quietStart, 0, 1439, "quiet start");
      checkRange(quietEnd, 0, 1439, "quiet end");
      checkRange(utcOffset, -720, 840, "utc offset");
      checkRange(groups.size(), 0, MAX_GROUPS, "group count");
      for (long group : groups) {
        checkRange(group, 0, 0xFFFF_FFFFL, "group");
      }
      groups = List.copyOf(groups);
    }

    @Override
    public MessageType type() {
      return MessageType.CONFIG;
    }

    @Override
    public void write(BodyWriter out) {
      Bcd.write(out, resourceCode, 12);
      Bcd.write(out, areaCode, 6);
      out.u16(heartbeatPeriod).u16(quietStart).u16(quietEnd).u16(utcOffset).u8(groups.size());
      for (long group : groups) {
        out.u32(group);
      }
    }

    static Config read(BodyReader in) {
      String resourceCode = Bcd.read(in, 12, "resource code");
      String areaCode = Bcd.read(in, 6, "area code");
      int heartbeatPeriod = in.u16("heartbeat period");
      int quietStart = in.u16("quiet start");
      int quietEnd = in.u16("quiet end");
      int utcOffset = in.i16("utc offset");
      int count = in.u8("group count");
      checkRange(count, 0, MAX_GROUPS, "group count");
      Long[] groups = new Long[count];
      for (int i = 0; i < count; i++) {
        groups[i] = in.u32("group");
      }
      return new Config(
          resourceCode,
          areaCode,
          heartbeatPeriod,
          quietStart,
          quietEnd,
          utcOffset,
          List.of(groups));
    }
  }

  /** Ask for a STATUS_REPORT. */
  record StatusQuery() implements Message {
    @Override
    public MessageType type() {
      return MessageType.STATUS_QUERY;
    }

    @Override
    public void write(BodyWriter out) {}
  }

  /** Ask for the play log entries that started in [from, to]. */
  record PlayLogQuery(long from, long to, int maxEntries) implements Message {
    public PlayLogQuery {
      checkRange(maxEntries, 1, PlayLogReport.MAX_ENTRIES, "max entries");
    }

    @Override
    public MessageType type() {
      return MessageType.PLAY_LOG_QUERY;
    }

    @Override
    public void write(BodyWriter out) {
      out.u64(from).u64(to).u8(maxEntries);
    }

    static PlayLogQuery read(BodyReader in) {
      return new PlayLogQuery(in.u64("from"), in.u64("to"), in.u8("max entries"));
    }
  }

  /** Ask for a FAULT_DETAIL_REPORT. */
  record FaultDetailQuery() implements Message {
    @Override
    public MessageType type() {
      return MessageType.FAULT_DETAIL_QUERY;
    }

    @Override
    public void write(BodyWriter out) {}
  }

  /**
   * The hub's half of the NTP-style exchange: t1 echoed from the request, t2 when the hub received
   * it, t3 when the hub sent this. The terminal notes t4 on receipt.
   */
  record TimeSyncResponse(long t1, long t2, long t3) implements Message {
    @Override
    public MessageType type() {
      return MessageType.TIME_SYNC_RESPONSE;
    }

    @Override
    public void write(BodyWriter out) {
      out.u64(t1).u64(t2).u64(t3);
    }

    static TimeSyncResponse read(BodyReader in) {
      return new TimeSyncResponse(in.u64("t1"), in.u64("t2"), in.u64("t3"));
    }
  }

  /** Add or revoke a trusted hub key. The public key is all zeros for REVOKE. */
  record KeyUpdate(KeyOperation operation, int keyId, byte[] publicKey) implements Message {
    public static final int PUBLIC_KEY_SIZE = 32;

    public KeyUpdate {
      checkRange(keyId, 0, 0xFFFF, "key id");
      if (publicKey.length != PUBLIC_KEY_SIZE) {
        throw ProtocolException.badValue("public key", publicKey.length + " bytes, not 32");
      }
      publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
      return publicKey.clone();
    }

    @Override
    public MessageType type() {
      return MessageType.KEY_UPDATE;
    }

    @Override
    public void write(BodyWriter out) {
      out.u8(operation.code()).u16(keyId).bytes(publicKey);
    }

    static KeyUpdate read(BodyReader in) {
      return new KeyUpdate(
          WireCode.from(KeyOperation.class, in.u8("operation"), "operation"),
          in.u16("key id"),
          in.bytes(PUBLIC_KEY_SIZE, "public key"));
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof KeyUpdate k
          && k.operation == operation
          && k.keyId == keyId
          && Arrays.equals(k.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * operation.hashCode() + keyId) + Arrays.hashCode(publicKey);
    }
  }

  /**
   * Audio of a broadcast: consecutive codec frames starting at 'sequence', the first to be heard at
   * 'presentation time' (hub clock), each 'frame duration' (µs) after the previous one. 'End of
   * stream' marks the last message of the stream: after its frames the task is COMPLETED.
   */
  record Audio(
      long streamId,
      AudioCodec codec,
      int channels,
      int frameDuration,
      long sequence,
      long presentationTime,
      boolean endOfStream,
      List<byte[]> frames)
      implements Message {
    public static final int MAX_FRAMES = 50;

    /** Bytes of the fixed fields before the frames. */
    private static final int FIXED_SIZE = 22;

    public Audio {
      checkRange(streamId, 1, 0xFFFF_FFFFL, "stream id");
      checkRange(channels, 1, 2, "channels");
      checkRange(frameDuration, 1, 0xFFFF, "frame duration");
      checkRange(sequence, 0, 0xFFFF_FFFFL, "sequence");
      checkRange(frames.size(), 1, MAX_FRAMES, "frame count");
      int size = FIXED_SIZE;
      for (byte[] frame : frames) {
        checkRange(frame.length, 1, MAX_BODY, "frame length");
        size += 2 + frame.length;
      }
      if (size > MAX_BODY) {
        throw new ProtocolException(
            ProtocolException.Problem.TOO_LONG,
            "frame count",
            "the frames need a " + size + "-byte body, at most " + MAX_BODY);
      }
      frames = frames.stream().map(byte[]::clone).toList();
    }

    @Override
    public List<byte[]> frames() {
      return frames.stream().map(byte[]::clone).toList();
    }

    @Override
    public MessageType type() {
      return MessageType.AUDIO;
    }

    @Override
    public void write(BodyWriter out) {
      out.u32(streamId).u8(codec.code()).u8(channels).u16(frameDuration);
      out.u32(sequence).u64(presentationTime).u8(endOfStream ? 1 : 0).u8(frames.size());
      for (byte[] frame : frames) {
        out.u16(frame.length).bytes(frame);
      }
    }

    static Audio read(BodyReader in) {
      long streamId = in.u32("stream id");
      AudioCodec codec = WireCode.from(AudioCodec.class, in.u8("codec"), "codec");
      int channels = in.u8("channels");
      int frameDuration = in.u16("frame duration");
      long sequence = in.u32("sequence");
      long presentationTime = in.u64("presentation time");
      boolean endOfStream = readBoolean(in, "end of stream");
      int count = in.u8("frame count");
      checkRange(count, 1, MAX_FRAMES, "frame count");
      byte[][] frames = new byte[count][];
      for (int i = 0; i < count; i++) {
        frames[i] = in.bytes(in.u16("frame length"), "frame");
      }
      return new Audio(
          streamId,
          codec,
          channels,
          frameDuration,
          sequence,
          presentationTime,
          endOfStream,
          List.of(frames));
    }

    @Override
    public boolean equals(Object other) {
      if (!(other instanceof Audio a) || a.frames.size() != frames.size()) {
        return false;
      }
      for (int i = 0; i < frames.size(); i++) {
        if (!Arrays.equals(a.frames.get(i), frames.get(i))) {
          return false;
        }
      }
      return a.streamId == streamId
          && a.codec == codec
          && a.channels == channels
          && a.frameDuration == frameDuration
          && a.sequence == sequence
          && a.presentationTime == presentationTime
          && a.endOfStream == endOfStream;
    }

    @Override
    public int hashCode() {
      int hash = Long.hashCode(streamId) * 31 + Long.hashCode(sequence);
      for (byte[] frame : frames) {
        hash = hash * 31 + Arrays.hashCode(frame);
      }
      return hash;
    }
  }

  // ---------------------------------------------------------------- terminal to hub

  /** The frame named by 'refers-to' was accepted. */
  record Ack() implements Message {
    @Override
    public MessageType type() {
      return MessageType.ACK;
    }

    @Override
    public void write(BodyWriter out) {}
  }

  /** The frame named by 'refers-to' was refused, and why. */
  record Nack(NackReason reason, String detail) implements Message {
    public Nack {
      checkUtf8(detail, 255, "detail");
    }

    @Override
    public MessageType type() {
      return MessageType.NACK;
    }

    @Override
    public void write(BodyWriter out) {
      out.u8(reason.code()).string8(detail);
    }

    static Nack read(BodyReader in) {
      return new Nack(
          WireCode.from(NackReason.class, in.u8("reason"), "reason"), in.string8("detail"));
    }
  }

  /**
   * The terminal's full state. Temperature in 0.1 °C, supply in mV, signal in dBm ({@link
   * #NO_SIGNAL} on a wired terminal).
   */
  record StatusReport(
      long uptime,
      TerminalState state,
      int volume,
      boolean amplifierOn,
      long playingBroadcast,
      int amplifierTemperature,
      int supplyVoltage,
      LineState lineState,
      int signalStrength,
      int faultFlags,
      int protocolVersion,
      String firmwareVersion)
      implements Message {
    public static final int NO_SIGNAL = -128;

    public StatusReport {
      checkRange(uptime, 0, 0xFFFF_FFFFL, "uptime");
      checkRange(volume, 0, 100, "volume");
      checkRange(amplifierTemperature, Short.MIN_VALUE, Short.MAX_VALUE, "amplifier temperature");
      checkRange(supplyVoltage, 0, 0xFFFF, "supply voltage");
      checkRange(signalStrength, -128, 127, "signal strength");
      checkRange(faultFlags, 0, 0xFFFF, "fault flags");
      checkRange(protocolVersion, 0, 255, "protocol version");
      checkUtf8(firmwareVersion, 255, "firmware version");
    }

    @Override
    public MessageType type() {
      return MessageType.STATUS_REPORT;
    }

    @Override
    public void write(BodyWriter out) {
      out.u32(uptime).u8(state.code()).u8(volume).u8(amplifierOn ? 1 : 0).u64(playingBroadcast);
      out.u16(amplifierTemperature).u16(supplyVoltage).u8(lineState.code()).u8(signalStrength);
      out.u16(faultFlags).u8(protocolVersion).string8(firmwareVersion);
    }

    static StatusReport read(BodyReader in) {
      return new StatusReport(
          in.u32("uptime"),
          WireCode.from(TerminalState.class, in.u8("state"), "state"),
          in.u8("volume"),
          readBoolean(in, "amplifier on"),
          in.u64("playing broadcast"),
          in.i16("amplifier temperature"),
          in.u16("supply voltage"),
          WireCode.from(LineState.class, in.u8("line state"), "line state"),
          in.i8("signal strength"),
          in.u16("fault flags"),
          in.u8("protocol version"),
          in.string8("firmware version"));
    }
  }

  /** "I am alive", with the few fields the hub's registry needs at every beat. */
  record Heartbeat(long uptime, TerminalState state, int faultFlags, long playingBroadcast)
      implements Message {
    public Heartbeat {
      checkRange(uptime, 0, 0xFFFF_FFFFL, "uptime");
      checkRange(faultFlags, 0, 0xFFFF, "fault flags");
    }

    @Override
    public MessageType type() {
      return MessageType.HEARTBEAT;
    }

    @Override
    public void write(BodyWriter out) {
      out.u32(uptime).u8(state.code()).u16(faultFlags).u64(playingBroadcast);
    }

    static Heartbeat read(BodyReader in) {
      return new Heartbeat(
          in.u32("uptime"),
          WireCode.from(TerminalState.class, in.u8("state"), "state"),
          in.u16("fault flags"),
          in.u64("playing broadcast"));
    }
  }

  /** A broadcast began to sound, at 'started at' (the terminal's estimate of hub time). */
  record TaskStarted(long broadcastId, long startedAt, long firstSequence) implements Message {
    public TaskStarted {
      checkRange(firstSequence, 0, 0xFFFF_FFFFL, "first sequence");
    }

    @Override
    public MessageType type() {
      return MessageType.TASK_STARTED;
    }

    @Override
    public void write(BodyWriter out) {
      out.u64(broadcastId).u64(startedAt).u32(firstSequence);
    }

    static TaskStarted read(BodyReader in) {
      return new TaskStarted(
          in.u64("broadcast id"), in.u64("started at"), in.u32("first sequence"));
    }
  }

  /** A broadcast ended on this terminal: how, and how much of it was heard. */
  record TaskFinished(
      long broadcastId,
      long startedAt,
      long finishedAt,
      TaskOutcome outcome,
      long framesPlayed,
      long framesMissed)
      implements Message {
    public TaskFinished {
      checkRange(framesPlayed, 0, 0xFFFF_FFFFL, "frames played");
      checkRange(framesMissed, 0, 0xFFFF_FFFFL, "frames missed");
    }

    @Override
    public MessageType type() {
      return MessageType.TASK_FINISHED;
    }

    @Override
    public void write(BodyWriter out) {
      out.u64(broadcastId).u64(startedAt).u64(finishedAt).u8(outcome.code());
      out.u32(framesPlayed).u32(framesMissed);
    }

    static TaskFinished read(BodyReader in) {
      return new TaskFinished(
          in.u64("broadcast id"),
          in.u64("started at"),
          in.u64("finished at"),
          WireCode.from(TaskOutcome.class, in.u8("outcome"), "outcome"),
          in.u32("frames played"),
          in.u32("frames missed"));
    }
  }

  /** One task of the play log. */
  record PlayLogEntry(
      long broadcastId, long startedAt, long finishedAt, TaskOutcome outcome, long framesPlayed) {
    public PlayLogEntry {
      checkRange(framesPlayed, 0, 0xFFFF_FFFFL, "frames played");
    }
  }

  /** The answer to PLAY_LOG_QUERY, oldest first. */
  record PlayLogReport(List<PlayLogEntry> entries) implements Message {
    public static final int MAX_ENTRIES = 30;

    public PlayLogReport {
      checkRange(entries.size(), 0, MAX_ENTRIES, "entry count");
      entries = List.copyOf(entries);
    }

    @Override
    public MessageType type() {
      return MessageType.PLAY_LOG_REPORT;
    }

    @Override
    public void write(BodyWriter out) {
      out.u8(entries.size());
      for (PlayLogEntry e : entries) {
        out.u64(e.broadcastId()).u64(e.startedAt()).u64(e.finishedAt()).u8(e.outcome().code());
        out.u32(e.framesPlayed());
      }
    }

    static PlayLogReport read(BodyReader in) {
      int count = in.u8("entry count");
      checkRange(count, 0, MAX_ENTRIES, "entry count");
      PlayLogEntry[] entries = new PlayLogEntry[count];
      for (int i = 0; i < count; i++) {
        entries[i] =
            new PlayLogEntry(
                in.u64("broadcast id"),
                in.u64("started at"),
                in.u64("finished at"),
                WireCode.from(TaskOutcome.class, in.u8("outcome"), "outcome"),
                in.u32("frames played"));
      }
      return new PlayLogReport(List.of(entries));
    }
  }

  /** One active fault: its code (the bit of {@link FaultFlags}), since when, and a note. */
  record FaultDetail(int faultCode, long since, String detail) {
    /** At most 48 UTF-8 bytes (16 Chinese characters), so 16 faults fit one body. */
    public static final int MAX_DETAIL = 48;

    public FaultDetail {
      checkRange(faultCode, 0, 0xFFFF, "fault code");
      checkUtf8(detail, MAX_DETAIL, "detail");
    }
  }

  /** The answer to FAULT_DETAIL_QUERY: every active fault. */
  record FaultDetailReport(List<FaultDetail> faults) implements Message {
    public static final int MAX_FAULTS = 16;

    public FaultDetailReport {
      checkRange(faults.size(), 0, MAX_FAULTS, "fault count");
      faults = List.copyOf(faults);
    }

    @Override
    public MessageType type() {
      return MessageType.FAULT_DETAIL_REPORT;
    }

    @Override
    public void write(BodyWriter out) {
      out.u8(faults.size());
      for (FaultDetail f : faults) {
        out.u16(f.faultCode()).u64(f.since()).string8(f.detail());
      }
    }

    static FaultDetailReport read(BodyReader in) {
      int count = in.u8("fault count");
      checkRange(count, 0, MAX_FAULTS, "fault count");
      FaultDetail[] faults = new FaultDetail[count];
      for (int i = 0; i < count; i++) {
        faults[i] = new FaultDetail(in.u16("fault code"), in.u64("since"), in.string8("detail"));
      }
      return new FaultDetailReport(List.of(faults));
    }
  }

  /** The terminal's half of the NTP-style exchange: t1 is its clock when it sent this. */
  record TimeSyncRequest(long t1) implements Message {
    @Override
    public MessageType type() {
      return MessageType.TIME_SYNC_REQUEST;
    }

    @Override
    public void write(BodyWriter out) {
      out.u64(t1);
    }

    static TimeSyncRequest read(BodyReader in) {
      return new TimeSyncRequest(in.u64("t1"));
    }
  }

  // ---------------------------------------------------------------- helpers

  private static boolean readBoolean(BodyReader in, String field) {
    int value = in.u8(field);
    checkRange(value, 0, 1, field);
    return value == 1;
  }

  private static void checkUtf8(String text, int maxBytes, String field) {
    int length = text.getBytes(StandardCharsets.UTF_8).length;
    if (length > maxBytes) {
      throw new ProtocolException(
          ProtocolException.Problem.TOO_LONG, field, length + " UTF-8 bytes, at most " + maxBytes);
    }
  }
}
