package org.villagecast.controller.audio.speech;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.villagecast.controller.audio.PcmAudio;

/**
 * Keeps recent speech in memory, keyed by text, voice (after {@link Voice#AUTO} is resolved), rate
 * and pitch, and bounded by the bytes of audio held; the least recently used goes first.
 *
 * <p>Why memory and not disk: espeak-ng speaks a 200-character notice in tens of milliseconds
 * (docs/performance.md), so what a cache saves is small and a cold cache after a restart costs
 * little; a disk cache would add files to expire, a full disk as a failure mode, and writers racing
 * between the hubs of a cluster. The cache matters for what repeats within minutes: a notice played
 * every 10 minutes, previews while an operator edits.
 *
 * <p>Thread-safe. Two threads that miss on the same request at once both synthesise; the second
 * result replaces the first, which costs one wasted synthesis and no wrong audio. Audio is copied
 * in and out: the cache never hands out an array a caller could change.
 */
public final class CachingSpeechSynthesizer implements SpeechSynthesizer {
  /** 64 MB: about 12 minutes of 22 kHz speech as floats. */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;

  private final SpeechSynthesizer engine;
  private final long maxBytes;
  private final LinkedHashMap<SpeechRequest, PcmAudio> entries =
      new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;
  private long hits;
  private long misses;

  public CachingSpeechSynthesizer(SpeechSynthesizer engine, long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("cache size " + maxBytes + " is negative");
    }
    this.engine = engine;
    this.maxBytes = maxBytes;
  }

  @Override
  public PcmAudio synthesize(SpeechRequest request) {
    SpeechRequest key = request.withResolvedVoice();
    synchronized (this) {
      PcmAudio cached = entries.get(key);
      if (cached != null) {
        hits++;
        return copy(cached);
      }
      misses++;
    }
    PcmAudio audio = engine.synthesize(key);
    long size = sizeOf(audio);
    if (size <= maxBytes) {
      synchronized (this) {
        PcmAudio previous = entries.put(key, copy(audio));
        if (previous != null) {
          bytes -= sizeOf(previous);
        }
        bytes += size;
        evict();
      }
    }
    return audio;
  }

  public synchronized long hits() {
    return hits;
  }

  public synchronized long misses() {
    return misses;
  }

  /** Bytes of audio held now. */
  public synchronized long bytes() {
    return bytes;
  }

  public synchronized int entries() {
    return entries.size();
  }

  private void evict() {
    Iterator<Map.Entry<SpeechRequest, PcmAudio>> eldest = entries.entrySet().iterator();
    while (bytes > maxBytes && eldest.hasNext()) {
      bytes -= sizeOf(eldest.next().getValue());
      eldest.remove();
    }
  }

  private static long sizeOf(PcmAudio audio) {
    return 4L * audio.length();
  }

  private static PcmAudio copy(PcmAudio audio) {
    return new PcmAudio(audio.sampleRate(), audio.samples().clone());
  }
}
