package org.villagecast.controller.audio.mix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DuckingSettingsTest {
  /** Verifies that the defaults bring the music back within the 3 s the issue asks for. */
  @Test
  void defaults_restoreWithinThreeSeconds() {
    // GIVEN the default settings
    DuckingSettings settings = DuckingSettings.defaults();
    // THEN they duck by 15 dB and hold plus release stay within 3 s
    assertThat(settings.depthDb()).isEqualTo(15);
    assertThat(settings.hold().plus(settings.release())).isLessThanOrEqualTo(Duration.ofSeconds(3));
  }

  /** Verifies that settings that would keep the music down longer than 3 s are refused. */
  @Test
  void constructor_holdPlusReleaseOverThreeSeconds_rejected() {
    // WHEN hold 1 s and release 2.5 s are asked for THEN they are refused, saying why
    assertThatThrownBy(
            () ->
                new DuckingSettings(
                    15, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMillis(2_500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 s");
  }

  /** Verifies that a negative or absurd depth is refused. */
  @Test
  void constructor_depthOutOfRange_rejected() {
    // WHEN −1 dB or 61 dB of ducking is asked for THEN it is refused
    assertThatThrownBy(() -> new DuckingSettings(-1, Duration.ZERO, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DuckingSettings(61, Duration.ZERO, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Verifies that an instant attack (a gain step, heard as a click) is refused when ducking. */
  @Test
  void constructor_attackUnderFiveMs_rejected() {
    // WHEN a 15 dB duck with a 1 ms attack is asked for THEN it is refused
    assertThatThrownBy(
            () ->
                new DuckingSettings(
                    15, Duration.ofMillis(1), Duration.ZERO, Duration.ofMillis(500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 ms");
    // AND ducking switched off needs no ramps at all
    assertThat(DuckingSettings.off().depthDb()).isZero();
  }
}
