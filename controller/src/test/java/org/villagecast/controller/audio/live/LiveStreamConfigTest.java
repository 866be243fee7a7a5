package org.villagecast.controller.audio.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LiveStreamConfigTest {
  /** Verifies the documented defaults. */
  @Test
  void of_defaults() {
    LiveStreamConfig config = LiveStreamConfig.of("radio", URI.create("http://10.0.0.5:8000/a"));
    assertThat(config.prebuffer()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.capacity()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.stallTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.firstRetry()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.maxRetry()).isEqualTo(Duration.ofSeconds(10));
  }

  /** Verifies that a URL the source cannot pull is refused at once, naming the source. */
  @Test
  void new_unsupportedUrl_refused() {
    assertThatThrownBy(() -> LiveStreamConfig.of("radio", URI.create("https://x/live.mp3")))
        .hasMessage(
            "live source 'radio': the URL must be http://host[:port]/path (https is not supported"
                + " yet), not https://x/live.mp3");
    assertThatThrownBy(() -> LiveStreamConfig.of("radio", URI.create("rtsp://u:pw@x/live")))
        .hasMessageEndingWith("not rtsp://u:***@x/live");
  }

  /** Verifies that a buffer without room for two prebuffers is refused. */
  @Test
  void withBuffer_tooSmall_refused() {
    LiveStreamConfig config = LiveStreamConfig.of("radio", URI.create("http://x/live"));
    assertThatThrownBy(() -> config.withBuffer(Duration.ofSeconds(1), Duration.ofMillis(1_500)))
        .hasMessageContaining("at least twice the prebuffer");
  }

  /** Verifies that the password is hidden and the user kept. */
  @Test
  void displayUrl_hidesPassword() {
    LiveStreamConfig config =
        LiveStreamConfig.of("radio", URI.create("http://relay:pa55@x:8000/live"));
    assertThat(config.displayUrl()).isEqualTo("http://relay:***@x:8000/live");
  }
}
