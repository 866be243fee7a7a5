package org.villagecast.protocol.codec;

import java.util.function.Function;

/**
 * Every message type, its code and its direction. Codes 0x01–0x1F go from the hub to terminals and
 * are always signed; 0x20–0x3F go from terminals to the hub; 0xF0–0xFF are reserved for firmware
 * updates; the rest are reserved for later versions.
 */
public enum MessageType {
  PLAY(0x01, Direction.TO_TERMINAL, Message.Play::read),
  STOP(0x02, Direction.TO_TERMINAL, Message.Stop::read),
  SET_VOLUME(0x03, Direction.TO_TERMINAL, Message.SetVolume::read),
  AMP_ON(0x04, Direction.TO_TERMINAL, in -> new Message.AmpOn()),
  AMP_OFF(0x05, Direction.TO_TERMINAL, in -> new Message.AmpOff()),
  CONFIG(0x06, Direction.TO_TERMINAL, Message.Config::read),
  STATUS_QUERY(0x07, Direction.TO_TERMINAL, in -> new Message.StatusQuery()),
  PLAY_LOG_QUERY(0x08, Direction.TO_TERMINAL, Message.PlayLogQuery::read),
  FAULT_DETAIL_QUERY(0x09, Direction.TO_TERMINAL, in -> new Message.FaultDetailQuery()),
  TIME_SYNC_RESPONSE(0x0A, Direction.TO_TERMINAL, Message.TimeSyncResponse::read),
  KEY_UPDATE(0x0B, Direction.TO_TERMINAL, Message.KeyUpdate::read),
  AUDIO(0x10, Direction.TO_TERMINAL, Message.Audio::read),

  ACK(0x20, Direction.TO_HUB, in -> new Message.Ack()),
  NACK(0x21, Direction.TO_HUB, Message.Nack::read),
  STATUS_REPORT(0x22, Direction.TO_HUB, Message.StatusReport::read),
  HEARTBEAT(0x23, Direction.TO_HUB, Message.Heartbeat::read),
  TASK_STARTED(0x24, Direction.TO_HUB, Message.TaskStarted::read),
  TASK_FINISHED(0x25, Direction.TO_HUB, Message.TaskFinished::read),
  PLAY_LOG_REPORT(0x26, Direction.TO_HUB, Message.PlayLogReport::read),
  FAULT_DETAIL_REPORT(0x27, Direction.TO_HUB, Message.FaultDetailReport::read),
  TIME_SYNC_REQUEST(0x28, Direction.TO_HUB, Message.TimeSyncRequest::read);

  /** Which way a message travels. */
  public enum Direction {
    TO_TERMINAL,
    TO_HUB
  }

  /** First and last code of the range reserved for firmware updates. */
  public static final int FIRMWARE_UPDATE_FIRST = 0xF0;

  public static final int FIRMWARE_UPDATE_LAST = 0xFF;

  private static final MessageType[] BY_CODE = new MessageType[256];

  static {
    for (MessageType type : values()) {
      BY_CODE[type.code] = type;
    }
  }

  public final int code;
  public final Direction direction;
  private final Function<BodyReader, Message> reader;

  MessageType(int code, Direction direction, Function<BodyReader, Message> reader) {
    this.code = code;
    this.direction = direction;
    this.reader = reader;
  }

  /** The type with this code, or UNKNOWN_TYPE naming the code (reserved ranges included). */
  public static MessageType fromCode(int code) {
    MessageType type = (code >= 0 && code < 256) ? BY_CODE[code] : null;
    if (type == null) {
      String range =
          code >= FIRMWARE_UPDATE_FIRST && code <= FIRMWARE_UPDATE_LAST
              ? " (reserved for firmware updates)"
              : "";
      throw new ProtocolException(
          ProtocolException.Problem.UNKNOWN_TYPE,
          "type",
          String.format("unknown message type 0x%02X%s", code, range));
    }
    return type;
  }

  /** Whether the hub must sign this message (every hub-to-terminal message). */
  public boolean requiresSignature() {
    return direction == Direction.TO_TERMINAL;
  }

  Message read(BodyReader in) {
    return reader.apply(in);
  }
}
