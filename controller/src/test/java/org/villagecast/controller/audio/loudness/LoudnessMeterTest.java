package org.villagecast.controller.audio.loudness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.audio.Ffmpeg;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.TestSignals;

/**
 * Integrated loudness and true peak against ffmpeg's {@code ebur128} filter on the same samples
 * (written as a 32-bit float WAV): within 0.5 LU and 0.5 dB.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoudnessMeterTest {
  @TempDir Path dir;

  private void assertAgreesWithFfmpeg(PcmAudio audio) throws Exception {
    Ffmpeg.Ebur128 reference = Ffmpeg.ebur128(dir, audio);
    double ours = LoudnessMeter.integratedLoudness(audio);
    assertThat(ours)
        .as("integrated loudness, LUFS")
        .isCloseTo(reference.integratedLufs(), offset(0.5));
    assertThat(TruePeakMeter.truePeakDbtp(audio))
        .as("true peak, dBTP")
        .isCloseTo(reference.truePeakDbtp(), offset(0.5));
  }

  /** Verifies the analytic value: a 997 Hz sine of peak −20 dBFS reads −23.0 LUFS (mono). */
  @Test
  void integrated_sine_analytic() {
    // GIVEN a 997 Hz tone at 48 kHz whose RMS is −23.01 dBFS; K-weighting adds +0.69 dB at 1 kHz,
    // which the −0.691 of BS.1770 cancels
    PcmAudio tone = new PcmAudio(48_000, TestSignals.sine(48_000, 10, 997, 0.1));
    // THEN it reads −23.0 LUFS
    assertThat(LoudnessMeter.integratedLoudness(tone)).isCloseTo(-23.0, offset(0.05));
    assertThat(TruePeakMeter.truePeakDbtp(tone)).isCloseTo(-20.0, offset(0.05));
  }

  /** Verifies sines at several rates against ffmpeg. */
  @Test
  void integrated_sine_matchesFfmpeg() throws Exception {
    assertAgreesWithFfmpeg(faded(48_000, TestSignals.sine(48_000, 5, 1_000, 0.3)));
    assertAgreesWithFfmpeg(faded(44_100, TestSignals.sine(44_100, 5, 100, 0.5)));
    assertAgreesWithFfmpeg(faded(8_000, TestSignals.sine(8_000, 5, 2_500, 0.2)));
  }

  /** Verifies pink noise at 48 and 44.1 kHz against ffmpeg. */
  @Test
  void integrated_pinkNoise_matchesFfmpeg() throws Exception {
    assertAgreesWithFfmpeg(new PcmAudio(48_000, TestSignals.pinkNoise(48_000, 10, 1, -20)));
    assertAgreesWithFfmpeg(new PcmAudio(44_100, TestSignals.pinkNoise(44_100, 10, 2, -30)));
  }

  /** Verifies speech-like bursts with pauses (gating at work) at 48 and 22.05 kHz. */
  @Test
  void integrated_speechLike_matchesFfmpeg() throws Exception {
    assertAgreesWithFfmpeg(new PcmAudio(48_000, TestSignals.speechLike(48_000, 20, 3, 0.8)));
    assertAgreesWithFfmpeg(new PcmAudio(22_050, TestSignals.speechLike(22_050, 20, 4, 0.3)));
  }

  /**
   * Verifies the relative gate: 10 s of quiet noise (−45 dBFS) then 10 s of loud noise (−15 dBFS)
   * read as the loud part, as ffmpeg says, and far from the ungated average.
   */
  @Test
  void integrated_quietAndLoud_relativeGate() throws Exception {
    // GIVEN quiet then loud pink noise
    float[] quiet = TestSignals.pinkNoise(48_000, 10, 5, -45);
    float[] loud = TestSignals.pinkNoise(48_000, 10, 6, -15);
    PcmAudio both = new PcmAudio(48_000, TestSignals.concat(quiet, loud));
    double loudOnly = LoudnessMeter.integratedLoudness(new PcmAudio(48_000, loud));
    // WHEN measured THEN the quiet half is gated out (reads like the loud half alone)
    double measured = LoudnessMeter.integratedLoudness(both);
    assertThat(measured).isCloseTo(loudOnly, offset(0.2));
    // AND an ungated mean would be 3 LU lower, so the test can tell gating from no gating
    assertThat(loudOnly - ungated(both)).isGreaterThan(2.5);
    assertAgreesWithFfmpeg(both);
  }

  /** Verifies the absolute gate: −80 LUFS stretches are ignored; silence alone reads −∞. */
  @Test
  void integrated_absoluteGate() throws Exception {
    float[] faint = TestSignals.pinkNoise(48_000, 10, 7, -82);
    float[] normal = TestSignals.pinkNoise(48_000, 5, 8, -25);
    PcmAudio both = new PcmAudio(48_000, TestSignals.concat(faint, normal));
    // (the three blocks that straddle the change pull it down a little; ungated, the faint ten
    // seconds would pull it down by 4.7 LU)
    assertThat(LoudnessMeter.integratedLoudness(both))
        .isCloseTo(LoudnessMeter.integratedLoudness(new PcmAudio(48_000, normal)), offset(0.3));
    assertAgreesWithFfmpeg(both);
    assertThat(LoudnessMeter.integratedLoudness(new PcmAudio(48_000, new float[48_000])))
        .isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(LoudnessMeter.integratedLoudness(new PcmAudio(48_000, faint)))
        .isEqualTo(Double.NEGATIVE_INFINITY);
  }

  /** Verifies that the result does not depend on how the audio is cut into chunks. */
  @Test
  void integrated_chunkingIrrelevant() {
    float[] speech = TestSignals.speechLike(11_025, 8, 9, 0.5);
    double whole = LoudnessMeter.integratedLoudness(new PcmAudio(11_025, speech));
    LoudnessMeter meter = new LoudnessMeter(11_025);
    java.util.Random random = new java.util.Random(10);
    int at = 0;
    while (at < speech.length) {
      int length = Math.min(speech.length - at, 1 + random.nextInt(3000));
      meter.accept(speech, at, length);
      at += length;
    }
    assertThat(meter.integratedLufs()).isEqualTo(whole);
    assertThat(meter.blocks()).isEqualTo(77); // 8 s: blocks start every 100 ms, 400 ms long
  }

  /**
   * Verifies true peak between samples: a 12 kHz tone at 48 kHz with its samples at ±0.707 of its
   * amplitude reads its real peak, 3 dB above the sample peak.
   */
  @Test
  void truePeak_interSample_matchesFfmpeg() throws Exception {
    float[] samples = new float[48_000 * 3];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (0.5 * Math.sin(Math.PI / 2 * i + Math.PI / 4));
    }
    PcmAudio tone = faded(48_000, samples);
    assertThat(TruePeakMeter.truePeakDbtp(tone)).isCloseTo(-6.02, offset(0.1));
    assertThat(TruePeakMeter.toDb(0.5 * Math.sqrt(0.5))).isCloseTo(-9.03, offset(0.01));
    assertAgreesWithFfmpeg(tone);
  }

  /** Fades of 50 ms: a tone that starts abruptly really has a higher true peak (ringing). */
  private static PcmAudio faded(int rate, float[] samples) {
    return new PcmAudio(rate, TestSignals.faded(samples, rate, 0.05));
  }

  private static double ungated(PcmAudio audio) {
    KWeightingFilter filter = new KWeightingFilter(audio.sampleRate());
    double sum = 0;
    for (float sample : audio.samples()) {
      double value = filter.process(sample);
      sum += value * value;
    }
    return LoudnessMeter.lufs(sum / audio.length());
  }
}
