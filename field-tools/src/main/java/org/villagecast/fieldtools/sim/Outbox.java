package org.villagecast.fieldtools.sim;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.NackReason;

/**
 * Builds and sends a terminal's frames: its address, its own message ids, timestamps in its
 * estimate of hub time. Replies are held back while the terminal has the slow-replies fault; a dead
 * terminal sends nothing.
 */
final class Outbox {
  private final TerminalOutput output;
  private final TerminalTimer timer;
  private final ClockSync sync;
  private final ReferenceTerminal.Counters counters;
  private String resourceCode;
  private Faults faults = Faults.none();
  private boolean shutDown;
  private long lastId;

  Outbox(
      String resourceCode,
      TerminalOutput output,
      TerminalTimer timer,
      ClockSync sync,
      ReferenceTerminal.Counters counters) {
    this.resourceCode = resourceCode;
    this.output = output;
    this.timer = timer;
    this.sync = sync;
    this.counters = counters;
  }

  void resourceCode(String code) {
    this.resourceCode = code;
  }

  void faults(Faults current) {
    this.faults = current;
  }

  void shutDown() {
    shutDown = true;
  }

  long nextId() {
    lastId = lastId >= 0xFFFF_FFFFL ? 1 : lastId + 1; // ids run 1..2^32−1 (PROTOCOL.md §2)
    return lastId;
  }

  /** The answer to a hub frame (ACK, NACK, a query's report), reliable. */
  void reply(Frame to, Message message) {
    Duration delay = faults.replyDelay();
    if (delay.isZero()) {
      emit(nextId(), to.messageId(), message, true);
    } else {
      timer.schedule(delay, () -> emit(nextId(), to.messageId(), message, true));
    }
  }

  void nack(long refersTo, NackReason reason, String detail) {
    counters.refused++;
    Message.Nack nack = new Message.Nack(reason, clip(detail));
    Duration delay = faults.replyDelay();
    if (delay.isZero()) {
      emit(nextId(), refersTo, nack, true);
    } else {
      timer.schedule(delay, () -> emit(nextId(), refersTo, nack, true));
    }
  }

  /** An unprompted report (TASK_*, STATUS_REPORT), reliable, never delayed. */
  void report(long refersTo, Message message) {
    emit(nextId(), refersTo, message, true);
  }

  /** Sends a frame now; {@code reliable} means MQTT QoS 1. */
  void emit(long messageId, long refersTo, Message message, boolean reliable) {
    if (shutDown || faults.dead()) {
      return;
    }
    counters.framesSent++;
    output.send(encode(messageId, refersTo, message), reliable);
  }

  byte[] encode(long messageId, long refersTo, Message message) {
    return FrameCodec.encode(
        Frame.of(Address.terminal(resourceCode), messageId, refersTo, sync.hubNow(), message));
  }

  /** NACK details are at most 255 UTF-8 bytes. */
  static String clip(String detail) {
    String text = detail == null ? "" : detail;
    while (text.getBytes(StandardCharsets.UTF_8).length > 255) {
      text = text.substring(0, text.length() - 1);
    }
    return text;
  }
}
