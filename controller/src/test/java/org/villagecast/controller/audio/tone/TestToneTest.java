package org.villagecast.controller.audio.tone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.testing.SignalMeasurements;

class TestToneTest {
  private static final int RATE = PcmAudio.ENGINE_RATE;

  /** Verifies that the reference tone measures 1 kHz at −20 dBFS peak (−23.01 dBFS RMS). */
  @Test
  void reference_oneKilohertzAtMinus20Dbfs() {
    // GIVEN two seconds of the reference tone
    PcmAudio tone = TestTone.reference(Duration.ofSeconds(2));

    // WHEN it is measured away from the fades
    float[] x = tone.samples();
    int from = RATE / 10;
    int length = RATE;
    double frequency = SignalMeasurements.zeroCrossingFrequency(x, from, length, RATE);
    double amplitude = SignalMeasurements.amplitudeAt(x, from, length, 1_000, RATE);
    double rms = SignalMeasurements.rmsDbfs(x, from, length);

    // THEN frequency, peak level and RMS level are those of a −20 dBFS, 1 kHz sine
    assertThat(tone.sampleRate()).isEqualTo(48_000);
    assertThat(tone.length()).isEqualTo(96_000);
    assertThat(frequency).isCloseTo(1_000, within(0.05));
    assertThat(20 * Math.log10(amplitude)).isCloseTo(-20, within(0.05));
    assertThat(rms).isCloseTo(-23.01, within(0.05));
    assertThat(20 * Math.log10(SignalMeasurements.peak(x))).isCloseTo(-20, within(0.05));
  }

  /** Verifies that a tone is pure: harmonics and the mains hum band are 80 dB below it. */
  @Test
  void sine_noHarmonics() {
    // GIVEN a 440 Hz tone at −6 dBFS
    PcmAudio tone = TestTone.sine(440, -6, Duration.ofSeconds(1));

    // WHEN the fundamental and its harmonics are measured
    float[] x = tone.samples();
    int from = RATE / 10;
    int length = RATE / 2;
    double fundamental = SignalMeasurements.amplitudeAt(x, from, length, 440, RATE);

    // THEN each harmonic is at least 80 dB down
    assertThat(20 * Math.log10(fundamental)).isCloseTo(-6, within(0.05));
    for (int harmonic = 2; harmonic <= 5; harmonic++) {
      double level = SignalMeasurements.amplitudeAt(x, from, length, 440 * harmonic, RATE);
      assertThat(20 * Math.log10(level / fundamental)).as("harmonic %d", harmonic).isLessThan(-80);
    }
  }

  /** Verifies that frequencies across the band come out where asked, measured two ways. */
  @Test
  void sine_frequencySweep() {
    for (double hz : new double[] {50, 315.5, 1_000, 3_150, 12_000}) {
      // GIVEN a tone at hz
      float[] x = TestTone.sine(hz, -12, Duration.ofMillis(500)).samples();

      // WHEN its frequency is measured by zero crossings and by a Goertzel scan
      double byCrossings = SignalMeasurements.zeroCrossingFrequency(x, 4_800, 14_400, RATE);
      double byScan =
          SignalMeasurements.dominantFrequency(x, 4_800, 14_400, RATE, hz - 20, hz + 20, 0.5);

      // THEN both agree with the request
      assertThat(byCrossings).as("%s Hz by crossings", hz).isCloseTo(hz, within(hz * 1e-4));
      assertThat(byScan).as("%s Hz by scan", hz).isCloseTo(hz, within(1.0));
    }
  }

  /** Verifies that a tone starts and ends in silence with a ramp, so it does not click. */
  @Test
  void sine_fadesInAndOut() {
    // GIVEN a full-scale tone
    float[] x = TestTone.sine(1_000, 0, Duration.ofMillis(200)).samples();

    // WHEN its first and last milliseconds and its 10 ms mark are measured
    double startRms = SignalMeasurements.rmsDbfs(x, 0, 48);
    double endRms = SignalMeasurements.rmsDbfs(x, x.length - 48, 48);
    double fullRms = SignalMeasurements.rmsDbfs(x, 960, 480);

    // THEN the edges are at least 30 dB quieter than the body, and the body is at full level
    assertThat(Math.abs(x[0])).isLessThan(1e-3f);
    assertThat(Math.abs(x[x.length - 1])).isLessThan(1e-3f);
    assertThat(startRms).isLessThan(fullRms - 30);
    assertThat(endRms).isLessThan(fullRms - 30);
    assertThat(fullRms).isCloseTo(-3.01, within(0.05));
  }

  /** Verifies that a tone outside the audio band, above 0 dBFS or too short is refused. */
  @Test
  void sine_invalidArguments() {
    assertThatThrownBy(() -> TestTone.sine(10, -20, Duration.ofSeconds(1)))
        .hasMessageContaining("frequency 10.0 Hz");
    assertThatThrownBy(() -> TestTone.sine(1_000, 3, Duration.ofSeconds(1)))
        .hasMessageContaining("level 3.0 dBFS");
    assertThatThrownBy(() -> TestTone.sine(1_000, -20, Duration.ofMillis(5)))
        .hasMessageContaining("duration");
    assertThatThrownBy(() -> TestTone.sine(Double.NaN, -20, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
