package org.villagecast.fieldtools.sim;

import java.time.Duration;
import org.villagecast.protocol.security.CommandGuard;

/**
 * How a simulated terminal behaves where the protocol leaves it to the firmware.
 *
 * @param wired a unit on an RS-485 bus: no radio, so no signal strength
 * @param firmwareVersion what STATUS_REPORT says
 * @param clipDuration how long one play of a non-stream source (URL, stored clip, text) lasts
 * @param streamIdleTimeout a stream broadcast is complete when no audio came for this long after
 *     its last frame
 * @param noAudioTimeout a stream broadcast fails when no frame has sounded this long after its
 *     start time
 * @param timeSyncInterval how often the terminal re-synchronises its clock once synced
 * @param commandWindow the command guard's timestamp window
 * @param frameLogCapacity played frames kept in the play-out log
 * @param taskLogCapacity finished tasks kept in the play log
 * @param initialVolume volume at power-on, 0–100
 */
public record TerminalProfile(
    boolean wired,
    String firmwareVersion,
    Duration clipDuration,
    Duration streamIdleTimeout,
    Duration noAudioTimeout,
    Duration timeSyncInterval,
    Duration commandWindow,
    int frameLogCapacity,
    int taskLogCapacity,
    int initialVolume) {

  public static final String FIRMWARE_VERSION = "villagecast-sim 0.1";

  /** An IP/4G terminal with the defaults documented above. */
  public static TerminalProfile defaults() {
    return new TerminalProfile(
        false,
        FIRMWARE_VERSION,
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        Duration.ofMinutes(10),
        CommandGuard.DEFAULT_WINDOW,
        1024,
        64,
        60);
  }

  /** A unit on an RS-485 bus. */
  public TerminalProfile asWired() {
    return new TerminalProfile(
        true,
        firmwareVersion,
        clipDuration,
        streamIdleTimeout,
        noAudioTimeout,
        timeSyncInterval,
        commandWindow,
        frameLogCapacity,
        taskLogCapacity,
        initialVolume);
  }

  public TerminalProfile withClipDuration(Duration duration) {
    return new TerminalProfile(
        wired,
        firmwareVersion,
        duration,
        streamIdleTimeout,
        noAudioTimeout,
        timeSyncInterval,
        commandWindow,
        frameLogCapacity,
        taskLogCapacity,
        initialVolume);
  }

  /** The same profile keeping {@code frames} played frames in the play-out log. */
  public TerminalProfile withFrameLogCapacity(int frames) {
    return new TerminalProfile(
        wired,
        firmwareVersion,
        clipDuration,
        streamIdleTimeout,
        noAudioTimeout,
        timeSyncInterval,
        commandWindow,
        frames,
        taskLogCapacity,
        initialVolume);
  }
}
