package org.villagecast.fieldtools.sim;

import java.util.List;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.Message;

/**
 * What CONFIG sets on a terminal: its resource code, area code, groups, heartbeat period and quiet
 * hours. Validated like the CONFIG message itself.
 */
public record TerminalSettings(
    String resourceCode,
    String areaCode,
    List<Long> groups,
    int heartbeatPeriod,
    QuietHours quietHours) {

  /** Seconds between heartbeats unless CONFIG says otherwise. */
  public static final int DEFAULT_HEARTBEAT_PERIOD = 60;

  public TerminalSettings {
    groups = List.copyOf(groups);
    toConfig(resourceCode, areaCode, groups, heartbeatPeriod, quietHours); // validates
  }

  /** A terminal in the area its resource code names, no groups, default period, no quiet hours. */
  public static TerminalSettings of(String resourceCode) {
    if (resourceCode.length() != Address.RESOURCE_CODE_DIGITS) {
      throw new IllegalArgumentException("a resource code has 23 digits: " + resourceCode);
    }
    return new TerminalSettings(
        resourceCode,
        resourceCode.substring(1, 13),
        List.of(),
        DEFAULT_HEARTBEAT_PERIOD,
        QuietHours.none());
  }

  public static TerminalSettings from(Message.Config config) {
    return new TerminalSettings(
        config.resourceCode(),
        config.areaCode(),
        config.groups(),
        config.heartbeatPeriod(),
        new QuietHours(config.quietStart(), config.quietEnd(), config.utcOffset()));
  }

  public Message.Config toConfig() {
    return toConfig(resourceCode, areaCode, groups, heartbeatPeriod, quietHours);
  }

  private static Message.Config toConfig(
      String resourceCode,
      String areaCode,
      List<Long> groups,
      int heartbeatPeriod,
      QuietHours quietHours) {
    return new Message.Config(
        resourceCode,
        areaCode,
        heartbeatPeriod,
        quietHours.start(),
        quietHours.end(),
        quietHours.utcOffset(),
        groups);
  }

  public TerminalSettings withGroups(List<Long> newGroups) {
    return new TerminalSettings(resourceCode, areaCode, newGroups, heartbeatPeriod, quietHours);
  }

  public TerminalSettings withHeartbeatPeriod(int seconds) {
    return new TerminalSettings(resourceCode, areaCode, groups, seconds, quietHours);
  }

  public TerminalSettings withQuietHours(QuietHours hours) {
    return new TerminalSettings(resourceCode, areaCode, groups, heartbeatPeriod, hours);
  }

  /** Whether a frame with this address is for this terminal. */
  public boolean reachedBy(Address address) {
    return address.reaches(resourceCode, areaCode, groups);
  }
}
