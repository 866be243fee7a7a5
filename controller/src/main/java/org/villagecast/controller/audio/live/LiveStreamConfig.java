package org.villagecast.controller.audio.live;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * How to pull one live stream. Build it with {@link #of(String, URI)} (the defaults below) and the
 * {@code with…} methods.
 *
 * @param name what the operator calls the source ("county radio"), in logs and events
 * @param url {@code http://host[:port]/mount}, optionally with {@code user:password@} for a
 *     protected mount; the password never appears in logs or status
 * @param prebuffer audio gathered before reads return sound, and again after the buffer ran dry;
 *     also the latency the source keeps when audio arrives in a burst (default 500 ms)
 * @param capacity most audio buffered; the oldest is dropped beyond it (default 3 s)
 * @param connectTimeout how long to wait for the TCP connection and the server's answer (5 s)
 * @param stallTimeout a connection that sends nothing for this long is dropped (default 5 s)
 * @param firstRetry delay before the first reconnection; it doubles each failure (default 500 ms)
 * @param maxRetry the longest delay between reconnections (default 10 s)
 * @param maxBytesWithoutAudio bytes a connection may send without an MP3 frame in them before the
 *     source gives up on it as "not MP3" (default 64 KiB, about 4 s of 128 kbit/s)
 */
public record LiveStreamConfig(
    String name,
    URI url,
    Duration prebuffer,
    Duration capacity,
    Duration connectTimeout,
    Duration stallTimeout,
    Duration firstRetry,
    Duration maxRetry,
    int maxBytesWithoutAudio) {

  public LiveStreamConfig {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a live source needs a name");
    }
    if (url == null
        || !"http".equals(String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT))
        || url.getHost() == null) {
      throw new IllegalArgumentException(
          "live source '"
              + name
              + "': the URL must be http://host[:port]/path (https is not supported yet), not "
              + (url == null ? "nothing" : redacted(url)));
    }
    positive(name, "prebuffer", prebuffer);
    positive(name, "capacity", capacity);
    positive(name, "connect timeout", connectTimeout);
    positive(name, "stall timeout", stallTimeout);
    positive(name, "first retry", firstRetry);
    positive(name, "max retry", maxRetry);
    if (capacity.compareTo(prebuffer.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(
          "live source '" + name + "': the capacity must be at least twice the prebuffer");
    }
    if (maxRetry.compareTo(firstRetry) < 0) {
      throw new IllegalArgumentException(
          "live source '" + name + "': the max retry delay is shorter than the first");
    }
    if (maxBytesWithoutAudio < 4_096) {
      throw new IllegalArgumentException(
          "live source '" + name + "': allow at least 4096 bytes before judging a stream");
    }
  }

  /** A source with the defaults. */
  public static LiveStreamConfig of(String name, URI url) {
    return new LiveStreamConfig(
        name,
        url,
        Duration.ofMillis(500),
        Duration.ofSeconds(3),
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        Duration.ofMillis(500),
        Duration.ofSeconds(10),
        64 * 1024);
  }

  public LiveStreamConfig withBuffer(Duration prebuffer, Duration capacity) {
    return new LiveStreamConfig(
        name,
        url,
        prebuffer,
        capacity,
        connectTimeout,
        stallTimeout,
        firstRetry,
        maxRetry,
        maxBytesWithoutAudio);
  }

  public LiveStreamConfig withTimeouts(Duration connectTimeout, Duration stallTimeout) {
    return new LiveStreamConfig(
        name,
        url,
        prebuffer,
        capacity,
        connectTimeout,
        stallTimeout,
        firstRetry,
        maxRetry,
        maxBytesWithoutAudio);
  }

  public LiveStreamConfig withRetry(Duration firstRetry, Duration maxRetry) {
    return new LiveStreamConfig(
        name,
        url,
        prebuffer,
        capacity,
        connectTimeout,
        stallTimeout,
        firstRetry,
        maxRetry,
        maxBytesWithoutAudio);
  }

  /** The URL as logs and the console show it: without the password. */
  public String displayUrl() {
    return redacted(url);
  }

  static String redacted(URI url) {
    if (url.getRawUserInfo() == null) {
      return url.toString();
    }
    String user = url.getRawUserInfo().split(":", 2)[0];
    return url.toString().replace(url.getRawUserInfo() + "@", user + ":***@");
  }

  private static void positive(String name, String what, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "live source '" + name + "': the " + what + " must be a positive duration");
    }
  }
}
