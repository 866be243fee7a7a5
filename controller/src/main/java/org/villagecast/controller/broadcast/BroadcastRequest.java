package org.villagecast.controller.broadcast;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.villagecast.controller.delivery.Targets;
import org.villagecast.protocol.codec.AlertClass;
import org.villagecast.schedules.Priority;

/**
 * A broadcast to start (DESIGN.md data flow, step 1).
 *
 * @param title what operators see in lists and reports
 * @param programme what to play
 * @param targets areas, groups and terminals
 * @param priority who wins a terminal; drills and real emergencies need the matching alert class
 * @param alertClass DAILY for everything but alerts
 * @param alertLevel 0 for DAILY, else 1 (most severe) to 4
 * @param startAt when sound starts (hub time), or null for as soon as the terminals can start
 * @param window the longest the broadcast may last; terminals stop by themselves at its end (PLAY
 *     end time). Required for a live relay; null elsewhere means the programme's own length
 * @param volume 0-100, or {@link org.villagecast.protocol.codec.Message.Play#KEEP_VOLUME}
 * @param origin who or what made it: "operator", "schedule:{id}", "alert:{id}", "demo"
 */
public record BroadcastRequest(
    String title,
    ProgrammeSpec programme,
    Targets targets,
    Priority priority,
    AlertClass alertClass,
    int alertLevel,
    Instant startAt,
    Duration window,
    int volume,
    String origin) {
  public BroadcastRequest {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(programme, "programme");
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(alertClass, "alertClass");
    Objects.requireNonNull(origin, "origin");
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no targets");
    }
    if (programme.live() != null && window == null) {
      throw new IllegalArgumentException("a live relay needs a window (how long at most)");
    }
    if (window != null && (window.isNegative() || window.isZero())) {
      throw new IllegalArgumentException("window " + window + " is not positive");
    }
  }
}
