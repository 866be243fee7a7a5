package org.villagecast.controller.audio.mix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.audio.Ffmpeg;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.TestSignals;
import org.villagecast.controller.audio.loudness.LoudnessNormalizer;
import org.villagecast.controller.audio.loudness.NormalizedAudio;
import org.villagecast.controller.audio.loudness.TruePeakMeter;
import org.villagecast.controller.audio.testing.SignalMeasurements;
import org.villagecast.controller.audio.tone.Chime;
import org.villagecast.controller.audio.tone.TestTone;

/**
 * The mixer's output, measured the way an analyser would (RMS and Goertzel levels in windows,
 * sample-to-sample steps, the true-peak meter, ffmpeg's {@code ebur128}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ProgrammeMixerTest {
  private static final int RATE = PcmAudio.ENGINE_RATE;
  private static final double MUSIC_HZ = 200;
  private static final double NOTICE_HZ = 2_000;

  @TempDir Path dir;

  private static int at(double seconds) {
    return (int) Math.round(seconds * RATE);
  }

  private static Duration seconds(double seconds) {
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  /** Music amplitude in a 100 ms window from {@code seconds}, by a Goertzel filter at 200 Hz. */
  private static double musicDbAt(float[] x, double seconds) {
    return TruePeakMeter.toDb(
        SignalMeasurements.amplitudeAt(x, at(seconds), RATE / 10, MUSIC_HZ, RATE));
  }

  private static double rmsDbAt(float[] x, double seconds, double windowSeconds) {
    return SignalMeasurements.rmsDbfs(x, at(seconds), at(windowSeconds));
  }

  /** 20 s of a 200 Hz bed at −20 dBFS with a 6 s notice (2 kHz, −12 dBFS) from 5 s, no chime. */
  private static Programme musicUnderNotice(PcmAudio notice) {
    PcmAudio music = TestTone.sine(MUSIC_HZ, -20, Duration.ofSeconds(20));
    return Programme.of(
        List.of(ProgrammeItem.of(music)),
        Duration.ZERO,
        List.of(ProgrammeItem.of(notice)),
        Duration.ofSeconds(5));
  }

  private static PcmAudio sixSecondNotice() {
    return TestTone.sine(NOTICE_HZ, -12, Duration.ofSeconds(6));
  }

  /** Verifies that music under a notice is lowered by the configured depth, within 1 dB. */
  @Test
  void duck_lowersMusicByDepth() {
    // GIVEN a music bed and a notice from 5 s to 11 s, ducked by 15 dB
    DuckingSettings ducking = DuckingSettings.defaults();
    // WHEN the programme is rendered
    float[] out =
        new ProgrammeMixer(musicUnderNotice(sixSecondNotice()), ducking, limiter())
            .renderRest()
            .samples();
    // THEN before the notice the music is at its level (sine at −20 dBFS peak: RMS −23 dBFS)
    double before = rmsDbAt(out, 2, 2);
    assertThat(before).isCloseTo(-23.01, within(0.1));
    double musicBefore = musicDbAt(out, 2);
    // AND all through the notice the music component is 15 dB lower (±1 dB), window by window
    for (double t = 5.0; t < 10.9; t += 0.1) {
      assertThat(musicDbAt(out, t) - musicBefore)
          .as("music at %.1f s", t)
          .isCloseTo(-ducking.depthDb(), within(1.0));
    }
  }

  /**
   * Verifies that after the notice the music is held down for the hold time, then back at its level
   * (±1 dB, RMS in windows) once hold and release have passed: within 3 s of the end.
   */
  @Test
  void duck_restoresMusicWithinRelease() {
    // GIVEN the notice ending at 11 s, default ducking (hold 0.5 s, release 1.5 s)
    DuckingSettings ducking = DuckingSettings.defaults();
    // WHEN rendered
    float[] out =
        new ProgrammeMixer(musicUnderNotice(sixSecondNotice()), ducking, limiter())
            .renderRest()
            .samples();
    double before = rmsDbAt(out, 2, 2);
    double end = 11;
    // THEN during the hold the music is still down
    assertThat(rmsDbAt(out, end + 0.05, 0.3)).isLessThan(before - ducking.depthDb() + 1);
    // AND it is back at its level once hold + release have passed, and stays there
    double restored = end + 0.5 + 1.5;
    assertThat(restored - end).isLessThanOrEqualTo(3.0);
    for (double t = restored; t < 19.5; t += 0.1) {
      assertThat(rmsDbAt(out, t, 0.1)).as("music at %.1f s", t).isCloseTo(before, within(1.0));
    }
  }

  /**
   * Verifies that ducking changes the gain smoothly: with an inaudible notice over the music bed,
   * no sample of the output steps further from its neighbour than the undisturbed music does.
   */
  @Test
  void duck_gainChangesWithoutClicks() {
    // GIVEN a bed under a notice at −90 dBFS (it sounds, so it ducks, but adds nothing)
    PcmAudio whisper = TestTone.sine(NOTICE_HZ, -90, Duration.ofSeconds(6));
    // WHEN rendered with a fast 10 ms attack and 100 ms release
    DuckingSettings fast =
        new DuckingSettings(20, Duration.ofMillis(10), Duration.ZERO, Duration.ofMillis(100));
    float[] out =
        new ProgrammeMixer(musicUnderNotice(whisper), fast, limiter()).renderRest().samples();
    // THEN the largest step is about that of the bed itself (amplitude 0.1 at 200 Hz): the gain's
    // own slope adds under 2 %, where a 20 dB step at a crest would be some 35 times the bed's
    double bedStep = 0.1 * 2 * Math.PI * MUSIC_HZ / RATE;
    assertThat(largestStep(out, 0, out.length)).isLessThanOrEqualTo(bedStep * 1.05);
    // AND the bed did go down by 20 dB under the notice
    assertThat(rmsDbAt(out, 2, 1) - rmsDbAt(out, 7, 1)).isCloseTo(20, within(0.5));
  }

  /** Verifies that the chime sounds first, then a silent gap, then the notice. */
  @Test
  void chime_precedesNotice() {
    // GIVEN a notice with a chime at 1 s, no music
    PcmAudio notice = TestTone.sine(3_000, -12, Duration.ofSeconds(3));
    PcmAudio chime = Chime.twoTone().render();
    Programme programme =
        Programme.of(
            List.of(), Duration.ZERO, List.of(ProgrammeItem.withChime(notice)), seconds(1));
    // WHEN rendered
    float[] out = new ProgrammeMixer(programme).renderRest().samples();
    // THEN nothing sounds before 1 s
    assertThat(SignalMeasurements.peak(Arrays.copyOf(out, at(1)))).isZero();
    // AND the chime's first note (E5) sounds from 1 s, without the notice's tone
    assertThat(amplitudeDb(out, 1.02, 659.25)).isGreaterThan(-20);
    assertThat(amplitudeDb(out, 1.02, 3_000)).isLessThan(-80);
    // AND the notice begins where the chime and its gap end, not before
    double noticeStart = 1 + chime.length() / (double) RATE + 0.3;
    assertThat(firstSampleAbove(out, at(1 + chime.length() / (double) RATE), 1e-4) / (double) RATE)
        .isCloseTo(noticeStart, within(0.002));
    assertThat(amplitudeDb(out, noticeStart + 0.05, 3_000)).isCloseTo(-12, within(0.5));
    assertThat(out.length).isEqualTo(at(1) + chime.length() + at(0.3) + notice.length());
  }

  /**
   * Verifies that consecutive music items crossfade without a gap or a jump: two tones of the same
   * level overlapping by 2 s keep their level (±1 dB in 50 ms windows) and no sample steps further
   * than the two tones together can.
   */
  @Test
  void crossfade_noGapOrJump() {
    // GIVEN two 4 s tones at −12 dBFS and a 2 s crossfade
    PcmAudio first = TestTone.sine(440, -12, Duration.ofSeconds(4));
    PcmAudio second = TestTone.sine(660, -12, Duration.ofSeconds(4));
    Programme programme =
        Programme.of(
            List.of(ProgrammeItem.of(first), ProgrammeItem.of(second)),
            Duration.ofSeconds(2),
            List.of(),
            Duration.ZERO);
    // WHEN rendered
    float[] out = new ProgrammeMixer(programme).renderRest().samples();
    // THEN the two overlap: 6 s in all
    assertThat(out.length).isEqualTo(at(6));
    // AND the level stays at the tones' RMS (−15 dBFS) through the fade, window by window
    for (double t = 0.05; t < 5.9; t += 0.05) {
      assertThat(rmsDbAt(out, t, 0.05)).as("level at %.2f s", t).isCloseTo(-15.01, within(1.0));
    }
    // AND no sample jumps: steps stay within what the two tones' slopes allow
    double amplitude = Math.pow(10, -12 / 20.0);
    double slopes = amplitude * 2 * Math.PI * (440 + 660) / RATE;
    assertThat(largestStep(out, 0, out.length)).isLessThanOrEqualTo(slopes);
    // AND mid-fade both tones are there at equal power (−3 dB each)
    assertThat(amplitudeDb(out, 2.95, 440)).isCloseTo(-15, within(0.5));
    assertThat(amplitudeDb(out, 2.95, 660)).isCloseTo(-15, within(0.5));
  }

  /**
   * Verifies that a crossfade between two noise beds (unrelated, like two songs) keeps the level
   * within 1 dB, measured by RMS in 200 ms windows.
   */
  @Test
  void crossfade_noiseBeds_levelSteady() {
    // GIVEN two 8 s noise beds at −20 dBFS RMS and a 3 s crossfade
    PcmAudio first = whiteNoise(8, 31, -20);
    PcmAudio second = whiteNoise(8, 32, -20);
    Programme programme =
        Programme.of(
            List.of(ProgrammeItem.of(first), ProgrammeItem.of(second)),
            Duration.ofSeconds(3),
            List.of(),
            Duration.ZERO);
    // WHEN rendered
    float[] out = new ProgrammeMixer(programme).renderRest().samples();
    // THEN the beds overlap by 3 s and the level holds through the whole programme
    assertThat(out.length).isEqualTo(at(13));
    for (double t = 0; t < 12.8; t += 0.2) {
      assertThat(rmsDbAt(out, t, 0.2)).as("level at %.1f s", t).isCloseTo(-20, within(1.0));
    }
  }

  /**
   * Verifies that a crossfade longer than half an item is shortened to half the shorter item, so
   * that no more than two items ever overlap.
   */
  @Test
  void crossfade_longerThanHalfAnItem_shortened() {
    // GIVEN beds of 5 s and 4 s and a 3 s crossfade
    PcmAudio first = whiteNoise(5, 33, -20);
    PcmAudio second = whiteNoise(4, 34, -20);
    Programme programme =
        Programme.of(
            List.of(ProgrammeItem.of(first), ProgrammeItem.of(second)),
            Duration.ofSeconds(3),
            List.of(),
            Duration.ZERO);
    // WHEN rendered
    float[] out = new ProgrammeMixer(programme).renderRest().samples();
    // THEN they overlap by 2 s (half the 4 s item) and the level still holds
    assertThat(out.length).isEqualTo(at(7));
    for (double t = 0; t < 6.8; t += 0.2) {
      assertThat(rmsDbAt(out, t, 0.2)).as("level at %.1f s", t).isCloseTo(-20, within(1.0));
    }
  }

  /**
   * Verifies that rendering in 20 ms blocks, or in blocks of random sizes, gives exactly the
   * samples of one long render, with crossfades, chimes, ducking and limiting all at work.
   */
  @Test
  void render_blockwiseEqualsOneRender() {
    // GIVEN a loud programme (the limiter works) with every feature
    Programme programme = busyProgramme();
    float[] whole = new ProgrammeMixer(programme).renderRest().samples();
    // WHEN it is rendered 960 samples at a time
    ProgrammeMixer blocks = new ProgrammeMixer(programme);
    float[] byBlocks = new float[whole.length];
    for (int at = 0; at < whole.length; at += ProgrammeMixer.BLOCK_SAMPLES) {
      float[] block = blocks.nextBlock();
      System.arraycopy(block, 0, byBlocks, at, Math.min(block.length, whole.length - at));
    }
    // AND in seeded random sizes from 1 to 5000 samples
    ProgrammeMixer random = new ProgrammeMixer(programme);
    float[] byRandom = new float[whole.length];
    Random sizes = new Random(42);
    int at = 0;
    while (at < whole.length) {
      int size = Math.min(whole.length - at, 1 + sizes.nextInt(5_000));
      random.render(byRandom, at, size);
      at += size;
    }
    // THEN all three are the same, sample for sample
    assertThat(byBlocks).isEqualTo(whole);
    assertThat(byRandom).isEqualTo(whole);
    assertThat(random.finished()).isTrue();
  }

  /**
   * Verifies that past the end of the programme the mixer reports it finished and gives silence.
   */
  @Test
  void render_pastEnd_finishedAndSilent() {
    // GIVEN a 1 s notice starting at 0.5 s
    PcmAudio notice = TestTone.sine(1_000, -6, Duration.ofSeconds(1));
    ProgrammeMixer mixer =
        new ProgrammeMixer(
            Programme.of(
                List.of(), Duration.ZERO, List.of(ProgrammeItem.of(notice)), seconds(0.5)));
    // WHEN it is rendered in 20 ms blocks up to its length
    assertThat(mixer.lengthSamples()).isEqualTo(at(1.5));
    int blocks = 0;
    while (!mixer.finished()) {
      mixer.nextBlock();
      blocks++;
    }
    // THEN that took 1.5 s of blocks, and the blocks after it are silent
    assertThat(blocks).isEqualTo(at(1.5) / ProgrammeMixer.BLOCK_SAMPLES);
    assertThat(SignalMeasurements.peak(mixer.nextBlock())).isZero();
    assertThat(mixer.position()).isEqualTo(at(1.5) + ProgrammeMixer.BLOCK_SAMPLES);
  }

  /**
   * Verifies that the output never exceeds the −1 dBTP ceiling, by the true-peak meter, when music
   * and notice together would go far above it.
   */
  @Test
  void limiter_outputUnderTruePeakCeiling() {
    // GIVEN a programme whose music alone peaks above 0 dBTP
    Programme programme = busyProgramme();
    assertThat(TruePeakMeter.truePeakDbtp(programme.background().get(0).audio())).isGreaterThan(0);
    // WHEN rendered
    PcmAudio out = new ProgrammeMixer(programme).renderRest();
    // THEN its true peak is at or below −1 dBTP
    assertThat(TruePeakMeter.truePeakDbtp(out)).isLessThanOrEqualTo(-1.0);
  }

  /**
   * Verifies the loudness of a rendered notice programme as ffmpeg's ebur128 measures it: a notice
   * normalised to −16 LUFS, after its chime, over a ducked music bed, reads within ±1 LU of −16
   * LUFS and at or below −1 dBTP.
   */
  @Test
  void loudness_renderedNotice_ffmpegWithinOneLu() throws Exception {
    // GIVEN a speech-like notice normalised to −16 LUFS and a quiet music bed
    LoudnessNormalizer normalizer = new LoudnessNormalizer();
    NormalizedAudio notice =
        normalizer.normalize(new PcmAudio(RATE, TestSignals.speechLike(RATE, 20, 7, 0.2)));
    PcmAudio music = new PcmAudio(RATE, TestSignals.musicLike(RATE, 30, 8));
    Programme programme =
        Programme.of(
            List.of(ProgrammeItem.of(new PcmAudio(RATE, TestSignals.gain(music.samples(), -14)))),
            Duration.ZERO,
            List.of(ProgrammeItem.withChime(notice.audio())),
            Duration.ofSeconds(2));
    // WHEN rendered and written to a WAV file
    PcmAudio out = new ProgrammeMixer(programme).renderRest();
    // THEN ffmpeg measures the programme within ±1 LU of the normaliser's target
    Ffmpeg.Ebur128 measured = Ffmpeg.ebur128(dir, out);
    assertThat(measured.integratedLufs())
        .as("ffmpeg's integrated loudness, LUFS")
        .isCloseTo(normalizer.targetLufs(), within(1.0));
    assertThat(measured.truePeakDbtp()).as("ffmpeg's true peak, dBTP").isLessThanOrEqualTo(-1.0);
    System.out.printf(
        "rendered notice programme: ffmpeg %.2f LUFS, %.2f dBTP%n",
        measured.integratedLufs(), measured.truePeakDbtp());
  }

  /**
   * Music at about −10 dBFS RMS with bursts to well over full scale, crossfaded into a second bed,
   * under two notices (one with a chime, a silence between) of full-scale speech.
   */
  private static Programme busyProgramme() {
    float[] bed = TestSignals.withBursts(TestSignals.pinkNoise(RATE, 8, 1, -10), RATE, 0.7, 1.2);
    PcmAudio first = new PcmAudio(RATE, bed);
    PcmAudio second = new PcmAudio(RATE, TestSignals.pinkNoise(RATE, 6, 2, -12));
    PcmAudio speech = new PcmAudio(RATE, TestSignals.speechLike(RATE, 3, 3, 1.0));
    return Programme.of(
        List.of(ProgrammeItem.of(first), ProgrammeItem.of(second)),
        Duration.ofSeconds(2),
        List.of(
            ProgrammeItem.withChime(speech),
            ProgrammeItem.silence(Duration.ofMillis(700)),
            ProgrammeItem.of(speech)),
        Duration.ofSeconds(1));
  }

  /**
   * Seeded white noise at {@code rmsDbfs}: unlike pink noise, its level in a 200 ms window varies
   * by under 0.1 dB, so a level check in windows sees the mixer, not the noise.
   */
  private static PcmAudio whiteNoise(double seconds, long seed, double rmsDbfs) {
    Random random = new Random(seed);
    float[] samples = new float[at(seconds)];
    double scale = Math.pow(10, rmsDbfs / 20);
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (scale * random.nextGaussian());
    }
    return new PcmAudio(RATE, samples);
  }

  private static StreamingTruePeakLimiter limiter() {
    return new StreamingTruePeakLimiter();
  }

  private static double amplitudeDb(float[] x, double seconds, double hz) {
    return TruePeakMeter.toDb(SignalMeasurements.amplitudeAt(x, at(seconds), RATE / 10, hz, RATE));
  }

  private static double largestStep(float[] x, int from, int to) {
    double largest = 0;
    for (int i = Math.max(1, from); i < to; i++) {
      largest = Math.max(largest, Math.abs(x[i] - x[i - 1]));
    }
    return largest;
  }

  private static int firstSampleAbove(float[] x, int from, double level) {
    for (int i = from; i < x.length; i++) {
      if (Math.abs(x[i]) > level) {
        return i;
      }
    }
    return -1;
  }
}
