package org.villagecast.protocol.testing;

import static java.util.Map.entry;

import java.util.List;
import java.util.Map;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.AlertClass;
import org.villagecast.protocol.codec.AudioCodec;
import org.villagecast.protocol.codec.FaultFlags;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.KeyOperation;
import org.villagecast.protocol.codec.LineState;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.NackReason;
import org.villagecast.protocol.codec.SourceKind;
import org.villagecast.protocol.codec.TaskOutcome;
import org.villagecast.protocol.codec.TerminalState;

/**
 * What {@code make_vectors.py} put into each line of frames.hex, written out again here as Java
 * values (without signatures), so the tests compare two independent descriptions of each frame.
 */
public final class GoldenFrames {
  private GoldenFrames() {}

  /** 2025-03-01T08:00:00Z in microseconds since the Unix epoch. */
  public static final long T0 = 1_740_816_000_000_000L;

  public static final long SECOND = 1_000_000L;

  /** The example terminal of PROTOCOL.md. */
  public static final String AREA_CODE = "420525105201";

  public static final String RESOURCE_CODE = "44205251052010314010201";
  public static final Address TERMINAL = Address.terminal(RESOURCE_CODE);

  private static final long BROADCAST = 0x0000_0193_5A2B_0001L;
  private static final long BIG_BROADCAST = 0xF000_0000_0000_002AL;
  private static final byte[] OPUS_SILENCE = Vectors.hex("f8fffe");
  private static final byte[] OPUS_PACKET = Vectors.hex("fc0a5a5ba5c3d2e1f00112233445566778");

  /** The frames by vector name. */
  public static final Map<String, Frame> BY_NAME =
      Map.ofEntries(
          entry(
              "PLAY_EMERGENCY_COUNTY",
              hub(
                      Address.area("420525"),
                      1001,
                      T0,
                      new Message.Play(
                          BROADCAST,
                          250,
                          1,
                          AlertClass.EMERGENCY,
                          SourceKind.STREAM,
                          0x00A1B2C3L,
                          T0 + 2 * SECOND,
                          T0 + 600 * SECOND,
                          90,
                          2,
                          ""))
                  .withAckRequested(true)),
          entry(
              "PLAY_DAILY_TEXT_GROUP",
              hub(
                  Address.group(42),
                  1002,
                  T0 + SECOND,
                  new Message.Play(
                      BROADCAST + 1,
                      10,
                      0,
                      AlertClass.DAILY,
                      SourceKind.TEXT,
                      0,
                      T0 + 60 * SECOND,
                      0,
                      Message.Play.KEEP_VOLUME,
                      0,
                      "村委会通知：今晚八点停水。"))),
          entry(
              "PLAY_DRILL_URL_TERMINAL",
              hub(
                      TERMINAL,
                      1003,
                      T0 + 2 * SECOND,
                      new Message.Play(
                          BROADCAST + 2,
                          200,
                          3,
                          AlertClass.SIMULATED_DRILL,
                          SourceKind.URL,
                          0,
                          T0,
                          T0 + 1,
                          100,
                          255,
                          "https://media.example.org/drill.opus"))
                  .withAckRequested(true)),
          entry(
              "PLAY_CLIP_VILLAGE",
              hub(
                  Address.area(AREA_CODE),
                  0xFFFF_FFFEL,
                  T0 + 3 * SECOND,
                  new Message.Play(
                      BIG_BROADCAST,
                      0,
                      4,
                      AlertClass.SYSTEM_DRILL,
                      SourceKind.STORED_CLIP,
                      0,
                      0,
                      0,
                      0,
                      1,
                      "siren-3"))),
          entry(
              "PLAY_ACTUAL_DRILL_ALL",
              hub(
                  Address.all(),
                  1004,
                  T0 + 4 * SECOND,
                  new Message.Play(
                      BROADCAST + 3,
                      128,
                      2,
                      AlertClass.ACTUAL_DRILL,
                      SourceKind.STREAM,
                      0xFFFF_FFFFL,
                      T0 + 5 * SECOND,
                      T0 + 65 * SECOND,
                      80,
                      3,
                      "drill 2025-03"))),
          entry(
              "STOP_ONE_PROVINCE",
              hub(Address.area("42"), 1005, T0 + 5 * SECOND, new Message.Stop(BROADCAST))),
          entry(
              "STOP_ALL",
              hub(Address.all(), 1006, T0 + 6 * SECOND, new Message.Stop(0))
                  .withAckRequested(true)),
          entry("SET_VOLUME", hub(TERMINAL, 1007, T0 + 7 * SECOND, new Message.SetVolume(75))),
          entry(
              "AMP_ON_CITY", hub(Address.area("4205"), 1008, T0 + 8 * SECOND, new Message.AmpOn())),
          entry(
              "AMP_OFF_TOWN",
              hub(Address.area("420525105"), 1009, T0 + 9 * SECOND, new Message.AmpOff())),
          entry(
              "CONFIG",
              hub(
                      TERMINAL,
                      1010,
                      T0 + 10 * SECOND,
                      new Message.Config(
                          RESOURCE_CODE,
                          AREA_CODE,
                          60,
                          22 * 60,
                          6 * 60 + 30,
                          480,
                          List.of(42L, 7L, 0xFFFF_FFFFL)))
                  .withAckRequested(true)),
          entry(
              "CONFIG_NO_GROUPS",
              hub(
                  TERMINAL,
                  1011,
                  T0 + 11 * SECOND,
                  new Message.Config(RESOURCE_CODE, AREA_CODE, 3600, 0, 0, -300, List.of()))),
          entry("STATUS_QUERY", hub(TERMINAL, 1012, T0 + 12 * SECOND, new Message.StatusQuery())),
          entry(
              "PLAY_LOG_QUERY",
              hub(
                  TERMINAL,
                  1013,
                  T0 + 13 * SECOND,
                  new Message.PlayLogQuery(T0 - 3600 * SECOND, T0, 30))),
          entry(
              "FAULT_DETAIL_QUERY",
              hub(Address.group(0), 1014, T0 + 14 * SECOND, new Message.FaultDetailQuery())),
          entry(
              "TIME_SYNC_RESPONSE",
              new Frame(
                  Frame.VERSION,
                  false,
                  TERMINAL,
                  1015,
                  77,
                  T0 + 15 * SECOND,
                  new Message.TimeSyncResponse(
                      T0 - 42 * SECOND, T0 + 15 * SECOND - 300, T0 + 15 * SECOND - 120),
                  null)),
          entry(
              "KEY_UPDATE_ADD",
              hub(
                      Address.all(),
                      1016,
                      T0 + 16 * SECOND,
                      new Message.KeyUpdate(KeyOperation.ADD, 3, TestKeys.TEST2_PUBLIC))
                  .withAckRequested(true)),
          entry(
              "KEY_UPDATE_REVOKE",
              hub(
                  Address.all(),
                  1017,
                  T0 + 17 * SECOND,
                  new Message.KeyUpdate(KeyOperation.REVOKE, 1, new byte[32]))),
          entry(
              "AUDIO_ONE_FRAME",
              hub(
                  Address.all(),
                  1018,
                  T0 + 18 * SECOND,
                  new Message.Audio(
                      0x00A1B2C3L,
                      AudioCodec.OPUS,
                      1,
                      20000,
                      0,
                      T0 + 2 * SECOND,
                      false,
                      List.of(OPUS_SILENCE)))),
          entry(
              "AUDIO_THREE_FRAMES",
              hub(
                  Address.all(),
                  1019,
                  T0 + 19 * SECOND,
                  new Message.Audio(
                      0x00A1B2C3L,
                      AudioCodec.OPUS,
                      2,
                      20000,
                      0xFFFF_FFFFL,
                      T0 + 21 * SECOND,
                      true,
                      List.of(OPUS_PACKET, OPUS_SILENCE, new byte[] {(byte) 0xA5})))),
          entry("ACK", up(5001, 1001, T0 + SECOND + 48_000, new Message.Ack())),
          entry(
              "NACK_QUIET_HOURS",
              up(
                  5002,
                  1002,
                  T0 + 2 * SECOND,
                  new Message.Nack(NackReason.QUIET_HOURS, "quiet hours 22:00-06:30"))),
          entry(
              "NACK_BAD_SIGNATURE",
              up(5003, 4242, T0 + 3 * SECOND, new Message.Nack(NackReason.BAD_SIGNATURE, ""))),
          entry(
              "STATUS_REPORT_BROADCASTING",
              up(
                  5004,
                  1012,
                  T0 + 12 * SECOND + 90_000,
                  new Message.StatusReport(
                      86_400,
                      TerminalState.BROADCASTING,
                      90,
                      true,
                      BROADCAST,
                      452,
                      24_150,
                      LineState.OK,
                      -71,
                      0,
                      0x10,
                      "1.4.2"))),
          entry(
              "STATUS_REPORT_FAULT_WIRED",
              up(
                  5005,
                  0,
                  T0 + 13 * SECOND,
                  new Message.StatusReport(
                      0xFFFF_FFFFL,
                      TerminalState.FAULT,
                      0,
                      false,
                      0,
                      -105,
                      11_800,
                      LineState.SHORT,
                      Message.StatusReport.NO_SIGNAL,
                      FaultFlags.LINE_SHORT | FaultFlags.CLOCK_UNSYNCED,
                      0x10,
                      "rs485-0.9.0+2025.02"))),
          entry(
              "HEARTBEAT",
              up(
                  5006,
                  0,
                  T0 + 14 * SECOND,
                  new Message.Heartbeat(
                      3600, TerminalState.RUNNING, FaultFlags.CLOCK_UNSYNCED, 0))),
          entry(
              "TASK_STARTED",
              up(
                  5007,
                  1001,
                  T0 + 2 * SECOND + 1_500,
                  new Message.TaskStarted(BROADCAST, T0 + 2 * SECOND + 1_500, 0))),
          entry(
              "TASK_FINISHED",
              up(
                  5008,
                  1001,
                  T0 + 62 * SECOND,
                  new Message.TaskFinished(
                      BROADCAST,
                      T0 + 2 * SECOND + 1_500,
                      T0 + 62 * SECOND,
                      TaskOutcome.PREEMPTED,
                      3000,
                      2))),
          entry(
              "PLAY_LOG_REPORT",
              up(
                  5009,
                  1013,
                  T0 + 13 * SECOND + 200_000,
                  new Message.PlayLogReport(
                      List.of(
                          new Message.PlayLogEntry(
                              BROADCAST - 7,
                              T0 - 1800 * SECOND,
                              T0 - 1740 * SECOND,
                              TaskOutcome.COMPLETED,
                              3000),
                          new Message.PlayLogEntry(
                              BIG_BROADCAST,
                              T0 - 600 * SECOND,
                              T0 - 590 * SECOND,
                              TaskOutcome.END_TIME,
                              500))))),
          entry(
              "PLAY_LOG_REPORT_EMPTY",
              up(5010, 1013, T0 + 13 * SECOND + 300_000, new Message.PlayLogReport(List.of()))),
          entry(
              "FAULT_DETAIL_REPORT",
              up(
                  5011,
                  1014,
                  T0 + 14 * SECOND + 80_000,
                  new Message.FaultDetailReport(
                      List.of(
                          new Message.FaultDetail(
                              FaultFlags.codeOf(FaultFlags.LINE_SHORT),
                              T0 - 7200 * SECOND,
                              "线路短路 line short, 0.8 ohm"),
                          new Message.FaultDetail(
                              FaultFlags.codeOf(FaultFlags.CLOCK_UNSYNCED),
                              T0 - 60 * SECOND,
                              ""))))),
          entry(
              "TIME_SYNC_REQUEST",
              up(77, 0, T0 - 42 * SECOND, new Message.TimeSyncRequest(T0 - 42 * SECOND))),
          entry(
              "HEARTBEAT_PROTOCOL_EXAMPLE",
              up(
                  0x107,
                  0,
                  1_735_718_400_000_000L,
                  new Message.Heartbeat(86_400, TerminalState.RUNNING, 0, 0))));

  /** A hub command as the script builds it before signing. */
  private static Frame hub(Address to, long messageId, long timestamp, Message message) {
    return Frame.of(to, messageId, 0, timestamp, message);
  }

  /** A report from the vectors' terminal. */
  private static Frame up(long messageId, long refersTo, long timestamp, Message message) {
    return Frame.of(TERMINAL, messageId, refersTo, timestamp, message);
  }
}
