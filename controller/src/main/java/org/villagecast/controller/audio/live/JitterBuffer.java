package org.villagecast.controller.audio.live;

/**
 * The ring of engine-rate samples between a live source's network thread (the writer) and the
 * broadcast that reads it at the pace of real time.
 *
 * <p>Reads return sound only once {@code prebuffer} samples have gathered, and again only after the
 * ring has run dry and gathered them anew, so a source that arrives slower than real time plays in
 * stretches instead of stuttering every block. When sound starts with more than the prebuffer
 * waiting (an Icecast server sends a burst of several seconds on connection), the oldest is skipped
 * down to the prebuffer: the relay stays within about the prebuffer of live. A write beyond the
 * capacity drops the oldest samples and counts them.
 *
 * <p>Both sides take one short lock to copy samples; neither ever waits for the other's data.
 * Public because a local capture ({@code audio.device.LineInCapture}) buffers the same way.
 */
public final class JitterBuffer {
  private final float[] ring;
  private final int prebuffer;
  private int head;
  private int size;
  private boolean playing;
  private long underrunSamples;
  private long droppedSamples;
  private long skippedSamples;
  private long rebuffers;

  /** A ring of {@code capacity} samples that starts sound at {@code prebuffer} (at most half). */
  public JitterBuffer(int capacity, int prebuffer) {
    if (prebuffer < 1 || capacity < 2 * prebuffer) {
      throw new IllegalArgumentException("capacity must hold at least two prebuffers");
    }
    this.ring = new float[capacity];
    this.prebuffer = prebuffer;
  }

  /** Appends samples; beyond the capacity the oldest are dropped and counted. */
  public synchronized void write(float[] samples, int offset, int length) {
    if (length > ring.length) {
      droppedSamples += length - ring.length;
      offset += length - ring.length;
      length = ring.length;
    }
    int overflow = size + length - ring.length;
    if (overflow > 0) {
      discard(overflow);
      droppedSamples += overflow;
    }
    int tail = (head + size) % ring.length;
    int first = Math.min(length, ring.length - tail);
    System.arraycopy(samples, offset, ring, tail, first);
    System.arraycopy(samples, offset + first, ring, 0, length - first);
    size += length;
  }

  /** Writes exactly {@code count} samples: sound when there is some, silence counted otherwise. */
  public synchronized void read(float[] out, int offset, int count) {
    if (!playing) {
      if (size < prebuffer) {
        java.util.Arrays.fill(out, offset, offset + count, 0f);
        underrunSamples += count;
        return;
      }
      playing = true;
      if (size > 2 * prebuffer) {
        skippedSamples += size - prebuffer;
        discard(size - prebuffer);
      }
    }
    int available = Math.min(count, size);
    int first = Math.min(available, ring.length - head);
    System.arraycopy(ring, head, out, offset, first);
    System.arraycopy(ring, 0, out, offset + first, available - first);
    discard(available);
    if (available < count) {
      java.util.Arrays.fill(out, offset + available, offset + count, 0f);
      underrunSamples += count - available;
      playing = false;
      rebuffers++;
    }
  }

  /** Empties the ring; the next sound waits for a full prebuffer again. */
  public synchronized void clear() {
    head = 0;
    size = 0;
    playing = false;
  }

  /** True while reads give sound (the prebuffer was reached and the ring has not run dry since). */
  public synchronized boolean playing() {
    return playing;
  }

  /** Samples waiting. */
  public synchronized int buffered() {
    return size;
  }

  /** Samples that reads filled with silence. */
  public synchronized long underrunSamples() {
    return underrunSamples;
  }

  /** Samples dropped because the ring was full (the source ran faster than real time). */
  public synchronized long droppedSamples() {
    return droppedSamples;
  }

  /** Samples skipped to bring a burst down to the prebuffer when sound started. */
  public synchronized long skippedSamples() {
    return skippedSamples;
  }

  /** Times the ring ran dry while playing. */
  public synchronized long rebuffers() {
    return rebuffers;
  }

  private void discard(int count) {
    head = (head + count) % ring.length;
    size -= count;
  }
}
