package org.villagecast.controller.audio.mix;

import java.time.Duration;
import java.util.List;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.tone.Chime;

/**
 * What one broadcast plays, as the mixer sees it: two layers on one timeline starting at 0.
 *
 * @param background music items played one after another from the start, consecutive items
 *     overlapping by {@code crossfade} (shortened to half the shorter item where an item is short)
 * @param crossfade overlap between consecutive background items
 * @param notices speech and file items played one after another from {@code noticeStart}; each with
 *     {@link ProgrammeItem#chimeBefore()} is preceded by {@code chime} and {@code chimeGap}
 * @param noticeStart when the notice layer begins, from the start of the programme
 * @param chime the pre-announcement sound at the engine rate (e.g. {@link Chime#twoTone()})
 * @param chimeGap silence between the end of the chime and its notice
 */
public record Programme(
    List<ProgrammeItem> background,
    Duration crossfade,
    List<ProgrammeItem> notices,
    Duration noticeStart,
    PcmAudio chime,
    Duration chimeGap) {
  /** The default gap between a chime and its notice. */
  public static final Duration DEFAULT_CHIME_GAP = Duration.ofMillis(300);

  public Programme {
    background = List.copyOf(background);
    notices = List.copyOf(notices);
    if (crossfade.isNegative() || noticeStart.isNegative() || chimeGap.isNegative()) {
      throw new IllegalArgumentException("crossfade, notice start and chime gap must be >= 0");
    }
    if (chime.sampleRate() != PcmAudio.ENGINE_RATE) {
      throw new IllegalArgumentException("chime at " + chime.sampleRate() + " Hz");
    }
  }

  /** A programme with the two-tone chime ({@link Chime#twoTone()}) and a 300 ms chime gap. */
  public static Programme of(
      List<ProgrammeItem> background,
      Duration crossfade,
      List<ProgrammeItem> notices,
      Duration noticeStart) {
    return new Programme(
        background, crossfade, notices, noticeStart, Chime.twoTone().render(), DEFAULT_CHIME_GAP);
  }
}
