package org.villagecast.controller.broadcast;

import java.time.Duration;
import java.util.Objects;
import org.villagecast.controller.audio.speech.SpeechRequest;

/** One thing a programme plays, before rendering. */
public sealed interface ProgrammeItem {

  /** A notice read by text-to-speech. */
  record Speech(SpeechRequest request) implements ProgrammeItem {
    public Speech {
      Objects.requireNonNull(request, "request");
    }
  }

  /** A clip from the clip library. */
  record Clip(long clipId) implements ProgrammeItem {}

  /** Silence of a given length (a pause between notices). */
  record Silence(Duration length) implements ProgrammeItem {
    public Silence {
      if (length.isNegative() || length.isZero() || length.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("silence of " + length + " is not (0, 1 h]");
      }
    }
  }
}
