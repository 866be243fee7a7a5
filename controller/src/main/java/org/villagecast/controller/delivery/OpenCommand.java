package org.villagecast.controller.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.MessageType;
import org.villagecast.protocol.codec.NackReason;
import org.villagecast.protocol.codec.TaskOutcome;

/**
 * One command that is not yet final on every target, and the delivery state machine of each target,
 * driven only by what the terminal itself says:
 *
 * <pre>
 *  SENT ──ACK / NACK DUPLICATE──► ACKNOWLEDGED (PLAY) ──TASK_STARTED──► PLAYING ──TASK_FINISHED──► FINISHED
 *   │                    └──────► FINISHED (other commands, and queries on their report)
 *   ├──NACK (not STALE, not DUPLICATE)──► FAILED
 *   └──deadline──► FAILED
 * </pre>
 *
 * A second answer to the same command (QoS 1 redelivery, an answer to a retry) changes nothing and
 * is counted as a duplicate. NACK STALE leaves the delivery SENT: the retry is a fresh frame. Not
 * thread-safe: lives on the hub context.
 */
final class OpenCommand {
  private final Command command;
  private final Message message;
  private final Map<String, Delivery> deliveries;
  private final EnumMap<DeliveryState, Integer> counts = new EnumMap<>(DeliveryState.class);
  private final Set<String> changed = new LinkedHashSet<>();
  private final Set<String> unsaved = new LinkedHashSet<>();
  private final Set<String> refusedAsStale = new java.util.HashSet<>();
  private int duplicates;

  OpenCommand(Command command, Message message, Collection<Delivery> initial) {
    this.command = command;
    this.message = message;
    this.deliveries = new HashMap<>(initial.size() * 2);
    for (DeliveryState state : DeliveryState.values()) {
      counts.put(state, 0);
    }
    for (Delivery delivery : initial) {
      deliveries.put(delivery.resourceCode(), delivery);
      counts.merge(delivery.state(), 1, Integer::sum);
    }
  }

  /** A new command: every target SENT with one attempt. */
  static OpenCommand sent(Command command, Message message, Set<String> targets, Instant at) {
    List<Delivery> initial = new ArrayList<>(targets.size());
    for (String code : targets) {
      initial.add(
          new Delivery(command.id(), code, DeliveryState.SENT, 1, at, null, null, null, null));
    }
    OpenCommand open = new OpenCommand(command, message, initial);
    open.unsaved.addAll(targets);
    return open;
  }

  Command command() {
    return command;
  }

  Message message() {
    return message;
  }

  Delivery delivery(String resourceCode) {
    return deliveries.get(resourceCode);
  }

  Collection<Delivery> deliveries() {
    return deliveries.values();
  }

  Map<DeliveryState, Integer> counts() {
    return new EnumMap<>(counts);
  }

  int duplicates() {
    return duplicates;
  }

  boolean allFinal() {
    return counts.get(DeliveryState.SENT) == 0
        && counts.get(DeliveryState.ACKNOWLEDGED) == 0
        && counts.get(DeliveryState.PLAYING) == 0;
  }

  /** Terminals still SENT: who a retry goes to. */
  List<String> silent() {
    List<String> silent = new ArrayList<>();
    deliveries.forEach(
        (code, d) -> {
          if (d.state() == DeliveryState.SENT) {
            silent.add(code);
          }
        });
    return silent;
  }

  /** Whether this terminal refused the frame as STALE, so only a new frame can reach it. */
  boolean refusedAsStale(String code) {
    return refusedAsStale.contains(code);
  }

  /** A new frame went to the terminal. */
  void freshFrameSent(String code) {
    refusedAsStale.remove(code);
  }

  /** Deliveries changed since the last call (for the live event stream). */
  List<Delivery> takeChanged() {
    List<Delivery> list = new ArrayList<>(changed.size());
    for (String code : changed) {
      list.add(deliveries.get(code));
    }
    changed.clear();
    return list;
  }

  /** Deliveries changed since the last call (for the store). */
  List<Delivery> takeUnsaved() {
    List<Delivery> list = new ArrayList<>(unsaved.size());
    for (String code : unsaved) {
      list.add(deliveries.get(code));
    }
    unsaved.clear();
    return list;
  }

  boolean hasChanges() {
    return !changed.isEmpty();
  }

  // ---------------------------------------------------------------- what the terminal says

  /**
   * Applies a frame from a target terminal that answers this command. Returns false if the frame
   * changed nothing (a duplicate, a late answer to a retry, or not a target).
   */
  boolean answer(String code, Message answer, Instant at) {
    Delivery d = deliveries.get(code);
    if (d == null) {
      return false;
    }
    boolean play = message.type() == MessageType.PLAY;
    boolean query = isQuery(message.type());
    if (answer instanceof Message.Ack
        || (answer instanceof Message.Nack nack && nack.reason() == NackReason.DUPLICATE)) {
      if (d.state() != DeliveryState.SENT) {
        duplicates++;
        return false;
      }
      if (play || query) {
        return move(d, DeliveryState.ACKNOWLEDGED, at, null, null, null);
      }
      return move(d, DeliveryState.FINISHED, at, null, at, "acknowledged");
    }
    if (answer instanceof Message.Nack nack) {
      if (d.state() != DeliveryState.SENT) {
        duplicates++;
        return false;
      }
      String why = "NACK " + nack.reason() + (nack.detail().isEmpty() ? "" : ": " + nack.detail());
      if (nack.reason() == NackReason.STALE) {
        // The terminal's clock or replay floor refused this frame, and would refuse it again:
        // its next retry must be a new frame.
        refusedAsStale.add(code);
        return note(d, why);
      }
      return move(d, DeliveryState.FAILED, null, null, at, why);
    }
    if (query && isReport(answer)) {
      if (d.state().isFinal()) {
        duplicates++;
        return false;
      }
      return move(d, DeliveryState.FINISHED, at, null, at, "answered");
    }
    if (play && answer instanceof Message.TaskStarted started) {
      if (d.state() != DeliveryState.SENT && d.state() != DeliveryState.ACKNOWLEDGED) {
        duplicates++;
        return false;
      }
      return move(d, DeliveryState.PLAYING, at, micros(started.startedAt()), null, null);
    }
    if (play && answer instanceof Message.TaskFinished finished) {
      if (d.state().isFinal()) {
        duplicates++;
        return false;
      }
      Instant started = finished.startedAt() == 0 ? null : micros(finished.startedAt());
      String how =
          finished.outcome()
              + (finished.startedAt() == 0 ? ", never sounded" : "")
              + (finished.framesMissed() > 0
                  ? ", " + finished.framesMissed() + " frames missed"
                  : "");
      DeliveryState end =
          finished.outcome() == TaskOutcome.FAILED ? DeliveryState.FAILED : DeliveryState.FINISHED;
      return move(d, end, at, started, micros(finished.finishedAt()), how);
    }
    return false;
  }

  /** A retry went out to a silent terminal. */
  void retried(String code) {
    Delivery d = deliveries.get(code);
    if (d != null && d.state() == DeliveryState.SENT) {
      replace(
          new Delivery(
              d.commandId(),
              code,
              d.state(),
              d.attempts() + 1,
              d.sentAt(),
              d.acknowledgedAt(),
              d.startedAt(),
              d.finishedAt(),
              d.detail()));
    }
  }

  /** Publishing failed (broker down): the delivery stays SENT and says why. */
  void publishFailed(String code, String why) {
    Delivery d = deliveries.get(code);
    if (d != null && d.state() == DeliveryState.SENT) {
      note(d, why);
    }
  }

  /** The deadline passed: every target that never answered has failed. */
  void expire(Instant at, Set<String> offline) {
    for (String code : silent()) {
      Delivery d = deliveries.get(code);
      move(
          d,
          DeliveryState.FAILED,
          null,
          null,
          at,
          "no answer by the deadline after "
              + d.attempts()
              + (d.attempts() == 1 ? " attempt" : " attempts")
              + (offline.contains(code) ? " (offline)" : "")
              + (d.detail() == null ? "" : "; last: " + d.detail()));
    }
  }

  private boolean move(
      Delivery d,
      DeliveryState to,
      Instant acknowledgedAt,
      Instant startedAt,
      Instant finishedAt,
      String detail) {
    counts.merge(d.state(), -1, Integer::sum);
    counts.merge(to, 1, Integer::sum);
    replace(
        new Delivery(
            d.commandId(),
            d.resourceCode(),
            to,
            d.attempts(),
            d.sentAt(),
            d.acknowledgedAt() != null ? d.acknowledgedAt() : acknowledgedAt,
            startedAt != null ? startedAt : d.startedAt(),
            finishedAt,
            detail != null ? detail : d.detail()));
    return true;
  }

  private boolean note(Delivery d, String detail) {
    replace(
        new Delivery(
            d.commandId(),
            d.resourceCode(),
            d.state(),
            d.attempts(),
            d.sentAt(),
            d.acknowledgedAt(),
            d.startedAt(),
            d.finishedAt(),
            detail));
    return true;
  }

  private void replace(Delivery d) {
    deliveries.put(d.resourceCode(), d);
    changed.add(d.resourceCode());
    unsaved.add(d.resourceCode());
  }

  static boolean isQuery(MessageType type) {
    return type == MessageType.STATUS_QUERY
        || type == MessageType.PLAY_LOG_QUERY
        || type == MessageType.FAULT_DETAIL_QUERY;
  }

  private static boolean isReport(Message answer) {
    return answer instanceof Message.StatusReport
        || answer instanceof Message.PlayLogReport
        || answer instanceof Message.FaultDetailReport;
  }

  private static Instant micros(long micros) {
    return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
  }
}
