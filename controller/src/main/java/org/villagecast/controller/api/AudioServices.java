package org.villagecast.controller.api;

import org.villagecast.controller.audio.clip.ClipLibrary;
import org.villagecast.controller.audio.preview.SpeechPreview;

/**
 * What the audio endpoints ({@link AudioEndpoints}) work with.
 *
 * @param clips the clip library
 * @param speech text-to-speech previews
 * @param jobsAtOnce CPU-heavy audio requests (previews, uploads, listening) run at once, each on a
 *     worker thread of their own; more at the same moment are refused with 503 "busy", so a burst
 *     of requests cannot take the hub's processors or memory from its broadcasts
 */
public record AudioServices(ClipLibrary clips, SpeechPreview speech, int jobsAtOnce) {
  /** Two: the hub's machines have few cores, and broadcasts come first. */
  public static final int DEFAULT_JOBS_AT_ONCE = 2;

  public AudioServices {
    if (jobsAtOnce < 1 || jobsAtOnce > 64) {
      throw new IllegalArgumentException("audio jobs at once " + jobsAtOnce + " is not 1-64");
    }
  }
}
