package org.villagecast.controller.scheduling;

import java.time.Duration;
import java.time.Instant;
import org.villagecast.controller.broadcast.BroadcastRequest;
import org.villagecast.controller.broadcast.ProgrammeSpec;
import org.villagecast.controller.delivery.Targets;
import org.villagecast.protocol.codec.AlertClass;
import org.villagecast.protocol.codec.Message;
import org.villagecast.schedules.Priority;
import org.villagecast.schedules.Schedule;

/**
 * How a schedule's occurrence becomes a {@link BroadcastRequest}: its priority decides the alert
 * class on the wire, drills are marked as drills in the class and in the title, and the origin
 * names the schedule.
 *
 * <table>
 *   <caption>priority to alert class</caption>
 *   <tr><th>priority</th><th>alert class</th><th>level</th></tr>
 *   <tr><td>emergency-real</td><td>EMERGENCY</td><td>4</td></tr>
 *   <tr><td>emergency-drill</td><td>ACTUAL_DRILL</td><td>4</td></tr>
 *   <tr><td>live-relay, notice, background</td><td>DAILY</td><td>0</td></tr>
 * </table>
 *
 * <p>Why level 4 (一般, ordinary) for scheduled emergencies: a schedule file carries no severity, and
 * something planned in advance to recur is by nature not an extraordinary event; levels 1-3 belong
 * to alerts raised, with approval, by the emergency service. The level does not decide quiet hours
 * (only the EMERGENCY class passes them).
 *
 * <p>Drills (DOMAIN.md: drills never reach live targets; the Hawaii false alert: drill and live
 * must be technically apart): a drill schedule never becomes EMERGENCY. It is sent as ACTUAL_DRILL,
 * which terminals and reports count apart and which the broadcast service sends to drill targets
 * only; its title starts with "[演练 DRILL]" so every list and report shows it.
 */
final class ScheduledBroadcast {
  /** The title prefix of every drill. */
  static final String DRILL_MARK = "[演练 DRILL] ";

  private ScheduledBroadcast() {}

  /** The alert class of a schedule's priority. */
  static AlertClass alertClass(Priority priority) {
    switch (priority) {
      case EMERGENCY_REAL:
        return AlertClass.EMERGENCY;
      case EMERGENCY_DRILL:
        return AlertClass.ACTUAL_DRILL;
      default:
        return AlertClass.DAILY;
    }
  }

  /** The alert level that goes with {@link #alertClass}: 0 for DAILY, else 4. */
  static int alertLevel(Priority priority) {
    return alertClass(priority) == AlertClass.DAILY ? 0 : 4;
  }

  /** The origin of a scheduled broadcast: {@code schedule:{id}}. */
  static String origin(Schedule schedule) {
    return "schedule:" + schedule.id();
  }

  /**
   * The request for one occurrence.
   *
   * @param startAt when sound starts (hub time)
   * @param endAt when it must have stopped; the window is the time between
   */
  static BroadcastRequest request(
      Schedule schedule, ProgrammeSpec programme, Targets targets, Instant startAt, Instant endAt) {
    String title = schedule.label();
    if (schedule.priority() == Priority.EMERGENCY_DRILL) {
      title = DRILL_MARK + title;
    }
    return new BroadcastRequest(
        title,
        programme,
        targets,
        schedule.priority(),
        alertClass(schedule.priority()),
        alertLevel(schedule.priority()),
        startAt,
        Duration.between(startAt, endAt),
        Message.Play.KEEP_VOLUME,
        origin(schedule));
  }
}
