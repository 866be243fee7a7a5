package org.villagecast.controller.audio.speech;

/**
 * What to speak and how. Rate and pitch are engine-neutral: an engine maps them onto its own scale.
 *
 * @param text the notice, 1 to {@link #MAX_TEXT} characters, not blank
 * @param voice the voice, or {@link Voice#AUTO} to choose by the text
 * @param rate speaking rate in percent of the voice's normal rate, {@link #MIN_RATE} to {@link
 *     #MAX_RATE}; public-address speech is clearer slightly slow (e.g. 90)
 * @param pitch 0 (lowest) to 100 (highest), 50 normal
 */
public record SpeechRequest(String text, Voice voice, int rate, int pitch) {
  /** Ten times what one PLAY can carry (988 bytes): room for long previews, not for books. */
  public static final int MAX_TEXT = 10_000;

  public static final int MIN_RATE = 50;
  public static final int MAX_RATE = 200;
  public static final int NORMAL_RATE = 100;
  public static final int NORMAL_PITCH = 50;

  public SpeechRequest {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("no text to speak");
    }
    if (text.length() > MAX_TEXT) {
      throw new IllegalArgumentException(
          "text of " + text.length() + " characters, at most " + MAX_TEXT);
    }
    if (voice == null) {
      throw new IllegalArgumentException("no voice");
    }
    if (rate < MIN_RATE || rate > MAX_RATE) {
      throw new IllegalArgumentException(
          "rate " + rate + " % is not " + MIN_RATE + "-" + MAX_RATE + " %");
    }
    if (pitch < 0 || pitch > 100) {
      throw new IllegalArgumentException("pitch " + pitch + " is not 0-100");
    }
  }

  /** The text in the automatic voice, at normal rate and pitch. */
  public static SpeechRequest of(String text) {
    return new SpeechRequest(text, Voice.AUTO, NORMAL_RATE, NORMAL_PITCH);
  }

  /** The same request with {@link Voice#AUTO} replaced by the voice the text calls for. */
  public SpeechRequest withResolvedVoice() {
    Voice resolved = voice.resolve(text);
    return resolved == voice ? this : new SpeechRequest(text, resolved, rate, pitch);
  }
}
