package org.villagecast.controller.audio.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.testing.Programs;
import org.villagecast.controller.audio.testing.SignalMeasurements;
import org.villagecast.protocol.testing.ExternalProgram;

@Timeout(60)
class EspeakSynthesizerTest {
  private static Path espeak;

  @TempDir Path dir;

  private final EspeakSynthesizer synthesizer = new EspeakSynthesizer();

  @BeforeAll
  static void requireEspeak() {
    espeak = ExternalProgram.require("espeak-ng", "espeak-ng");
  }

  /**
   * Verifies that Chinese text is spoken by the Mandarin voice after normalisation: the audio is
   * sample for sample what espeak-ng itself makes of the normalised text with {@code
   * cmn-latn-pinyin}, and differs from what the English voice makes.
   */
  @Test
  void synthesize_chineseVoice() {
    // GIVEN a Chinese notice with a date and a time, voice AUTO
    String text = "各位村民请注意，11月30日14:30将有大雨。";

    // WHEN it is synthesised
    PcmAudio audio = synthesizer.synthesize(SpeechRequest.of(text));

    // THEN it is the Mandarin voice reading the normalised text, at espeak-ng's 22,050 Hz
    String normalised = "各位村民请注意，十一月三十日十四点三十分将有大雨。";
    assertThat(audio.sampleRate()).isEqualTo(22_050);
    assertThat(audio.duration()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
    assertThat(SignalMeasurements.rmsDbfs(audio.samples(), 0, audio.length())).isGreaterThan(-40);
    assertThat(audio.samples()).isEqualTo(direct(normalised, "cmn-latn-pinyin", "175", "50"));
    assertThat(audio.samples()).isNotEqualTo(direct(normalised, "en-gb", "175", "50"));
  }

  /** Verifies that English text in voice AUTO is spoken by the English voice. */
  @Test
  void synthesize_englishVoice() {
    // GIVEN an English notice
    String text = "Flood warning for the river bank. Move to higher ground.";

    // WHEN it is synthesised with voice AUTO
    PcmAudio audio = synthesizer.synthesize(SpeechRequest.of(text));

    // THEN it is espeak-ng's en-gb voice
    assertThat(audio.samples()).isEqualTo(direct(text, "en-gb", "175", "50"));
  }

  /**
   * Verifies that rate and pitch reach espeak-ng on its scales: rate 150 % is 262 words per minute
   * and pitch 80 is -p 80; a faster rate gives shorter speech.
   */
  @Test
  void synthesize_rateAndPitch() {
    // GIVEN one text at three settings
    String text = "请注意，这是一次演练。";

    // WHEN it is synthesised slow, fast and high
    PcmAudio slow = synthesizer.synthesize(new SpeechRequest(text, Voice.MANDARIN, 60, 50));
    PcmAudio fast = synthesizer.synthesize(new SpeechRequest(text, Voice.MANDARIN, 150, 80));

    // THEN the fast one is espeak-ng at 262 wpm, pitch 80, and shorter than the slow one
    assertThat(fast.samples()).isEqualTo(direct(text, "cmn-latn-pinyin", "262", "80"));
    assertThat(slow.samples()).isEqualTo(direct(text, "cmn-latn-pinyin", "105", "50"));
    assertThat((double) fast.length() / slow.length()).isLessThan(0.75);
  }

  /** Verifies that text that looks like an option is spoken, not obeyed. */
  @Test
  void synthesize_textIsNeverAnOption() {
    // GIVEN text that espeak-ng would take for options on its command line
    SpeechRequest request = new SpeechRequest("--help -v xx", Voice.ENGLISH, 100, 50);

    // WHEN / THEN it is spoken as words
    PcmAudio audio = synthesizer.synthesize(request);
    assertThat(audio.duration()).isGreaterThan(Duration.ofMillis(300));
  }

  /** Verifies that a missing espeak-ng gives an operator a clear message, no stack trace. */
  @Test
  void synthesize_missingProgram() {
    // GIVEN a synthesizer pointed at a program that does not exist
    EspeakSynthesizer missing =
        new EspeakSynthesizer(EspeakConfig.DEFAULT.withExecutable("/nonexistent/espeak-ng"));

    // WHEN / THEN synthesis and the start-up check fail saying what to install
    String expected =
        "Text-to-speech is not available: cannot run '/nonexistent/espeak-ng'. Install it with:"
            + " apt-get install espeak-ng";
    assertThatThrownBy(() -> missing.synthesize(SpeechRequest.of("测试")))
        .isInstanceOf(SpeechException.class)
        .hasMessage(expected);
    assertThatThrownBy(missing::checkAvailable).hasMessage(expected);
  }

  /** Verifies that espeak-ng failing (an unknown voice) is reported with its own words. */
  @Test
  void synthesize_programFails() {
    // GIVEN a Mandarin voice name espeak-ng does not have
    EspeakSynthesizer broken =
        new EspeakSynthesizer(EspeakConfig.DEFAULT.withMandarinVoice("nosuchvoice"));

    // WHEN / THEN the failure names the exit code and espeak-ng's message
    assertThatThrownBy(() -> broken.synthesize(SpeechRequest.of("测试")))
        .isInstanceOf(SpeechException.class)
        .hasMessage(
            "Text-to-speech failed: espeak-ng exited with 1"
                + " (Error: The specified espeak-ng voice does not exist.)");
  }

  /** Verifies that a hung synthesis is killed at the timeout and reported. */
  @Test
  void synthesize_timeout() throws IOException {
    // GIVEN a stand-in program that never answers, and a 300 ms timeout
    Path hung = dir.resolve("hung-espeak");
    Files.writeString(hung, "#!/bin/sh\nexec sleep 30\n");
    Files.setPosixFilePermissions(hung, PosixFilePermissions.fromString("rwx------"));
    EspeakSynthesizer slow =
        new EspeakSynthesizer(
            EspeakConfig.DEFAULT
                .withExecutable(hung.toString())
                .withTimeout(Duration.ofMillis(300)));

    // WHEN it is asked to speak
    long start = System.nanoTime();
    assertThatThrownBy(() -> slow.synthesize(SpeechRequest.of("测试")))
        .isInstanceOf(SpeechException.class)
        .hasMessage("Text-to-speech did not finish within 300 ms");

    // THEN it gave up promptly, not after the 30 s the program would take
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  /** Verifies that the start-up check passes where espeak-ng has the Mandarin voice. */
  @Test
  void checkAvailable_installed() {
    synthesizer.checkAvailable();
  }

  /** What espeak-ng says when run directly, as a person would run it. */
  private float[] direct(String text, String voice, String wordsPerMinute, String pitch) {
    try {
      Path wav = dir.resolve("direct-" + System.nanoTime() + ".wav");
      Path input = dir.resolve("text-" + System.nanoTime() + ".txt");
      Files.writeString(input, text);
      List<String> arguments =
          new ArrayList<>(
              List.of("-v", voice, "-s", wordsPerMinute, "-p", pitch, "-f", input.toString()));
      arguments.addAll(List.of("-w", wav.toString()));
      Programs.Result result = Programs.run(espeak, arguments.toArray(String[]::new));
      assertThat(result.exitCode()).as(result.stderr()).isZero();
      return EspeakWav.read(Files.readAllBytes(wav)).samples();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
