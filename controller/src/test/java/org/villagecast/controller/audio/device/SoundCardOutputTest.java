package org.villagecast.controller.audio.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.SourceDataLine;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.SineFit;
import org.villagecast.controller.audio.TestSignals;

/**
 * The sound-card output. No sound card can exist on the CI machine: the answer of the real
 * javax.sound on this machine is checked as it is (no mixer at all), and everything that needs a
 * card (choosing one by name, the format, the bytes written, never blocking) runs against {@link
 * FakeSoundSystem} and {@link FakeSourceDataLine}, test doubles of javax.sound.
 */
class SoundCardOutputTest {
  private static final String HDMI = "HDMI [hw:0,3]";
  private static final String USB = "USB Audio [plughw:1,0]";
  private static final String PORT = "Port USB Audio";

  /** HDMI plays 48 kHz stereo only, the USB card 44.1 kHz stereo only, the port mixer nothing. */
  private static FakeSoundSystem machine() {
    return new FakeSoundSystem()
        .card(HDMI, List.of(SoundCardChoice.pcm(48_000, 2)), List.of())
        .card(
            USB,
            List.of(SoundCardChoice.pcm(44_100, 2)),
            List.of(SoundCardChoice.pcm(44_100, 2), SoundCardChoice.pcm(48_000, 1)))
        .card(PORT, List.of(), List.of());
  }

  private static SoundCardOutput monoCard(FakeSourceDataLine line, int bufferFrames) {
    line.open(SoundCardChoice.pcm(48_000, 1), 2 * bufferFrames);
    return new SoundCardOutput(line, new SoundCardChoice("test card", line.getFormat()));
  }

  /**
   * Verifies what the real javax.sound answers on this machine: without any mixer (the CI machine),
   * the default output and a named one both fail naming the cause; on a machine with cards, a name
   * that matches none is refused listing what there is.
   */
  @Test
  void open_realJavaxSound_clearError() {
    SoundDeviceConfig named = SoundDeviceConfig.defaultOutput().withMixer("no such card 7f3a");
    if (AudioSystem.getMixerInfo().length == 0) {
      assertThatThrownBy(() -> SoundCardOutput.open(SoundDeviceConfig.defaultOutput()))
          .isInstanceOf(SoundDeviceException.class)
          .hasMessage(
              "no sound card output: this machine has none (javax.sound lists no mixer); install"
                  + " one, or check that the hub's user may use the sound devices (group"
                  + " 'audio')");
      assertThatThrownBy(() -> SoundCardOutput.open(named))
          .isInstanceOf(SoundDeviceException.class)
          .hasMessage(
              "no sound card output named 'no such card 7f3a'; this machine has no sound card"
                  + " output at all (javax.sound lists no mixer)");
    } else {
      assertThatThrownBy(() -> SoundCardOutput.open(named))
          .isInstanceOf(SoundDeviceException.class)
          .hasMessageStartingWith("no sound card output named 'no such card 7f3a'; ");
    }
  }

  /** Verifies the choice by part of the name, any case, and the format that card takes. */
  @Test
  void choose_byNamePart_takesTheCardsFormat() throws Exception {
    SoundCardChoice usb = SoundCardChoice.choose(machine(), "PLUGHW:1", SourceDataLine.class);
    assertThat(usb.mixer()).isEqualTo(USB);
    assertThat(usb.describe()).isEqualTo(USB + ", 44100 Hz stereo");
    SoundCardChoice first = SoundCardChoice.choose(machine(), "", SourceDataLine.class);
    assertThat(first.describe()).isEqualTo(HDMI + ", 48000 Hz stereo");
    // "usb audio" is part of two names, but the whole name of one: that one
    SoundCardChoice whole =
        SoundCardChoice.choose(
            new FakeSoundSystem()
                .card("USB Audio", List.of(SoundCardChoice.pcm(48_000, 1)), List.of())
                .card(USB, List.of(SoundCardChoice.pcm(48_000, 1)), List.of()),
            "usb audio",
            SourceDataLine.class);
    assertThat(whole.describe()).isEqualTo("USB Audio, 48000 Hz mono");
  }

  /** Verifies the errors for a wrong, an ambiguous and an unfit name: each lists what would do. */
  @Test
  void choose_wrongNames_listOutputs() {
    assertThatThrownBy(() -> SoundCardChoice.choose(machine(), "Speaker", SourceDataLine.class))
        .hasMessage(
            "no sound card output named 'Speaker'; outputs on this machine: 'HDMI [hw:0,3]',"
                + " 'USB Audio [plughw:1,0]' (set audio.output.mixer to one of them)");
    assertThatThrownBy(() -> SoundCardChoice.choose(machine(), "hw:", SourceDataLine.class))
        .hasMessage(
            "'hw:' matches several sound cards: 'HDMI [hw:0,3]', 'USB Audio [plughw:1,0]'; set"
                + " audio.output.mixer to the whole name of one");
    assertThatThrownBy(() -> SoundCardChoice.choose(machine(), PORT, SourceDataLine.class))
        .hasMessage(
            "the sound card 'Port USB Audio' cannot play 16-bit PCM at 48 or 44.1 kHz; outputs that"
                + " can: 'HDMI [hw:0,3]', 'USB Audio [plughw:1,0]'");
  }

  /**
   * Verifies the conversion to 16-bit little-endian PCM: scale 32,768, rounding, full scale held at
   * 32,767, and samples beyond ±1 clipped and counted.
   */
  @Test
  void play_converts16BitLittleEndian_clips() {
    FakeSourceDataLine line = new FakeSourceDataLine();
    SoundCardOutput output = monoCard(line, 1_000);
    float[] samples = {0f, 0.5f, -0.5f, 1f, -1f, 1.5f, -2f, 1f / 32_768, 0.3f};
    output.play(samples, 0, samples.length);
    assertThat(line.written())
        .containsExactly(
            0x00, 0x00, // 0
            0x00, 0x40, // 16384
            0x00, 0xC0, // -16384
            0xFF, 0x7F, // 32767: +1.0 is one step beyond 16 bits
            0x00, 0x80, // -32768
            0xFF, 0x7F, // clipped
            0x00, 0x80, // clipped
            0x01, 0x00, // one step
            0x66, 0x26); // round(0.3 × 32768) = 9830 = 0x2666
    assertThat(output.clippedSamples()).isEqualTo(2);
    assertThat(output.playedSamples()).isEqualTo(samples.length);
  }

  /** Verifies that a stereo card gets the mono sample on both channels. */
  @Test
  void play_stereoCard_bothChannels() throws Exception {
    FakeSoundSystem machine = machine();
    SoundCardOutput output =
        SoundCardOutput.open(SoundDeviceConfig.defaultOutput().withMixer("HDMI"), machine);
    FakeSourceDataLine line = (FakeSourceDataLine) machine.opened.get(0);
    assertThat(line.getFormat().getChannels()).isEqualTo(2);
    assertThat(line.isRunning()).isTrue();
    // 200 ms at 48 kHz, 4 bytes a frame
    assertThat(line.getBufferSize()).isEqualTo(9_600 * 4);
    output.play(new float[] {0.5f, -0.25f}, 0, 2);
    assertThat(line.written()).containsExactly(0x00, 0x40, 0x00, 0x40, 0x00, 0xE0, 0x00, 0xE0);
  }

  /**
   * Verifies that when the card's buffer is full, play writes what fits (never waiting: the fake
   * line fails any write that would) and counts the rest as dropped; once the card has played,
   * there is room again.
   */
  @Test
  void play_fullBuffer_dropsCountsNeverBlocks() {
    FakeSourceDataLine line = new FakeSourceDataLine();
    SoundCardOutput output = monoCard(line, 1_000);
    float[] block = TestSignals.sine(48_000, 0.02, 500, 0.5);
    output.play(block, 0, 960);
    output.play(block, 0, 960);
    assertThat(output.playedSamples()).isEqualTo(1_000);
    assertThat(output.droppedSamples()).isEqualTo(920);
    line.play(2 * 500);
    output.play(block, 0, 960);
    assertThat(output.playedSamples()).isEqualTo(1_500);
    assertThat(output.droppedSamples()).isEqualTo(920 + 460);
    assertThat(line.written()).hasSize(2 * 1_500);
  }

  /**
   * Verifies that a card that plays only 44.1 kHz gets the stream resampled: a 1 kHz tone arrives
   * at its level, clean to the 16-bit floor.
   */
  @Test
  void play_44kCard_resampled() throws Exception {
    // GIVEN the USB card (44.1 kHz stereo only) with room for 2 s
    FakeSoundSystem machine = machine();
    SoundCardOutput output =
        SoundCardOutput.open(new SoundDeviceConfig(USB, Duration.ofSeconds(2)), machine);
    FakeSourceDataLine line = (FakeSourceDataLine) machine.opened.get(0);
    // WHEN 1 s of a 1 kHz tone at 48 kHz is played in 20 ms blocks
    float[] tone = TestSignals.sine(PcmAudio.ENGINE_RATE, 1, 1_000, 0.5);
    for (int at = 0; at < tone.length; at += 960) {
      output.play(tone, at, 960);
    }
    // THEN the card received the tone at 44.1 kHz, left channel = right channel
    byte[] bytes = line.written();
    int frames = bytes.length / 4;
    assertThat(frames).isBetween(44_100 - 100, 44_100);
    float[] left = new float[frames];
    for (int i = 0; i < frames; i++) {
      left[i] = (short) ((bytes[4 * i] & 0xFF) | (bytes[4 * i + 1] << 8)) / 32_768f;
      assertThat(bytes[4 * i + 2]).isEqualTo(bytes[4 * i]);
    }
    SineFit fit = SineFit.of(left, 44_100, 1_000, 2_000, frames - 2_000);
    assertThat(fit.amplitude()).isCloseTo(0.5, Offset.offset(0.001));
    assertThat(fit.residualDb()).isLessThan(-80);
    assertThat(output.droppedSamples()).isZero();
    assertThat(output.device()).isEqualTo(USB + ", 44100 Hz stereo");
  }

  /** Verifies the level meter: a sine of 0.5 reads −6.0 dBFS peak and −9.0 dBFS RMS. */
  @Test
  void level_sine_peakAndRms() {
    SoundCardOutput output = monoCard(new FakeSourceDataLine(), 48_000);
    assertThat(output.level().peakDbfs()).isEqualTo(LevelMeter.FLOOR_DB);
    float[] tone = TestSignals.sine(48_000, 0.2, 1_000, 0.5);
    output.play(tone, 0, tone.length);
    assertThat(output.level().peakDbfs()).isCloseTo(-6.02, Offset.offset(0.01));
    assertThat(output.level().rmsDbfs()).isCloseTo(-9.03, Offset.offset(0.01));
  }

  /** Verifies that close releases the line and that later blocks are ignored. */
  @Test
  void close_releasesLine() {
    FakeSourceDataLine line = new FakeSourceDataLine();
    SoundCardOutput output = monoCard(line, 1_000);
    output.close();
    output.close();
    assertThat(line.isOpen()).isFalse();
    output.play(new float[960], 0, 960);
    assertThat(line.written()).isEmpty();
  }
}
