package org.villagecast.controller.audio;

/**
 * A source of sound that arrives while it plays (a live relay, a line input), read by a broadcast
 * at the pace of real time in blocks of the engine rate ({@link PcmAudio#ENGINE_RATE}, mono).
 *
 * <p>Reading never blocks and never fails: where the source has nothing yet (still connecting,
 * reconnecting, a network stall) the block is filled with silence and counted as an underrun, so
 * one dead source cannot stall a broadcast or the hub.
 */
public interface AudioFeed extends AutoCloseable {
  /** Writes exactly {@code count} samples into {@code out} from {@code offset}. */
  void read(float[] out, int offset, int count);

  /** Whether the feed has ended for good (a live source that is reconnecting has not). */
  boolean ended();

  /** Samples filled with silence because the source had none, since the feed was opened. */
  long underrunSamples();

  /** Stops the source; reads after this give silence. Never throws. */
  @Override
  void close();
}
