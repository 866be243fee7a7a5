package org.villagecast.controller.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.villagecast.protocol.codec.AlertClass;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.NackReason;
import org.villagecast.protocol.codec.SourceKind;
import org.villagecast.protocol.codec.TaskOutcome;

@Timeout(10)
class OpenCommandTest {
  private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");
  private static final String A = "43205831012010314010201";
  private static final String B = "43205831012010314010202";

  private static OpenCommand command(Message message) {
    Command command =
        new Command(
            42,
            message.type().name(),
            "{}",
            Targets.ofTerminals(A, B),
            "test",
            T0,
            T0.plusSeconds(60),
            2,
            false);
    return OpenCommand.sent(command, message, Set.of(A, B), T0);
  }

  private static Message.Play play() {
    return new Message.Play(42, 10, 0, AlertClass.DAILY, SourceKind.TEXT, 0, 0, 0, 255, 1, "hello");
  }

  private static long micros(Instant at) {
    return at.getEpochSecond() * 1_000_000 + at.getNano() / 1000;
  }

  /** Verifies that an ACK finishes a plain command and a second ACK counts as a duplicate only. */
  @Test
  void setVolume_ackFinishes_duplicateCountsOnce() {
    // GIVEN
    OpenCommand open = command(new Message.SetVolume(50));
    // WHEN
    boolean first = open.answer(A, new Message.Ack(), T0.plusMillis(30));
    boolean again = open.answer(A, new Message.Ack(), T0.plusMillis(40));
    boolean dupNack = open.answer(A, new Message.Nack(NackReason.DUPLICATE, ""), T0.plusMillis(50));
    // THEN
    assertThat(first).isTrue();
    assertThat(again).isFalse();
    assertThat(dupNack).isFalse();
    assertThat(open.duplicates()).isEqualTo(2);
    assertThat(open.delivery(A).state()).isEqualTo(DeliveryState.FINISHED);
    assertThat(open.delivery(A).acknowledgedAt()).isEqualTo(T0.plusMillis(30));
    assertThat(open.counts().get(DeliveryState.FINISHED)).isEqualTo(1);
    assertThat(open.counts().get(DeliveryState.SENT)).isEqualTo(1);
    assertThat(open.silent()).containsExactly(B);
  }

  /** Verifies that NACK DUPLICATE of an executed copy counts as the acknowledgement. */
  @Test
  void nackDuplicate_countsAsAcknowledgement() {
    OpenCommand open = command(new Message.AmpOn());
    assertThat(open.answer(B, new Message.Nack(NackReason.DUPLICATE, ""), T0)).isTrue();
    assertThat(open.delivery(B).state()).isEqualTo(DeliveryState.FINISHED);
  }

  /** Verifies that NACK STALE leaves the terminal silent (to be retried) and NACK BUSY fails it. */
  @Test
  void nackStale_staysSent_nackBusy_fails() {
    OpenCommand open = command(play());
    open.answer(A, new Message.Nack(NackReason.STALE, "clock not synced"), T0);
    open.answer(B, new Message.Nack(NackReason.BUSY, "priority 200 playing"), T0);
    assertThat(open.delivery(A).state()).isEqualTo(DeliveryState.SENT);
    assertThat(open.delivery(A).detail()).contains("STALE");
    assertThat(open.delivery(B).state()).isEqualTo(DeliveryState.FAILED);
    assertThat(open.delivery(B).detail()).isEqualTo("NACK BUSY: priority 200 playing");
    assertThat(open.silent()).containsExactly(A);
    // A STALE refusal would be repeated for the same frame: only a new frame can reach it.
    assertThat(open.refusedAsStale(A)).isTrue();
    assertThat(open.refusedAsStale(B)).isFalse();
    open.freshFrameSent(A);
    assertThat(open.refusedAsStale(A)).isFalse();
  }

  /** Verifies the PLAY path: ACK, TASK_STARTED with the terminal's time, TASK_FINISHED. */
  @Test
  void play_acknowledged_playing_finished() {
    OpenCommand open = command(play());
    Instant started = T0.plusMillis(500);
    open.answer(A, new Message.Ack(), T0.plusMillis(20));
    assertThat(open.delivery(A).state()).isEqualTo(DeliveryState.ACKNOWLEDGED);
    open.answer(A, new Message.TaskStarted(42, micros(started), 0), T0.plusMillis(510));
    assertThat(open.delivery(A).state()).isEqualTo(DeliveryState.PLAYING);
    assertThat(open.delivery(A).startedAt()).isEqualTo(started);
    open.answer(
        A,
        new Message.TaskFinished(
            42, micros(started), micros(T0.plusSeconds(3)), TaskOutcome.COMPLETED, 0, 0),
        T0.plusSeconds(3));
    assertThat(open.delivery(A).state()).isEqualTo(DeliveryState.FINISHED);
    assertThat(open.delivery(A).detail()).isEqualTo("COMPLETED");
    assertThat(open.allFinal()).isFalse();
    // A TASK_STARTED with no ACK before it (the ACK was lost) still counts as acknowledged.
    open.answer(B, new Message.TaskStarted(42, micros(started), 0), T0.plusMillis(600));
    assertThat(open.delivery(B).acknowledgedAt()).isEqualTo(T0.plusMillis(600));
  }

  /** Verifies that a task that failed to play fails its delivery. */
  @Test
  void play_taskFailed_fails() {
    OpenCommand open = command(play());
    open.answer(A, new Message.Ack(), T0);
    open.answer(A, new Message.TaskFinished(42, 0, micros(T0), TaskOutcome.FAILED, 0, 0), T0);
    assertThat(open.delivery(A).state()).isEqualTo(DeliveryState.FAILED);
    assertThat(open.delivery(A).detail()).isEqualTo("FAILED, never sounded");
  }

  /** Verifies that the deadline fails silent terminals with the attempts and offline state. */
  @Test
  void deadline_failsTheSilent() {
    OpenCommand open = command(new Message.StatusQuery());
    open.retried(B);
    open.retried(B);
    open.answer(A, statusReport(), T0.plusMillis(40));
    open.expire(T0.plus(Duration.ofMinutes(2)), Set.of(B));
    assertThat(open.delivery(A).state()).isEqualTo(DeliveryState.FINISHED);
    assertThat(open.delivery(B).state()).isEqualTo(DeliveryState.FAILED);
    assertThat(open.delivery(B).detail())
        .isEqualTo("no answer by the deadline after 3 attempts (offline)");
    assertThat(open.allFinal()).isTrue();
  }

  /** Verifies that every change is handed once to the store and once to the live view. */
  @Test
  void changes_areTakenOnce() {
    OpenCommand open = command(new Message.AmpOff());
    assertThat(open.takeUnsaved())
        .extracting(Delivery::resourceCode)
        .containsExactlyInAnyOrder(A, B);
    open.answer(A, new Message.Ack(), T0);
    List<Delivery> unsaved = open.takeUnsaved();
    assertThat(unsaved).extracting(Delivery::resourceCode).containsExactly(A);
    assertThat(open.takeUnsaved()).isEmpty();
    assertThat(open.takeChanged()).extracting(Delivery::resourceCode).contains(A);
    assertThat(open.hasChanges()).isFalse();
  }

  private static Message.StatusReport statusReport() {
    return new Message.StatusReport(
        1,
        org.villagecast.protocol.codec.TerminalState.RUNNING,
        50,
        true,
        0,
        250,
        12000,
        org.villagecast.protocol.codec.LineState.OK,
        -70,
        0,
        0x10,
        "1.0");
  }
}
