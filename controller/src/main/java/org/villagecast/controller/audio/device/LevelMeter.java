package org.villagecast.controller.audio.device;

/**
 * Peak and RMS level over windows of 100 ms, for the console's meter and for "is anything coming in
 * / going out": the last complete window's figures, readable from any thread.
 */
public final class LevelMeter {
  /** What a window of silence reads, in dBFS. */
  public static final double FLOOR_DB = -120;

  private final int window;
  private int counted;
  private double sumSquares;
  private float peak;
  private volatile double lastPeakDb = FLOOR_DB;
  private volatile double lastRmsDb = FLOOR_DB;

  /** A meter of {@code sampleRate} audio (windows of a tenth of it). */
  public LevelMeter(int sampleRate) {
    this.window = Math.max(1, sampleRate / 10);
  }

  /** Measures samples; called by the one thread that moves the audio. */
  public void measure(float[] samples, int offset, int count) {
    for (int i = offset; i < offset + count; i++) {
      float sample = samples[i];
      sumSquares += (double) sample * sample;
      peak = Math.max(peak, Math.abs(sample));
      if (++counted == window) {
        lastPeakDb = db(peak);
        // A full-scale sine reads −3 dBFS RMS: the usual meter convention, no offset added.
        lastRmsDb =
            sumSquares == 0 ? FLOOR_DB : Math.max(FLOOR_DB, 10 * Math.log10(sumSquares / window));
        counted = 0;
        sumSquares = 0;
        peak = 0;
      }
    }
  }

  /** Peak of the last complete window, dBFS ({@link #FLOOR_DB} for silence). */
  public double peakDbfs() {
    return lastPeakDb;
  }

  /** RMS of the last complete window, dBFS. */
  public double rmsDbfs() {
    return lastRmsDb;
  }

  private static double db(float value) {
    return value == 0 ? FLOOR_DB : Math.max(FLOOR_DB, 20 * Math.log10(value));
  }
}
