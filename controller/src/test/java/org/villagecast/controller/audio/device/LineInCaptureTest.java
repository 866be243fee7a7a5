package org.villagecast.controller.audio.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import javax.sound.sampled.AudioSystem;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.SineFit;
import org.villagecast.controller.audio.TestSignals;
import org.villagecast.controller.audio.testing.SignalMeasurements;

/**
 * The line-in capture. No sound card can exist on the CI machine: the real javax.sound's answer
 * here is checked as it is, and the capture itself runs against {@link FakeTargetDataLine}, a test
 * double that "records" what the test gives it.
 */
@Timeout(20)
class LineInCaptureTest {
  /** Verifies the real javax.sound's answer on this machine. */
  @Test
  void open_realJavaxSound_clearError() {
    if (AudioSystem.getMixerInfo().length == 0) {
      assertThatThrownBy(() -> LineInCapture.open(SoundDeviceConfig.defaultInput()))
          .isInstanceOf(SoundDeviceException.class)
          .hasMessageStartingWith(
              "no sound card input: this machine has none (javax.sound lists no mixer)");
    } else {
      assertThatThrownBy(
              () -> LineInCapture.open(SoundDeviceConfig.defaultInput().withMixer("no such 7f3a")))
          .isInstanceOf(SoundDeviceException.class)
          .hasMessageStartingWith("no sound card input named 'no such 7f3a'; ");
    }
  }

  /** Interleaved 16-bit little-endian stereo with the same sample on both channels. */
  private static byte[] stereo16(float[] samples, int from, int count) {
    byte[] bytes = new byte[4 * count];
    for (int i = 0; i < count; i++) {
      int value = Math.round(samples[from + i] * 32_767f);
      bytes[4 * i] = (byte) value;
      bytes[4 * i + 1] = (byte) (value >> 8);
      bytes[4 * i + 2] = (byte) value;
      bytes[4 * i + 3] = (byte) (value >> 8);
    }
    return bytes;
  }

  /**
   * Verifies the whole path on a card that records 44.1 kHz stereo only: silence counted until the
   * first 60 ms have gathered, then the tone at the engine rate, mono, at its level, with no
   * further underrun while card and broadcast keep step (20 ms recorded, 20 ms read).
   */
  @Test
  void capture_44kStereoCard_toneAtEngineRate() throws Exception {
    // GIVEN a card that records 44.1 kHz stereo only
    FakeSoundSystem machine =
        new FakeSoundSystem().card("Mic", List.of(), List.of(SoundCardChoice.pcm(44_100, 2)));
    try (LineInCapture capture = LineInCapture.open(SoundDeviceConfig.defaultInput(), machine)) {
      FakeTargetDataLine line = (FakeTargetDataLine) machine.opened.get(0);
      assertThat(capture.device()).isEqualTo("Mic, 44100 Hz stereo");
      // WHEN nothing has been recorded yet, a read gives silence counted as underrun
      float[] block = new float[960];
      capture.read(block, 0, 960);
      assertThat(SignalMeasurements.peak(block)).isZero();
      assertThat(capture.underrunSamples()).isEqualTo(960);
      // WHEN the card records a 440 Hz tone 20 ms at a time and the broadcast reads 20 ms after
      // each
      float[] tone = TestSignals.sine(44_100, 1, 440, 0.5);
      float[] heard = new float[40 * 960];
      long underrunAfterStart = -1;
      for (int i = 0; i < 40; i++) {
        long before = capture.capturedSamples();
        line.record(stereo16(tone, i * 882, 882));
        awaitCaptured(capture, line, before);
        capture.read(heard, i * 960, 960);
        if (i == 10) {
          underrunAfterStart = capture.underrunSamples();
        }
      }
      // THEN from the start of sound on, no read came up short
      assertThat(capture.underrunSamples()).isEqualTo(underrunAfterStart);
      assertThat(underrunAfterStart).isBetween(2 * 960L, 6 * 960L);
      // AND what was heard is the tone at 48 kHz, mono, at 0.5
      SineFit fit = SineFit.of(heard, PcmAudio.ENGINE_RATE, 440, 11 * 960, heard.length);
      assertThat(fit.amplitude()).isCloseTo(0.5, Offset.offset(0.001));
      assertThat(fit.residualDb()).isLessThan(-80);
      assertThat(capture.level().peakDbfs()).isCloseTo(-6.02, Offset.offset(0.05));
    }
    assertThat(machine.opened.get(0).isOpen()).isFalse();
  }

  private static void awaitCaptured(LineInCapture capture, FakeTargetDataLine line, long before)
      throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!(line.allRead() && capture.capturedSamples() > before)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the capture did not take the recorded audio within 5 s");
      }
      Thread.sleep(1);
    }
  }

  /**
   * Verifies that a card that stops delivering (unplugged) is reported, and that reads then give
   * silence counted as underrun while the feed does not end.
   */
  @Test
  void capture_unplugged_reportsAndGivesSilence() throws Exception {
    FakeSoundSystem machine =
        new FakeSoundSystem().card("USB Mic", List.of(), List.of(SoundCardChoice.pcm(48_000, 1)));
    try (LineInCapture capture = LineInCapture.open(SoundDeviceConfig.defaultInput(), machine)) {
      FakeTargetDataLine line = (FakeTargetDataLine) machine.opened.get(0);
      line.unplug();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (capture.problem().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(capture.problem())
          .contains("the sound card 'USB Mic' stopped recording (unplugged?)");
      float[] block = new float[960];
      capture.read(block, 0, 960);
      assertThat(capture.underrunSamples()).isEqualTo(960);
      assertThat(capture.ended()).isFalse();
      capture.close();
      assertThat(capture.ended()).isTrue();
    }
  }

  /** Verifies the 16-bit decode: little-endian, signed, channels averaged. */
  @Test
  void pcm16_decode_littleEndianAveraged() {
    byte[] bytes = {0x00, 0x40, 0x00, (byte) 0xC0, (byte) 0xFF, 0x7F, (byte) 0xFF, 0x7F};
    float[] out = new float[2];
    Pcm16.decode(bytes, 0, 2, 2, out, 0);
    assertThat(out).containsExactly(0f, 32_767f / 32_768f);
    Pcm16.decode(bytes, 0, 2, 1, out, 0);
    assertThat(out).containsExactly(0.5f, -0.5f);
  }
}
