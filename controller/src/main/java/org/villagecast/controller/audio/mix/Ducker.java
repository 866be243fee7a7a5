package org.villagecast.controller.audio.mix;

import org.villagecast.controller.audio.PcmAudio;

/**
 * The gain of the background layer, sample by sample, from a key that says whether a notice is
 * sounding: down by the depth over the attack time while the key is on, held for the hold time
 * after it goes off, then back up over the release time.
 *
 * <p>The gain moves in straight lines in dB (a constant number of dB per sample), so it never steps
 * and adds no click; with the defaults a step is about 0.003 dB. Not thread-safe; one per
 * broadcast.
 */
public final class Ducker {
  private final double depthDb;
  private final double attackStepDb;
  private final double releaseStepDb;
  private final long holdSamples;
  private double gainDb;
  private long holdLeft;
  private double cachedDb = 0;
  private float cachedGain = 1f;

  public Ducker(DuckingSettings settings) {
    this.depthDb = settings.depthDb();
    this.attackStepDb = depthDb / Math.max(1, samples(settings.attack().toNanos()));
    this.releaseStepDb = depthDb / Math.max(1, samples(settings.release().toNanos()));
    this.holdSamples = samples(settings.hold().toNanos());
  }

  private static long samples(long nanos) {
    return nanos * PcmAudio.ENGINE_RATE / 1_000_000_000L;
  }

  /**
   * The linear gain for the next sample of the background.
   *
   * @param noticeSounding whether the key (the notice layer) is on at this sample
   */
  public float next(boolean noticeSounding) {
    if (noticeSounding) {
      holdLeft = holdSamples;
      gainDb = Math.max(-depthDb, gainDb - attackStepDb);
    } else if (holdLeft > 0) {
      holdLeft--;
    } else {
      gainDb = Math.min(0, gainDb + releaseStepDb);
    }
    if (gainDb != cachedDb) {
      cachedDb = gainDb;
      cachedGain = (float) Math.pow(10, gainDb / 20);
    }
    return cachedGain;
  }

  /** The current gain, dB (0 = full level, −depth = fully ducked). */
  public double gainDb() {
    return gainDb;
  }
}
