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
 * @param mixCeilingDbtp the true-peak ceiling of the mix before Opus encoding: 1 dB under the
 *     items' −1 dBTP, because Opus at 24 kbit/s overshoots peaks by about 2 dB and what the
 *     terminals decode must stay under full scale; lower would cost loudness (a notice limited to
 *     −3 dBTP measured 1.4 LU under the target)
 */
public record BroadcastConfig(
    Duration startLead,
    Duration audioLead,
    Duration endMargin,
    Duration resumeDelay,
    int framesPerMessage,
    OpusSettings opus,
    DuckingSettings ducking,
    double targetLufs,
    double mixCeilingDbtp) {

  public static BroadcastConfig defaults() {
    return new BroadcastConfig(
        Duration.ofSeconds(4),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofMillis(500),
        AudioFramePacker.DEFAULT_FRAMES_PER_MESSAGE,
        OpusSettings.DEFAULT,
        DuckingSettings.defaults(),
        -16,
        -2);
  }
}
