package org.villagecast.controller.audio.mix;

import java.time.Duration;
import org.villagecast.controller.audio.PcmAudio;

/**
 * One item of a programme layer: audio already at the engine rate (decoded, resampled and, for
 * notices, normalised by the caller), or silence.
 *
 * @param audio the samples at {@link PcmAudio#ENGINE_RATE}; {@code null} for silence
 * @param length the item's length in samples at the engine rate
 * @param chimeBefore whether the notice layer plays the programme's chime before this item (ignored
 *     on the background layer)
 */
public record ProgrammeItem(PcmAudio audio, int length, boolean chimeBefore) {
  public ProgrammeItem {
    if (audio != null) {
      if (audio.sampleRate() != PcmAudio.ENGINE_RATE) {
        throw new IllegalArgumentException(
            "item at " + audio.sampleRate() + " Hz: resample to the engine rate first");
      }
      if (length != audio.length()) {
        throw new IllegalArgumentException("length " + length + " is not the audio's");
      }
    }
    if (length < 0) {
      throw new IllegalArgumentException("negative length " + length);
    }
  }

  /** Audio played as it is (a music item, or a notice without a chime). */
  public static ProgrammeItem of(PcmAudio audio) {
    return new ProgrammeItem(audio, audio.length(), false);
  }

  /** A notice preceded by the programme's chime. */
  public static ProgrammeItem withChime(PcmAudio audio) {
    return new ProgrammeItem(audio, audio.length(), true);
  }

  /** Silence lasting {@code duration} (rounded down to whole samples); takes no memory. */
  public static ProgrammeItem silence(Duration duration) {
    return new ProgrammeItem(null, ProgrammeMixer.samples(duration), false);
  }

  /** Whether this item is silence. */
  public boolean silent() {
    return audio == null;
  }
}
