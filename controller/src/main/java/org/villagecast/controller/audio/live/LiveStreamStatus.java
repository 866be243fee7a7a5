package org.villagecast.controller.audio.live;

import java.time.Duration;
import java.time.Instant;

/**
 * What a live source is doing, for the console, events and alarms: a snapshot, taken at {@code at}.
 *
 * @param name the source's name from its config
 * @param url its URL without the password
 * @param state where it is
 * @param reason why, in words for the operator: for RECONNECTING what went wrong and what to check
 * @param since when it entered this state
 * @param retryAt when RECONNECTING, the time of the next attempt; otherwise null
 * @param format the stream's format once a frame has been decoded ("MPEG-1 Layer III, 44100 Hz,
 *     stereo, 128 kbit/s"); "" before
 * @param lastAudioAt when the last MP3 frame was decoded; null before the first
 * @param bytesReceived stream bytes received over all connections
 * @param framesDecoded MP3 frames decoded over all connections
 * @param badFrames frames jlayer could not decode (skipped; the stream goes on)
 * @param skippedBytes bytes that were not part of any frame (garbage, a frame cut by a restart)
 * @param underrunSamples samples that reads filled with silence
 * @param droppedSamples samples dropped because the buffer was full
 * @param reconnects connections that failed or ended, each followed by a new attempt
 * @param buffered audio waiting in the buffer
 */
public record LiveStreamStatus(
    String name,
    String url,
    LiveStreamState state,
    String reason,
    Instant since,
    Instant retryAt,
    String format,
    Instant lastAudioAt,
    long bytesReceived,
    long framesDecoded,
    long badFrames,
    long skippedBytes,
    long underrunSamples,
    long droppedSamples,
    long reconnects,
    Duration buffered,
    Instant at) {

  /**
   * One line for a log, an event or an alarm: "live source 'county radio' RECONNECTING: connection
   * refused by 10.0.0.5:8000: is the stream server running…; retrying in 4 s".
   */
  public String describe() {
    StringBuilder line = new StringBuilder("live source '").append(name).append("' ").append(state);
    if (!reason.isEmpty()) {
      line.append(": ").append(reason);
    }
    if (retryAt != null) {
      long millis = Math.max(0, Duration.between(at, retryAt).toMillis());
      line.append("; retrying in ").append(seconds(millis));
    }
    return line.toString();
  }

  private static String seconds(long millis) {
    if (millis % 1000 == 0) {
      return millis / 1000 + " s";
    }
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
