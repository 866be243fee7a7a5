package org.villagecast.controller.audio.clip;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.villagecast.controller.audio.PcmAudio;

/**
 * Recently used clips' audio in memory, bounded by the bytes of the samples held (4 per sample);
 * the least recently used goes first. A clip larger than the whole bound is not kept.
 *
 * <p>Why: a programme that repeats a clip every few minutes, or many broadcasts starting the same
 * clip at once, would otherwise read and convert the same file again each time. Thread-safe. Audio
 * is copied in and out, so no caller can change what another reads.
 */
final class EngineAudioCache {
  private final long maxBytes;
  private final LinkedHashMap<Long, PcmAudio> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  EngineAudioCache(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("cache size " + maxBytes + " is negative");
    }
    this.maxBytes = maxBytes;
  }

  synchronized Optional<PcmAudio> get(long clipId) {
    PcmAudio audio = entries.get(clipId);
    return audio == null ? Optional.empty() : Optional.of(copy(audio));
  }

  synchronized void put(long clipId, PcmAudio audio) {
    long size = sizeOf(audio);
    if (size > maxBytes) {
      return;
    }
    PcmAudio previous = entries.put(clipId, copy(audio));
    if (previous != null) {
      bytes -= sizeOf(previous);
    }
    bytes += size;
    Iterator<Map.Entry<Long, PcmAudio>> eldest = entries.entrySet().iterator();
    while (bytes > maxBytes && eldest.hasNext()) {
      bytes -= sizeOf(eldest.next().getValue());
      eldest.remove();
    }
  }

  synchronized void remove(long clipId) {
    PcmAudio removed = entries.remove(clipId);
    if (removed != null) {
      bytes -= sizeOf(removed);
    }
  }

  synchronized long bytes() {
    return bytes;
  }

  synchronized int size() {
    return entries.size();
  }

  private static long sizeOf(PcmAudio audio) {
    return 4L * audio.length();
  }

  private static PcmAudio copy(PcmAudio audio) {
    return new PcmAudio(audio.sampleRate(), audio.samples().clone());
  }
}
