package org.villagecast.controller.audio.loudness;

import java.util.Arrays;
import org.villagecast.controller.audio.PcmAudio;

/**
 * Integrated loudness of mono audio per ITU-R BS.1770-4 §2 and EBU R128 (Tech 3341), in LUFS:
 * K-weighting at the audio's own rate, mean square over 400 ms blocks every 100 ms (75 % overlap;
 * only whole blocks count), an absolute gate at −70 LUFS, then a relative gate 10 LU below the
 * loudness of the blocks that passed the first, and the loudness of the blocks that pass both.
 *
 * <p>Mono counts as one channel with weight 1 (as ffmpeg's {@code ebur128} does without its
 * dual-mono option). Feed audio with {@link #accept} in any chunk sizes; the result does not depend
 * on them. Not thread-safe.
 */
public final class LoudnessMeter {
  /** Absolute gate, LUFS. */
  public static final double ABSOLUTE_GATE_LUFS = -70;

  /** Relative gate, LU below the absolutely gated loudness. */
  public static final double RELATIVE_GATE_LU = -10;

  private final int sampleRate;
  private final KWeightingFilter filter;
  private double subBlockSum;
  private long subBlockIndex;
  private long samplesSeen;
  private long subBlockEnd;
  private final double[] lastSubBlocks = new double[4];
  private final long[] lastSubBlockSizes = new long[4];
  private double[] blockPowers = new double[64];
  private int blocks;
  private double peak;

  public LoudnessMeter(int sampleRate) {
    this.sampleRate = sampleRate;
    this.filter = new KWeightingFilter(sampleRate);
    this.subBlockEnd = subBlockBoundary(1);
  }

  /** Integrated loudness of {@code audio}, LUFS; negative infinity when every block is gated. */
  public static double integratedLoudness(PcmAudio audio) {
    LoudnessMeter meter = new LoudnessMeter(audio.sampleRate());
    meter.accept(audio.samples(), 0, audio.length());
    return meter.integratedLufs();
  }

  /** Sub-block k (100 ms each) ends before sample floor(k · rate / 10), exact at any rate. */
  private long subBlockBoundary(long k) {
    return k * sampleRate / 10;
  }

  public void accept(float[] samples, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      double weighted = filter.process(samples[i]);
      subBlockSum += weighted * weighted;
      peak = Math.max(peak, Math.abs(samples[i]));
      samplesSeen++;
      if (samplesSeen == subBlockEnd) {
        closeSubBlock();
      }
    }
  }

  private void closeSubBlock() {
    int slot = (int) (subBlockIndex % 4);
    lastSubBlocks[slot] = subBlockSum;
    lastSubBlockSizes[slot] = subBlockEnd - subBlockBoundary(subBlockIndex);
    subBlockSum = 0;
    subBlockIndex++;
    subBlockEnd = subBlockBoundary(subBlockIndex + 1);
    if (subBlockIndex >= 4) {
      double sum = 0;
      long size = 0;
      for (int s = 0; s < 4; s++) {
        sum += lastSubBlocks[s];
        size += lastSubBlockSizes[s];
      }
      if (blocks == blockPowers.length) {
        blockPowers = Arrays.copyOf(blockPowers, blocks * 2);
      }
      blockPowers[blocks++] = sum / size;
    }
  }

  /** Number of whole 400 ms blocks measured so far. */
  public int blocks() {
    return blocks;
  }

  /** Largest absolute sample value so far (the sample peak, not the true peak). */
  public double samplePeak() {
    return peak;
  }

  /** Integrated loudness so far, LUFS; negative infinity when no block passes the gates. */
  public double integratedLufs() {
    double absoluteGate = power(ABSOLUTE_GATE_LUFS);
    double sum = 0;
    int count = 0;
    for (int b = 0; b < blocks; b++) {
      if (blockPowers[b] > absoluteGate) {
        sum += blockPowers[b];
        count++;
      }
    }
    if (count == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double relativeGate = power(lufs(sum / count) + RELATIVE_GATE_LU);
    double gatedSum = 0;
    int gatedCount = 0;
    for (int b = 0; b < blocks; b++) {
      if (blockPowers[b] > absoluteGate && blockPowers[b] > relativeGate) {
        gatedSum += blockPowers[b];
        gatedCount++;
      }
    }
    return gatedCount == 0 ? Double.NEGATIVE_INFINITY : lufs(gatedSum / gatedCount);
  }

  /** BS.1770 eq. 2 for one channel of weight 1. */
  static double lufs(double meanSquare) {
    return -0.691 + 10 * Math.log10(meanSquare);
  }

  static double power(double lufs) {
    return Math.pow(10, (lufs + 0.691) / 10);
  }
}
