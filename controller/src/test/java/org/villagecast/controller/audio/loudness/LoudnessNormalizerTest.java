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
import org.villagecast.controller.audio.decode.AudioDecoder;
import org.villagecast.controller.audio.resample.Resampler;
import org.villagecast.protocol.testing.ExternalProgram;

/** Normalised output, as ffmpeg's {@code ebur128} measures it: ±1 LU of target, ≤ −1 dBTP. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoudnessNormalizerTest {
  @TempDir Path dir;

  private final LoudnessNormalizer normalizer = new LoudnessNormalizer();

  private void assertNormalised(PcmAudio input) throws Exception {
    // WHEN normalised to the default −16 LUFS
    NormalizedAudio result = normalizer.normalize(input);
    // THEN ffmpeg measures it within ±1 LU of −16 LUFS and at or below −1 dBTP
    Ffmpeg.Ebur128 measured = Ffmpeg.ebur128(dir, result.audio());
    assertThat(measured.integratedLufs()).isCloseTo(-16.0, offset(1.0));
    assertThat(measured.truePeakDbtp()).isLessThanOrEqualTo(-1.0);
    // AND our own figures say the same
    assertThat(result.outputLufs()).isCloseTo(-16.0, offset(0.2));
    assertThat(result.outputTruePeakDbtp()).isLessThanOrEqualTo(-1.0);
  }

  /** Verifies a quiet speech-like clip (peak −20 dBFS) brought up to −16 LUFS. */
  @Test
  void normalize_quietSpeech() throws Exception {
    assertNormalised(new PcmAudio(48_000, TestSignals.speechLike(48_000, 15, 11, 0.1)));
  }

  /** Verifies a loud speech-like clip (peak 0 dBFS) brought down to −16 LUFS. */
  @Test
  void normalize_loudSpeech() throws Exception {
    assertNormalised(new PcmAudio(48_000, TestSignals.speechLike(48_000, 15, 12, 1.0)));
  }

  /**
   * Verifies noise with bursts 20 dB above it twice a second, where the limiter must work on many
   * peaks.
   */
  @Test
  void normalize_noiseWithBursts_limiterBusy() throws Exception {
    // GIVEN pink noise whose bursts, once the noise is at −16 LUFS, would peak far above −1 dBTP
    float[] noise = TestSignals.pinkNoise(48_000, 10, 13, -40);
    PcmAudio bursty = new PcmAudio(48_000, TestSignals.withBursts(noise, 48_000, 0.5, 0.1));
    double gain = -16 - LoudnessMeter.integratedLoudness(bursty);
    assertThat(TruePeakMeter.truePeakDbtp(LoudnessNormalizer.scaled(bursty, gain)))
        .isGreaterThan(3);
    assertNormalised(bursty);
  }

  /**
   * Verifies real speech (espeak-ng reading a flood warning, 22.05 kHz WAV) through the clip path:
   * decoded, resampled to 48 kHz and normalised, it meets the target as ffmpeg measures it, and the
   * limiter only rides its gain (it adds nothing within 30 dB of the speech).
   */
  @Test
  void normalize_realSpeech_espeak() throws Exception {
    // GIVEN a spoken notice from espeak-ng, decoded and brought to the engine rate
    Path wav = dir.resolve("notice.wav");
    Process espeak =
        new ProcessBuilder(
                ExternalProgram.require("espeak-ng", "espeak-ng").toString(),
                "-v",
                "en",
                "-w",
                wav.toString(),
                "Flood warning for the river bank. The water will rise by one metre tonight."
                    + " Move to higher ground before nine o'clock.")
            .redirectErrorStream(true)
            .start();
    espeak.getInputStream().readAllBytes();
    assertThat(espeak.waitFor(60, TimeUnit.SECONDS)).isTrue();
    PcmAudio speech = Resampler.toEngineRate(new AudioDecoder().decode(wav));
    // WHEN normalised THEN ffmpeg measures −16 ± 1 LUFS and at most −1 dBTP
    assertNormalised(speech);
    // AND the limiter only rides the gain: once a gain that may change every 10 ms is taken out,
    // what is left (the distortion its ramps add) is more than 30 dB below the speech
    NormalizedAudio result = normalizer.normalize(speech);
    PcmAudio plain = LoudnessNormalizer.scaled(speech, result.gainDb());
    double distortionDb = residualAfterBlockGains(plain.samples(), result.audio().samples(), 480);
    assertThat(distortionDb).isLessThan(-30);
  }

  /**
   * Residual of {@code out} after a least-squares gain per block of {@code in}, dB re {@code out}.
   */
  private static double residualAfterBlockGains(float[] in, float[] out, int block) {
    double signal = 0;
    double residual = 0;
    for (int start = 0; start + block <= in.length; start += block) {
      double cross = 0;
      double energy = 0;
      for (int i = start; i < start + block; i++) {
        cross += in[i] * out[i];
        energy += in[i] * in[i];
      }
      double gain = energy == 0 ? 0 : cross / energy;
      for (int i = start; i < start + block; i++) {
        double difference = out[i] - gain * in[i];
        residual += difference * difference;
        signal += out[i] * out[i];
      }
    }
    return 10 * Math.log10(residual / signal);
  }

  /** Verifies that digital silence is returned unchanged with gain 0 dB. */
  @Test
  void normalize_silence_unchanged() {
    PcmAudio silence = new PcmAudio(48_000, new float[48_000]);
    NormalizedAudio result = normalizer.normalize(silence);
    assertThat(result.audio()).isSameAs(silence);
    assertThat(result.gainDb()).isZero();
  }

  /** Verifies that the gain is capped: a very faint clip is not raised by more than 30 dB. */
  @Test
  void normalize_faint_gainCapped() {
    PcmAudio faint = new PcmAudio(48_000, TestSignals.pinkNoise(48_000, 5, 14, -65));
    NormalizedAudio result = normalizer.normalize(faint);
    assertThat(result.gainDb()).isEqualTo(LoudnessNormalizer.DEFAULT_MAX_GAIN_DB);
    assertThat(result.outputLufs()).isLessThan(-20);
  }
}
