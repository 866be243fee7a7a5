package org.villagecast.controller.audio.speech;

/** The voice a notice is read in. */
public enum Voice {
  /** Chosen from the text: Mandarin if it is mostly Chinese, English if mostly Latin letters. */
  AUTO,
  MANDARIN,
  ENGLISH;

  /**
   * The voice for {@code text} when the caller asked for this one: itself, or for {@link #AUTO} the
   * language of the text. A Chinese character carries about as much as an English word of four or
   * five letters, so a Chinese notice with a few Latin words (a brand, "WiFi") stays Mandarin. Text
   * with no letters at all (only digits) is read in Mandarin, the county's language.
   */
  public Voice resolve(String text) {
    if (this != AUTO) {
      return this;
    }
    int han = 0;
    int latin = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
      if (script == Character.UnicodeScript.HAN) {
        han++;
      } else if (script == Character.UnicodeScript.LATIN && Character.isLetter(codePoint)) {
        latin++;
      }
      i += Character.charCount(codePoint);
    }
    if (han == 0 && latin > 0) {
      return ENGLISH;
    }
    return han * 4 >= latin ? MANDARIN : ENGLISH;
  }
}
