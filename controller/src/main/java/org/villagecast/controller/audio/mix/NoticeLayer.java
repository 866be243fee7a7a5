package org.villagecast.controller.audio.mix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.villagecast.controller.audio.PcmAudio;

/**
 * The notice items laid out on the programme's timeline, each chime and its gap before the item
 * that asks for one. Knows where something sounds (chime or non-silent item), which is the key of
 * the {@link Ducker}. Stateless, like {@link BackgroundLayer}.
 */
final class NoticeLayer {
  /** One stretch of the layer: audio (or silence) from {@code start}. */
  private record Segment(long start, ProgrammeItem item) {
    long stop() {
      return start + item.length();
    }
  }

  private final List<Segment> segments = new ArrayList<>();
  // Sounding stretches as [start, stop) pairs, sorted, merged where they touch.
  private final long[] sounding;
  private final long end;

  NoticeLayer(List<ProgrammeItem> notices, long start, PcmAudio chime, int chimeGapSamples) {
    long at = start;
    List<long[]> spans = new ArrayList<>();
    for (ProgrammeItem notice : notices) {
      if (notice.chimeBefore()) {
        at = add(ProgrammeItem.of(chime), at, spans);
        at = add(new ProgrammeItem(null, chimeGapSamples, false), at, spans);
      }
      at = add(notice, at, spans);
    }
    this.end = at;
    List<long[]> merged = new ArrayList<>();
    for (long[] span : spans) {
      if (!merged.isEmpty() && merged.get(merged.size() - 1)[1] == span[0]) {
        merged.get(merged.size() - 1)[1] = span[1];
      } else {
        merged.add(span);
      }
    }
    this.sounding = new long[merged.size() * 2];
    for (int i = 0; i < merged.size(); i++) {
      sounding[2 * i] = merged.get(i)[0];
      sounding[2 * i + 1] = merged.get(i)[1];
    }
  }

  private long add(ProgrammeItem item, long at, List<long[]> spans) {
    segments.add(new Segment(at, item));
    if (!item.silent() && item.length() > 0) {
      spans.add(new long[] {at, at + item.length()});
    }
    return at + item.length();
  }

  /** First sample after the last notice, programme samples (the notice start if there is none). */
  long end() {
    return end;
  }

  /** Whether a chime or a notice sounds at {@code position}. */
  boolean soundingAt(long position) {
    int low = 0;
    int high = sounding.length / 2 - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (position < sounding[2 * mid]) {
        high = mid - 1;
      } else if (position >= sounding[2 * mid + 1]) {
        low = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }

  /** Writes the notice layer of {@code [position, position + length)} into {@code out}. */
  void render(long position, float[] out, int length) {
    Arrays.fill(out, 0, length, 0f);
    for (Segment segment : segments) {
      long from = Math.max(segment.start(), position);
      long to = Math.min(segment.stop(), position + length);
      if (from >= to || segment.item().silent()) {
        continue;
      }
      System.arraycopy(
          segment.item().audio().samples(),
          (int) (from - segment.start()),
          out,
          (int) (from - position),
          (int) (to - from));
    }
  }
}
