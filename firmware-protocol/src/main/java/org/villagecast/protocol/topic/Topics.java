package org.villagecast.protocol.topic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.villagecast.protocol.codec.Address;

/**
 * The MQTT topic scheme of PROTOCOL.md. Commands go to the narrowest topic that reaches all their
 * targets: one publish per area or group, never one per terminal.
 *
 * <pre>
 * {prefix}/v1/t/{resource code}/cmd     commands to one terminal               hub → terminal
 * {prefix}/v1/a/{area prefix}/cmd       commands to an area (2/4/6/9/12 digits) hub → terminals
 * {prefix}/v1/g/{group}/cmd             commands to a group                    hub → terminals
 * {prefix}/v1/all/cmd                   commands to every terminal             hub → terminals
 * {prefix}/v1/s/{stream id}/audio       AUDIO of one broadcast stream          hub → terminals
 * {prefix}/v1/t/{resource code}/up      acks, reports, heartbeats, time sync   terminal → hub
 * {prefix}/v1/t/{resource code}/state   retained "online" / "offline" (will)   terminal → hub
 * </pre>
 */
public record Topics(String prefix) {
  public static final String DEFAULT_PREFIX = "vc";
  public static final String ONLINE = "online";
  public static final String OFFLINE = "offline";

  /** The five administrative levels as area-code prefix lengths, widest first. */
  public static final int[] AREA_LEVELS = {2, 4, 6, 9, 12};

  public Topics {
    if (prefix.isEmpty() || prefix.contains("+") || prefix.contains("#")) {
      throw new IllegalArgumentException("topic prefix must be non-empty and without wildcards");
    }
  }

  public static Topics defaults() {
    return new Topics(DEFAULT_PREFIX);
  }

  private String root() {
    return prefix + "/v1/";
  }

  /** The command topic that reaches exactly the terminals an address names. */
  public String commandTopic(Address address) {
    return switch (address.kind()) {
      case TERMINAL -> root() + "t/" + address.code() + "/cmd";
      case AREA -> root() + "a/" + address.code() + "/cmd";
      case GROUP -> root() + "g/" + address.code() + "/cmd";
      case ALL -> root() + "all/cmd";
      case HUB -> throw new IllegalArgumentException("the hub has no command topic");
    };
  }

  public String audioTopic(long streamId) {
    return root() + "s/" + streamId + "/audio";
  }

  public String upTopic(String resourceCode) {
    return root() + "t/" + resourceCode + "/up";
  }

  public String stateTopic(String resourceCode) {
    return root() + "t/" + resourceCode + "/state";
  }

  /** What the hub subscribes to for every terminal's reports. */
  public String allUpTopics() {
    return root() + "t/+/up";
  }

  /** The same, as an MQTT 5 shared subscription, so several hubs split the load. */
  public String sharedUpTopics(String hubGroup) {
    return "$share/" + hubGroup + "/" + allUpTopics();
  }

  public String allStateTopics() {
    return root() + "t/+/state";
  }

  /** The resource code in an up or state topic, or null if the topic is not one. */
  public String resourceCodeOf(String topic) {
    String start = root() + "t/";
    if (!topic.startsWith(start)) {
      return null;
    }
    int end = topic.indexOf('/', start.length());
    if (end <= start.length()) {
      return null;
    }
    String leaf = topic.substring(end);
    return leaf.equals("/up") || leaf.equals("/state")
        ? topic.substring(start.length(), end)
        : null;
  }

  /**
   * Every command topic a terminal subscribes to: its own, one per area level of its area code, one
   * per group, and the all-terminals topic.
   */
  public List<String> commandSubscriptions(
      String resourceCode, String areaCode, Collection<Long> groups) {
    List<String> topics = new ArrayList<>(AREA_LEVELS.length + groups.size() + 2);
    topics.add(commandTopic(Address.terminal(resourceCode)));
    for (int digits : AREA_LEVELS) {
      topics.add(commandTopic(Address.area(areaCode.substring(0, digits))));
    }
    for (long group : groups) {
      topics.add(commandTopic(Address.group(group)));
    }
    topics.add(commandTopic(Address.all()));
    return topics;
  }
}
