package org.villagecast.controller.broadcast;

import java.time.Duration;
import org.villagecast.controller.audio.mix.DuckingSettings;
import org.villagecast.controller.audio.opus.AudioFramePacker;
import org.villagecast.controller.audio.opus.OpusSettings;

/**
 * How broadcasts are timed and encoded.
 *
 * @param startLead how long after PLAY is sent a broadcast "as soon as possible" starts: PLAY must
 *     reach every target, and each must subscribe to the audio topic, before the first audio is
 *     published (a county-wide fan-out takes seconds, docs/performance.md)
 * @param audioLead how far ahead of its presentation time audio is published; terminals buffer it,
 *     so network jitter up to this much costs nothing
 * @param endMargin how long after the programme's last sample the terminals' safety stop (PLAY end
 *     time) falls, for a programme without a window
 * @param resumeDelay how long after a broadcast ends on its terminals the broadcasts it pre-empted
 *     there are sent PLAY again (the terminal's task must have ended, or it answers BUSY)
 * @param framesPerMessage Opus packets per AUDIO message
 * @param opus encoder settings
 * @param ducking how music is lowered under notices
 * @param targetLufs loudness of each notice and clip, integrated (ITU-R BS.1770)
 */
public record BroadcastConfig(
    Duration startLead,
    Duration audioLead,
    Duration endMargin,
    Duration resumeDelay,
    int framesPerMessage,
    OpusSettings opus,
    DuckingSettings ducking,
    double targetLufs) {

  public static BroadcastConfig defaults() {
    return new BroadcastConfig(
        Duration.ofSeconds(4),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofMillis(500),
        AudioFramePacker.DEFAULT_FRAMES_PER_MESSAGE,
        OpusSettings.DEFAULT,
        DuckingSettings.defaults(),
        -16);
  }

  public BroadcastConfig withStartLead(Duration lead) {
    return new BroadcastConfig(
        lead, audioLead, endMargin, resumeDelay, framesPerMessage, opus, ducking, targetLufs);
  }
}
