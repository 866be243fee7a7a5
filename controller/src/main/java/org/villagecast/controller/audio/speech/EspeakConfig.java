package org.villagecast.controller.audio.speech;

import java.time.Duration;

/**
 * How the hub runs espeak-ng.
 *
 * @param executable the program, a name on the PATH or an absolute path; default {@code espeak-ng}
 * @param mandarinVoice voice for Chinese; default {@code cmn-latn-pinyin} (the plain {@code cmn}
 *     and {@code zh} voices read Latin letters with an English voice)
 * @param englishVoice voice for English; default {@code en-gb}
 * @param timeout longest a synthesis may take before the process is killed; default 10 s, far above
 *     the tens of milliseconds a notice takes, so only a hung process meets it
 */
public record EspeakConfig(
    String executable, String mandarinVoice, String englishVoice, Duration timeout) {
  public static final EspeakConfig DEFAULT =
      new EspeakConfig("espeak-ng", "cmn-latn-pinyin", "en-gb", Duration.ofSeconds(10));

  public EspeakConfig {
    if (executable == null || executable.isBlank()) {
      throw new IllegalArgumentException("no espeak-ng executable");
    }
    for (String voice : new String[] {mandarinVoice, englishVoice}) {
      // The name goes on espeak-ng's command line: letters, digits and - only, never an option.
      if (voice == null || !voice.matches("[A-Za-z0-9][A-Za-z0-9-]{0,40}")) {
        throw new IllegalArgumentException("voice name '" + voice + "' is not a plain name");
      }
    }
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException(
          "timeout " + timeout + " is not above 0 and at most 5 min");
    }
  }

  public EspeakConfig withTimeout(Duration newTimeout) {
    return new EspeakConfig(executable, mandarinVoice, englishVoice, newTimeout);
  }

  public EspeakConfig withExecutable(String newExecutable) {
    return new EspeakConfig(newExecutable, mandarinVoice, englishVoice, timeout);
  }

  public EspeakConfig withMandarinVoice(String voice) {
    return new EspeakConfig(executable, voice, englishVoice, timeout);
  }
}
