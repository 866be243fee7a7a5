package org.villagecast.controller.audio.mix;

import java.util.Arrays;
import java.util.List;

/**
 * The background items laid out on the programme's timeline with their crossfades. Stateless: any
 * stretch can be rendered in any order, which keeps block-wise rendering exact.
 */
final class BackgroundLayer {
  private final List<ProgrammeItem> items;
  private final long[] starts;
  // fades[k]: the crossfade between item k - 1 and item k (fades[0] unused, 0).
  private final Crossfade[] fades;
  private final long end;

  BackgroundLayer(List<ProgrammeItem> items, int crossfadeSamples) {
    this.items = items;
    int n = items.size();
    this.starts = new long[n];
    this.fades = new Crossfade[n + 1];
    fades[0] = new Crossfade(0);
    fades[n] = new Crossfade(0);
    long at = 0;
    for (int k = 0; k < n; k++) {
      if (k > 0) {
        // A fade longer than half an item would overlap three items at once: shorten it.
        int fade =
            Math.min(
                crossfadeSamples,
                Math.min(items.get(k - 1).length() / 2, items.get(k).length() / 2));
        fades[k] = new Crossfade(fade);
        at -= fade;
      }
      starts[k] = at;
      at += items.get(k).length();
    }
    this.end = at;
  }

  /** First sample after the background, programme samples. */
  long end() {
    return end;
  }

  /** Writes the background of {@code [position, position + length)} into {@code out}. */
  void render(long position, float[] out, int length) {
    Arrays.fill(out, 0, length, 0f);
    for (int k = 0; k < items.size(); k++) {
      ProgrammeItem item = items.get(k);
      long start = starts[k];
      long stop = start + item.length();
      long from = Math.max(start, position);
      long to = Math.min(stop, position + length);
      if (from >= to || item.silent()) {
        continue;
      }
      Crossfade incoming = fades[k];
      Crossfade outgoing = fades[k + 1];
      long fadeOutStart = stop - outgoing.length();
      float[] samples = item.audio().samples();
      for (long p = from; p < to; p++) {
        long t = p - start;
        double gain = incoming.fadeIn(t) * outgoing.fadeOut(p - fadeOutStart);
        out[(int) (p - position)] += (float) (samples[(int) t] * gain);
      }
    }
  }
}
