package org.villagecast.controller.audio.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VoiceTest {
  /** Verifies that AUTO chooses the voice by the text's script. */
  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          各位村民请注意                          | MANDARIN
          Flood warning for the river bank       | ENGLISH
          请连接村委会WiFi收听广播                 | MANDARIN
          The village of 河口 is flooded today    | ENGLISH
          2026-11-30 14:30                       | MANDARIN
          """)
  void resolve_auto(String text, Voice expected) {
    assertThat(Voice.AUTO.resolve(text)).isEqualTo(expected);
  }

  /** Verifies that a voice the caller names is kept whatever the text. */
  @Test
  void resolve_explicitKept() {
    assertThat(Voice.ENGLISH.resolve("各位村民请注意")).isEqualTo(Voice.ENGLISH);
    assertThat(Voice.MANDARIN.resolve("Flood warning")).isEqualTo(Voice.MANDARIN);
  }

  /** Verifies that requests outside the sane bounds are refused with the field named. */
  @Test
  void request_bounds() {
    assertThatThrownBy(() -> new SpeechRequest(" ", Voice.AUTO, 100, 50))
        .hasMessage("no text to speak");
    assertThatThrownBy(() -> new SpeechRequest("a", Voice.AUTO, 49, 50))
        .hasMessage("rate 49 % is not 50-200 %");
    assertThatThrownBy(() -> new SpeechRequest("a", Voice.AUTO, 201, 50))
        .hasMessage("rate 201 % is not 50-200 %");
    assertThatThrownBy(() -> new SpeechRequest("a", Voice.AUTO, 100, 101))
        .hasMessage("pitch 101 is not 0-100");
    assertThatThrownBy(() -> new SpeechRequest("a".repeat(10_001), Voice.AUTO, 100, 50))
        .hasMessage("text of 10001 characters, at most 10000");
  }
}
