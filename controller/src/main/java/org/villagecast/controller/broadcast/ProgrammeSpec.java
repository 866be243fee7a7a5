package org.villagecast.controller.broadcast;

import java.net.URI;
import java.util.List;

/**
 * What a broadcast plays, before rendering (DESIGN.md "programme"): background items one after
 * another, notices over them (the background ducked), and optionally a live relay as the
 * background.
 *
 * @param background items played from the start, crossfaded
 * @param notices items played from the start, each after a chime when {@code chime} is set
 * @param chime whether each notice is preceded by the pre-announcement chime
 * @param live an http(s) URL of a live MP3 stream (Icecast) played as the background, or null; then
 *     the broadcast lasts until stopped or until its window ends
 */
public record ProgrammeSpec(
    List<ProgrammeItem> background, List<ProgrammeItem> notices, boolean chime, URI live) {
  public ProgrammeSpec {
    background = List.copyOf(background);
    notices = List.copyOf(notices);
    if (background.isEmpty() && notices.isEmpty() && live == null) {
      throw new IllegalArgumentException("the programme plays nothing");
    }
    if (live != null && !background.isEmpty()) {
      throw new IllegalArgumentException("a live relay is the background: no background items");
    }
    if (live != null && !("http".equals(live.getScheme()) || "https".equals(live.getScheme()))) {
      throw new IllegalArgumentException("live source " + live + " is not an http(s) URL");
    }
  }

  /** A notice programme: the items read one after another, after a chime. */
  public static ProgrammeSpec notice(ProgrammeItem... items) {
    return new ProgrammeSpec(List.of(), List.of(items), true, null);
  }

  /** A live relay of an Icecast/HTTP MP3 stream. */
  public static ProgrammeSpec relay(URI url) {
    return new ProgrammeSpec(List.of(), List.of(), false, url);
  }
}
