package org.villagecast.controller.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.villagecast.controller.broadcast.BroadcastService;
import org.villagecast.controller.broadcast.StreamMeters;
import org.villagecast.controller.delivery.CommandService;
import org.villagecast.controller.link.HubLink;
import org.villagecast.controller.registry.Registry;

/**
 * The hub's own meters: terminals, alarms, commands, the MQTT link and broadcast audio, for GET
 * /metrics.
 */
final class HubMeters {
  private HubMeters() {}

  static void register(
      MeterRegistry meters,
      Registry registry,
      CommandService commands,
      HubLink link,
      BroadcastService broadcasts) {
    Gauge.builder("villagecast.terminals", registry, Registry::terminalCount)
        .description("Terminals the hub knows")
        .register(meters);
    Gauge.builder("villagecast.terminals.online", registry, Registry::onlineCount)
        .description("Terminals online (heartbeats on time, no last will since)")
        .register(meters);
    Gauge.builder("villagecast.terminals.pending", registry, Registry::pendingCount)
        .description("Terminals waiting for an operator to accept them")
        .register(meters);
    Gauge.builder("villagecast.alarms.open", registry, Registry::openAlarmCount)
        .description("Open alarms")
        .register(meters);
    FunctionCounter.builder("villagecast.frames.heard", registry, Registry::framesHeard)
        .description("Frames from terminals, heartbeats included")
        .register(meters);
    Gauge.builder("villagecast.commands.open", commands, CommandService::openCommands)
        .description("Commands not yet final on every target")
        .register(meters);
    FunctionCounter.builder("villagecast.delivery.answers", commands, CommandService::answers)
        .description("Terminal answers to commands (ACK, NACK, reports, task reports)")
        .register(meters);
    FunctionCounter.builder("villagecast.delivery.duplicates", commands, CommandService::duplicates)
        .description("Answers that changed nothing (QoS 1 redelivery, answers to retries)")
        .register(meters);
    FunctionCounter.builder("villagecast.delivery.retries", commands, CommandService::retries)
        .description("Direct retries to silent terminals")
        .register(meters);
    FunctionCounter.builder("villagecast.link.frames.in", link, HubLink::framesIn)
        .description("Frames received from the broker")
        .register(meters);
    FunctionCounter.builder("villagecast.link.frames.out", link, HubLink::framesOut)
        .description("Frames published")
        .register(meters);
    FunctionCounter.builder("villagecast.link.frames.dropped", link, HubLink::framesDropped)
        .description("Up frames dropped: undecodable, or sender not the topic's terminal")
        .register(meters);
    FunctionCounter.builder("villagecast.link.time-syncs", link, HubLink::timeSyncsAnswered)
        .description("TIME_SYNC_REQUESTs answered")
        .register(meters);
    Gauge.builder("villagecast.link.connected", link, l -> l.connected() ? 1 : 0)
        .description("1 while the hub is connected to the broker")
        .register(meters);
    Gauge.builder("villagecast.broadcasts.playing", broadcasts, BroadcastService::playing)
        .description("Broadcasts whose audio is being sent now")
        .register(meters);
    FunctionCounter.builder(
            "villagecast.broadcast.frames.sent",
            broadcasts.streamMeters(),
            StreamMeters::framesSent)
        .description("Opus frames (20 ms) sent to terminals, all broadcasts")
        .register(meters);
    FunctionCounter.builder(
            "villagecast.broadcast.frames.late",
            broadcasts.streamMeters(),
            StreamMeters::framesLate)
        .description(
            "Opus frames published after their presentation time (an underrun: terminals miss"
                + " them); should stay 0")
        .register(meters);
  }
}
