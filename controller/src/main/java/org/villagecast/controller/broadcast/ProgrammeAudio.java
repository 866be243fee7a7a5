package org.villagecast.controller.broadcast;

import java.util.List;

/**
 * A programme ready to play, as the Opus packets (20 ms, 48 kHz, mono) its stream carries, in
 * order. The stream stamps them: packet {@code k} is heard from {@code start + (k × 960 − preSkip)
 * / 48 kHz} ({@link org.villagecast.controller.audio.opus.OpusStreamEncoder}).
 *
 * <p>Two kinds: {@link EncodedProgramme}, a finite programme encoded whole when it is rendered (so
 * playing it costs the hub almost nothing in real time), and {@link RelayEncoding}, a programme
 * over a live relay, mixed and encoded as it plays. One thread at a time.
 */
public interface ProgrammeAudio extends AutoCloseable {
  /** Samples the decoder drops at the start of the stream (the encoder's look-ahead). */
  int preSkip();

  /** The programme's length in samples at 48 kHz; {@link Long#MAX_VALUE} for a relay. */
  long lengthSamples();

  /** Up to {@code count} further packets; fewer only when the programme has come to its end. */
  List<byte[]> next(int count);

  /** Whether every packet of the programme has been taken. */
  boolean exhausted();

  /**
   * The packets that end the stream now, for its last AUDIO: when stopped early at least one (an
   * AUDIO carries one or more), at the end whatever is left (the encoder's tail of a relay).
   */
  List<byte[]> finish();

  /** Releases the live source, if any. */
  @Override
  void close();
}
