package org.villagecast.protocol.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.AlertClass;
import org.villagecast.protocol.codec.AudioCodec;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.KeyOperation;
import org.villagecast.protocol.codec.LineState;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.MessageType;
import org.villagecast.protocol.codec.NackReason;
import org.villagecast.protocol.codec.SourceKind;
import org.villagecast.protocol.codec.TaskOutcome;
import org.villagecast.protocol.codec.TerminalState;

/**
 * Random valid messages, addresses and frames for seeded property tests. Every field ranges over
 * its whole domain (u64 fields above 2^63 included), except that text and list lengths are kept so
 * that every body fits {@link Message#MAX_BODY}.
 */
public final class RandomMessages {
  private static final int[] AREA_LEVELS = {2, 4, 6, 9, 12};

  private final Random random;

  public RandomMessages(Random random) {
    this.random = random;
  }

  public Random random() {
    return random;
  }

  /** A random frame of the current version with a random valid message of this type. */
  public Frame frame(MessageType type) {
    Frame frame = Frame.of(address(), messageId(), u32(), random.nextLong(), message(type));
    return frame.withAckRequested(random.nextBoolean());
  }

  /** A random frame of a random type. */
  public Frame frame() {
    return frame(oneOf(MessageType.values()));
  }

  public Message message(MessageType type) {
    return switch (type) {
      case PLAY -> play();
      case STOP -> new Message.Stop(random.nextLong());
      case SET_VOLUME -> new Message.SetVolume(random.nextInt(101));
      case AMP_ON -> new Message.AmpOn();
      case AMP_OFF -> new Message.AmpOff();
      case CONFIG -> config();
      case STATUS_QUERY -> new Message.StatusQuery();
      case PLAY_LOG_QUERY ->
          new Message.PlayLogQuery(
              random.nextLong(),
              random.nextLong(),
              1 + random.nextInt(Message.PlayLogReport.MAX_ENTRIES));
      case FAULT_DETAIL_QUERY -> new Message.FaultDetailQuery();
      case TIME_SYNC_RESPONSE ->
          new Message.TimeSyncResponse(random.nextLong(), random.nextLong(), random.nextLong());
      case KEY_UPDATE ->
          new Message.KeyUpdate(oneOf(KeyOperation.values()), random.nextInt(0x10000), bytes(32));
      case AUDIO -> audio();
      case ACK -> new Message.Ack();
      case NACK -> new Message.Nack(oneOf(NackReason.values()), text(255));
      case STATUS_REPORT -> statusReport();
      case HEARTBEAT ->
          new Message.Heartbeat(
              u32(), oneOf(TerminalState.values()), random.nextInt(0x10000), random.nextLong());
      case TASK_STARTED -> new Message.TaskStarted(random.nextLong(), random.nextLong(), u32());
      case TASK_FINISHED ->
          new Message.TaskFinished(
              random.nextLong(),
              random.nextLong(),
              random.nextLong(),
              oneOf(TaskOutcome.values()),
              u32(),
              u32());
      case PLAY_LOG_REPORT -> playLogReport();
      case FAULT_DETAIL_REPORT -> faultDetailReport();
      case TIME_SYNC_REQUEST -> new Message.TimeSyncRequest(random.nextLong());
    };
  }

  private Message.Play play() {
    AlertClass alertClass = oneOf(AlertClass.values());
    int level = alertClass == AlertClass.DAILY ? 0 : 1 + random.nextInt(4);
    SourceKind source = oneOf(SourceKind.values());
    long streamId = source == SourceKind.STREAM ? 1 + random.nextLong(0xFFFF_FFFFL) : u32();
    long start = random.nextLong();
    long end = random.nextLong();
    if (random.nextInt(4) == 0 || Long.compareUnsigned(end, start) <= 0) {
      end = 0;
    }
    int volume = random.nextInt(8) == 0 ? Message.Play.KEEP_VOLUME : random.nextInt(101);
    return new Message.Play(
        random.nextLong(),
        random.nextInt(256),
        level,
        alertClass,
        source,
        streamId,
        start,
        end,
        volume,
        random.nextInt(256),
        text(300));
  }

  private Message.Config config() {
    String area = areaCode();
    List<Long> groups = new ArrayList<>();
    int count = random.nextInt(Message.Config.MAX_GROUPS + 1);
    for (int i = 0; i < count; i++) {
      groups.add(u32());
    }
    return new Message.Config(
        resourceCode(area),
        area,
        1 + random.nextInt(3600),
        random.nextInt(1440),
        random.nextInt(1440),
        -720 + random.nextInt(840 + 720 + 1),
        groups);
  }

  private Message.Audio audio() {
    int count = 1 + random.nextInt(Message.Audio.MAX_FRAMES);
    // 22 bytes of fixed fields, then 2 + length per frame; at least 1 byte a frame.
    int budget = Message.MAX_BODY - 22 - 3 * count;
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int extra = random.nextInt(Math.min(budget, 200) + 1);
      budget -= extra;
      frames.add(bytes(1 + extra));
    }
    return new Message.Audio(
        1 + random.nextLong(0xFFFF_FFFFL),
        oneOf(AudioCodec.values()),
        1 + random.nextInt(2),
        1 + random.nextInt(0xFFFF),
        u32(),
        random.nextLong(),
        random.nextBoolean(),
        frames);
  }

  private Message.StatusReport statusReport() {
    return new Message.StatusReport(
        u32(),
        oneOf(TerminalState.values()),
        random.nextInt(101),
        random.nextBoolean(),
        random.nextLong(),
        Short.MIN_VALUE + random.nextInt(0x10000),
        random.nextInt(0x10000),
        oneOf(LineState.values()),
        -128 + random.nextInt(256),
        random.nextInt(0x10000),
        random.nextInt(256),
        text(255));
  }

  private Message.PlayLogReport playLogReport() {
    List<Message.PlayLogEntry> entries = new ArrayList<>();
    int count = random.nextInt(Message.PlayLogReport.MAX_ENTRIES + 1);
    for (int i = 0; i < count; i++) {
      entries.add(
          new Message.PlayLogEntry(
              random.nextLong(),
              random.nextLong(),
              random.nextLong(),
              oneOf(TaskOutcome.values()),
              u32()));
    }
    return new Message.PlayLogReport(entries);
  }

  private Message.FaultDetailReport faultDetailReport() {
    List<Message.FaultDetail> faults = new ArrayList<>();
    int count = random.nextInt(Message.FaultDetailReport.MAX_FAULTS + 1);
    for (int i = 0; i < count; i++) {
      faults.add(
          new Message.FaultDetail(
              random.nextInt(0x10000), random.nextLong(), text(Message.FaultDetail.MAX_DETAIL)));
    }
    return new Message.FaultDetailReport(faults);
  }

  /** Any address: hub, all, a terminal, an area of any level, or a group. */
  public Address address() {
    return switch (random.nextInt(5)) {
      case 0 -> Address.hub();
      case 1 -> Address.all();
      case 2 -> Address.terminal(resourceCode(areaCode()));
      case 3 -> Address.area(areaCode().substring(0, oneOf(AREA_LEVELS)));
      default -> Address.group(u32());
    };
  }

  public String areaCode() {
    return digits(12);
  }

  /** A 23-digit resource code inside an area: level, area code, type and sequence digits. */
  public String resourceCode(String areaCode) {
    return digits(1) + areaCode + digits(10);
  }

  public String digits(int count) {
    StringBuilder out = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      out.append((char) ('0' + random.nextInt(10)));
    }
    return out.toString();
  }

  /**
   * Text of at most {@code maxBytes} UTF-8 bytes, mixing ASCII, Chinese (3 bytes a character) and
   * characters outside the BMP (4 bytes, a surrogate pair in Java).
   */
  public String text(int maxBytes) {
    int target = random.nextInt(maxBytes + 1);
    StringBuilder out = new StringBuilder();
    int used = 0;
    while (true) {
      int codePoint =
          switch (random.nextInt(4)) {
            case 0, 1 -> 0x20 + random.nextInt(0x5F);
            case 2 -> 0x4E00 + random.nextInt(0x9FA5 - 0x4E00);
            default -> 0x1F300 + random.nextInt(0x200);
          };
      int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
      if (used + size > target) {
        return out.toString();
      }
      out.appendCodePoint(codePoint);
      used += size;
    }
  }

  public byte[] bytes(int count) {
    byte[] out = new byte[count];
    random.nextBytes(out);
    return out;
  }

  /** A message id: 1..2^32-1 (0 means "none" in refers-to). */
  public long messageId() {
    return 1 + random.nextLong(0xFFFF_FFFFL);
  }

  public long u32() {
    return random.nextLong(0x1_0000_0000L);
  }

  public <T> T oneOf(T[] values) {
    return values[random.nextInt(values.length)];
  }

  public int oneOf(int[] values) {
    return values[random.nextInt(values.length)];
  }
}
