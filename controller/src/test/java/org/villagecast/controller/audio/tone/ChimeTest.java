package org.villagecast.controller.audio.tone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.testing.SignalMeasurements;

class ChimeTest {
  private static final int RATE = PcmAudio.ENGINE_RATE;

  /** Verifies that each note of the four-tone chime sounds at its pitch, in order. */
  @Test
  void fourTone_notesInOrder() {
    // GIVEN the four-tone chime
    Chime chime = Chime.fourTone();
    float[] x = chime.render().samples();
    int spacing = 450 * RATE / 1000;

    for (int n = 0; n < 4; n++) {
      // WHEN the 150 ms after each strike (from 20 ms on) is scanned from 300 Hz to 1.5 kHz
      int from = n * spacing + RATE / 50;
      double found =
          SignalMeasurements.dominantFrequency(x, from, RATE * 15 / 100, RATE, 300, 1_500, 1);

      // THEN the strongest component is that note's fundamental
      assertThat(found).as("note %d", n).isCloseTo(chime.notesHz().get(n), within(2.0));
    }
  }

  /** Verifies that the two-tone chime goes E5 then C5 and lasts spacing + ring. */
  @Test
  void twoTone_dingDong() {
    // GIVEN the two-tone chime
    PcmAudio audio = Chime.twoTone().render();
    float[] x = audio.samples();

    // WHEN its two notes are measured
    double first = SignalMeasurements.dominantFrequency(x, 960, 7_200, RATE, 300, 1_500, 1);
    double second =
        SignalMeasurements.dominantFrequency(x, 28_800 + 960, 7_200, RATE, 300, 1_500, 1);

    // THEN they are E5 and C5, and the chime is 0.6 + 1.5 s long
    assertThat(first).isCloseTo(659.25, within(2.0));
    assertThat(second).isCloseTo(523.25, within(2.0));
    assertThat(audio.duration()).isEqualTo(Duration.ofMillis(2_100));
  }

  /** Verifies that the chime peaks at its level and starts and ends silently, without a click. */
  @Test
  void render_peakAndSmoothEdges() {
    // GIVEN a chime at −3 dBFS
    float[] x = Chime.fourTone().render().samples();

    // WHEN its peak and edges are measured
    double peakDbfs = 20 * Math.log10(SignalMeasurements.peak(x));
    double firstHalfMillisecond = SignalMeasurements.rmsDbfs(x, 0, 24);
    double atTenMilliseconds = SignalMeasurements.rmsDbfs(x, 480, 240);

    // THEN the peak is −3 dBFS, the attack rises over milliseconds and the end is silent
    assertThat(peakDbfs).isCloseTo(-3, within(0.01));
    assertThat(firstHalfMillisecond).isLessThan(atTenMilliseconds - 20);
    assertThat(Math.abs(x[0])).isLessThan(1e-3f);
    assertThat(Math.abs(x[x.length - 1])).isLessThan(1e-4f);
    // A click is broadband: nothing near 15 kHz, far above the highest partial (3.1 kHz).
    double highBand = SignalMeasurements.amplitudeAt(x, 0, x.length, 15_000, RATE);
    assertThat(20 * Math.log10(highBand)).isLessThan(-90);
  }

  /** Verifies that notes decay: the last note is well down one second after its strike. */
  @Test
  void render_notesDecay() {
    // GIVEN the two-tone chime
    float[] x = Chime.twoTone().render().samples();

    // WHEN the last note is measured just after its strike and a second later
    double early = SignalMeasurements.amplitudeAt(x, 28_800 + 960, 4_800, 523.25, RATE);
    double late = SignalMeasurements.amplitudeAt(x, 28_800 + 48_000, 4_800, 523.25, RATE);

    // THEN it has fallen by at least 20 dB
    assertThat(20 * Math.log10(late / early)).isLessThan(-20);
  }

  /** Verifies that a chime without notes, or with a note outside 100 Hz-4 kHz, is refused. */
  @Test
  void chime_invalidNotes() {
    assertThatThrownBy(
            () -> new Chime(List.of(), Duration.ofMillis(400), Duration.ofSeconds(1), -3))
        .hasMessageContaining("1-8 notes");
    assertThatThrownBy(
            () -> new Chime(List.of(50.0), Duration.ofMillis(400), Duration.ofSeconds(1), -3))
        .hasMessageContaining("note 50.0 Hz");
    assertThatThrownBy(
            () -> new Chime(List.of(500.0), Duration.ofMillis(400), Duration.ofSeconds(1), 2))
        .hasMessageContaining("peak");
  }
}
