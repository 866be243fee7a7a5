package org.villagecast.controller.audio.resample;

import java.util.Arrays;
import org.villagecast.controller.audio.Fir;
import org.villagecast.controller.audio.PcmAudio;

/**
 * {@link Resampler}'s filter run block by block, for audio that arrives while it plays (a live
 * stream, a line input): the blocks may have any length, and the output, block after block and then
 * {@link #flush()}, is the same as {@link Resampler#resample} of the whole recording (sample for
 * sample, the same arithmetic in the same order).
 *
 * <p>Latency: an output sample needs the input up to about half the filter span after its own
 * position, so each call returns the output up to about {@link Resampler#taps()} input samples
 * before the end of what it has been given (about 1.3 ms at 44.1 kHz → 48 kHz). The state carried
 * from block to block is that span of input and the position of the next output.
 *
 * <p>Not thread-safe: one instance per stream, used by one thread.
 */
public final class StreamingResampler {
  private static final float[] NONE = new float[0];

  private final int inputRate;
  private final int outputRate;
  private final Resampler filter;
  private final int up;
  private final int down;
  private final int taps;

  /** The input, zero-padded in front like the whole-clip filter's, from padded index start. */
  private float[] history;

  private long historyStart;
  private int historyLength;

  /** Padded index of the next output's first tap minus 1, and its phase. */
  private long base;

  private int phase;
  private long inputCount;
  private long outputCount;
  private float[] scratch = new float[1024];
  private boolean flushed;

  private StreamingResampler(int inputRate, int outputRate, boolean passThrough) {
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    this.filter = passThrough ? null : Resampler.between(inputRate, outputRate);
    this.up = passThrough ? 1 : filter.up();
    this.down = passThrough ? 1 : filter.down();
    this.taps = passThrough ? 0 : filter.phase(0).length;
    int halfTaps = passThrough ? 0 : filter.halfTaps();
    this.history = new float[Math.max(1024, 4 * (taps + halfTaps))];
    // The whole-clip filter pads the input with halfTaps zeros in front: the same here.
    this.historyLength = halfTaps;
  }

  /**
   * A resampler from {@code inputRate} to {@code outputRate}, equal block by block to {@link
   * Resampler#between}{@code (inputRate, outputRate)}.
   *
   * @throws IllegalArgumentException when {@link Resampler#supports} refuses the pair
   */
  public static StreamingResampler between(int inputRate, int outputRate) {
    return new StreamingResampler(inputRate, outputRate, false);
  }

  /**
   * A resampler to the engine rate, equal block by block to {@link Resampler#toEngineRate}: at the
   * engine rate already, it hands the samples through unchanged.
   */
  public static StreamingResampler toEngineRate(int inputRate) {
    return new StreamingResampler(
        inputRate, PcmAudio.ENGINE_RATE, inputRate == PcmAudio.ENGINE_RATE);
  }

  public int inputRate() {
    return inputRate;
  }

  public int outputRate() {
    return outputRate;
  }

  /** Input samples taken so far. */
  public long inputCount() {
    return inputCount;
  }

  /** Output samples returned so far. */
  public long outputCount() {
    return outputCount;
  }

  /**
   * Takes {@code length} input samples from {@code input[offset]} and returns the output samples
   * that are now complete (possibly none).
   *
   * @throws IllegalStateException after {@link #flush()}
   */
  public float[] process(float[] input, int offset, int length) {
    if (flushed) {
      throw new IllegalStateException("the resampler was flushed: its stream has ended");
    }
    java.util.Objects.checkFromIndexSize(offset, length, input.length);
    inputCount += length;
    if (filter == null) {
      outputCount += length;
      return Arrays.copyOfRange(input, offset, offset + length);
    }
    append(input, offset, length);
    return produce(Long.MAX_VALUE);
  }

  /**
   * Ends the stream: returns the last output samples, computed as if zeros followed the input (what
   * the whole-clip filter does at the end of a clip), so that the total output is {@code
   * ceil(inputs · outputRate / inputRate)} samples long. The resampler takes no input after this.
   */
  public float[] flush() {
    if (flushed) {
      return NONE;
    }
    flushed = true;
    if (filter == null) {
      return NONE;
    }
    append(new float[taps + filter.halfTaps() + 1], 0, taps + filter.halfTaps() + 1);
    long total = (inputCount * up + down - 1) / down;
    return produce(total);
  }

  private void append(float[] input, int offset, int length) {
    // Drop what no future output needs: everything before the next output's first tap.
    int unused = (int) Math.min(historyLength, base + 1 - historyStart);
    if (unused > 0 && historyLength + length > history.length) {
      System.arraycopy(history, unused, history, 0, historyLength - unused);
      historyLength -= unused;
      historyStart += unused;
    }
    if (historyLength + length > history.length) {
      history = Arrays.copyOf(history, Math.max(2 * history.length, historyLength + length));
    }
    System.arraycopy(input, offset, history, historyLength, length);
    historyLength += length;
  }

  private float[] produce(long limit) {
    int count = 0;
    long end = historyStart + historyLength;
    while (outputCount < limit && base + taps < end) {
      if (count == scratch.length) {
        scratch = Arrays.copyOf(scratch, 2 * count);
      }
      // Tap k multiplies padded index base + 1 + k, as in Resampler.resample.
      scratch[count++] =
          Fir.dot(history, (int) (base + 1 - historyStart), filter.phase(phase), taps);
      outputCount++;
      phase += down;
      base += phase / up;
      phase %= up;
    }
    return count == 0 ? NONE : Arrays.copyOf(scratch, count);
  }
}
