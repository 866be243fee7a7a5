package org.villagecast.controller.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.villagecast.controller.api.AudioServices;
import org.villagecast.controller.audio.decode.DecodeLimits;
import org.villagecast.controller.audio.speech.EspeakConfig;
import org.villagecast.controller.broadcast.BroadcastConfig;
import org.villagecast.controller.delivery.DeliveryConfig;
import org.villagecast.controller.registry.TerminalDefaults;

/**
 * The hub's settings. Each key has a default that makes a first run work on one machine (every
 * listener on loopback); a properties file ({@code --config FILE}) overrides the defaults, and
 * environment variables ({@code VILLAGECAST_} + the key in capitals with '.' as '_', e.g. {@code
 * VILLAGECAST_HTTP_PORT}) override the file. docs/configuration.md lists every key.
 */
public record HubConfig(
    Path dataDir,
    String httpHost,
    int httpPort,
    String brokerUrl,
    String brokerHost,
    int brokerPort,
    boolean brokerPersistent,
    String brokerUsername,
    String brokerPassword,
    String topicsPrefix,
    String hubGroup,
    String storeUrl,
    String storeUser,
    String storePassword,
    TerminalDefaults terminals,
    DeliveryConfig delivery,
    Duration sessionLifetime,
    int demoTerminals,
    DecodeLimits clipLimits,
    EspeakConfig espeak,
    int audioJobs,
    BroadcastConfig broadcast) {

  /** Every key with its default ("" = none). */
  public static final Map<String, String> DEFAULTS = defaults();

  private static Map<String, String> defaults() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("data.dir", "./data");
    d.put("http.host", "127.0.0.1");
    d.put("http.port", "8080");
    d.put("broker.url", "");
    d.put("broker.host", "127.0.0.1");
    d.put("broker.port", "1883");
    d.put("broker.persistence", "file");
    d.put("broker.username", "");
    d.put("broker.password", "");
    d.put("topics.prefix", "vc");
    d.put("hub.group", "");
    d.put("store.url", "");
    d.put("store.user", "");
    d.put("store.password", "");
    d.put("terminal.heartbeat", "60s");
    d.put("terminal.quiet-start", "22:00");
    d.put("terminal.quiet-end", "06:00");
    d.put("terminal.utc-offset", "480");
    d.put("delivery.deadline", "120s");
    d.put("delivery.first-retry", "3s");
    d.put("delivery.max-retry-delay", "30s");
    d.put("api.session-lifetime", "12h");
    d.put("demo.terminals", "200");
    d.put("broadcast.start-lead", "4s");
    d.put("broadcast.audio-lead", "2s");
    d.put("broadcast.loudness-target", "-16");
    d.put("clips.max-upload-mb", "50");
    d.put("clips.max-duration", "10m");
    d.put("tts.espeak-ng", "espeak-ng");
    d.put("api.audio-jobs", Integer.toString(AudioServices.DEFAULT_JOBS_AT_ONCE));
    return Map.copyOf(d);
  }

  /** Whether the hub starts its own broker (no broker.url given). */
  public boolean embeddedBroker() {
    return brokerUrl == null;
  }

  /** The broker the hub's link connects to. */
  public String effectiveBrokerUrl() {
    return embeddedBroker() ? "tcp://" + brokerHost + ":" + brokerPort : brokerUrl;
  }

  /** The JDBC URL: store.url, or an H2 file database under the data directory. */
  public String effectiveStoreUrl() {
    if (storeUrl != null) {
      return storeUrl;
    }
    return org.villagecast.controller.store.Database.h2FileUrl(
        dataDir.toAbsolutePath().resolve("villagecast"));
  }

  /** Reads the file (may be null), then the environment, over the defaults. */
  public static HubConfig load(Path file, Map<String, String> environment) {
    Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
    if (file != null) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read the configuration file " + file + ": " + e.getMessage());
      }
      for (String key : properties.stringPropertyNames()) {
        if (!DEFAULTS.containsKey(key)) {
          throw new IllegalArgumentException(
              "unknown key '"
                  + key
                  + "' in "
                  + file
                  + "; known keys: "
                  + new TreeSet<>(DEFAULTS.keySet()));
        }
        values.put(key, properties.getProperty(key).trim());
      }
    }
    for (String key : DEFAULTS.keySet()) {
      String value = environment.get(environmentName(key));
      if (value != null) {
        values.put(key, value.trim());
      }
    }
    return from(values);
  }

  /**
   * The environment variable that sets a key: VILLAGECAST_ + key, upper case, '.' and '-' as '_'.
   */
  public static String environmentName(String key) {
    return "VILLAGECAST_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** A copy with another data directory (the demo keeps its own). */
  public HubConfig withDataDir(Path dir) {
    return new HubConfig(
        dir,
        httpHost,
        httpPort,
        brokerUrl,
        brokerHost,
        brokerPort,
        brokerPersistent,
        brokerUsername,
        brokerPassword,
        topicsPrefix,
        hubGroup,
        storeUrl,
        storeUser,
        storePassword,
        terminals,
        delivery,
        sessionLifetime,
        demoTerminals,
        clipLimits,
        espeak,
        audioJobs,
        broadcast);
  }

  private static HubConfig from(Map<String, String> v) {
    int heartbeat = (int) duration(v, "terminal.heartbeat").toSeconds();
    if (heartbeat < 1 || heartbeat > 3600) {
      throw new IllegalArgumentException(
          "terminal.heartbeat must be 1s..3600s, not " + v.get("terminal.heartbeat"));
    }
    int utcOffset = integer(v, "terminal.utc-offset", -720, 840);
    return new HubConfig(
        Path.of(v.get("data.dir")),
        v.get("http.host"),
        integer(v, "http.port", 0, 65535),
        blankToNull(v.get("broker.url")),
        v.get("broker.host"),
        integer(v, "broker.port", 1, 65535),
        persistence(v.get("broker.persistence")),
        blankToNull(v.get("broker.username")),
        blankToNull(v.get("broker.password")),
        v.get("topics.prefix"),
        blankToNull(v.get("hub.group")),
        blankToNull(v.get("store.url")),
        blankToNull(v.get("store.user")),
        blankToNull(v.get("store.password")),
        new TerminalDefaults(
            heartbeat,
            minuteOfDay(v, "terminal.quiet-start"),
            minuteOfDay(v, "terminal.quiet-end"),
            utcOffset),
        new DeliveryConfig(
            duration(v, "delivery.deadline"),
            duration(v, "delivery.first-retry"),
            duration(v, "delivery.max-retry-delay")),
        duration(v, "api.session-lifetime"),
        integer(v, "demo.terminals", 1, 20_000),
        clipLimits(v),
        espeak(v.get("tts.espeak-ng")),
        integer(v, "api.audio-jobs", 1, 64),
        broadcast(v));
  }

  private static BroadcastConfig broadcast(Map<String, String> v) {
    Duration startLead = duration(v, "broadcast.start-lead");
    Duration audioLead = duration(v, "broadcast.audio-lead");
    if (audioLead.compareTo(Duration.ofMillis(200)) < 0 || audioLead.compareTo(startLead) > 0) {
      throw new IllegalArgumentException(
          "broadcast.audio-lead must be at least 200ms and at most broadcast.start-lead, not "
              + v.get("broadcast.audio-lead"));
    }
    int target = integer(v, "broadcast.loudness-target", -40, -5);
    BroadcastConfig d = BroadcastConfig.defaults();
    return new BroadcastConfig(
        startLead,
        audioLead,
        d.endMargin(),
        d.resumeDelay(),
        d.framesPerMessage(),
        d.opus(),
        d.ducking(),
        target,
        d.mixCeilingDbtp());
  }

  private static EspeakConfig espeak(String executable) {
    if (executable.isBlank()) {
      throw new IllegalArgumentException(
          "tts.espeak-ng must name the espeak-ng program (a name on the PATH or a path)");
    }
    return EspeakConfig.DEFAULT.withExecutable(executable);
  }

  private static DecodeLimits clipLimits(Map<String, String> v) {
    Duration longest = duration(v, "clips.max-duration");
    if (longest.compareTo(Duration.ofSeconds(1)) < 0
        || longest.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "clips.max-duration must be 1s..1h, not " + v.get("clips.max-duration"));
    }
    return new DecodeLimits((long) integer(v, "clips.max-upload-mb", 1, 1024) << 20, longest);
  }

  private static boolean persistence(String value) {
    return switch (value) {
      case "file" -> true;
      case "memory" -> false;
      default ->
          throw new IllegalArgumentException(
              "broker.persistence must be file or memory, not '" + value + "'");
    };
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static int integer(Map<String, String> v, String key, int min, int max) {
    try {
      int value = Integer.parseInt(v.get(key));
      if (value < min || value > max) {
        throw new IllegalArgumentException(key + " must be " + min + ".." + max + ", not " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, not '" + v.get(key) + "'");
    }
  }

  private static final Set<String> UNITS = Set.of("ms", "s", "m", "h");

  /** "250ms", "30s", "5m", "12h". */
  static Duration duration(Map<String, String> v, String key) {
    String text = v.get(key);
    String unit = text.replaceAll("^[0-9]+", "");
    String number = text.substring(0, text.length() - unit.length());
    if (number.isEmpty() || !UNITS.contains(unit)) {
      throw new IllegalArgumentException(
          key + " must be a number with a unit (ms, s, m, h), e.g. 30s, not '" + text + "'");
    }
    long n = Long.parseLong(number);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  private static int minuteOfDay(Map<String, String> v, String key) {
    try {
      LocalTime time = LocalTime.parse(v.get(key));
      return time.getHour() * 60 + time.getMinute();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          key + " must be a time of day like 22:00, not '" + v.get(key) + "'");
    }
  }
}
