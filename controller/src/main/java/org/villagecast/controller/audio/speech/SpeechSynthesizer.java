package org.villagecast.controller.audio.speech;

import org.villagecast.controller.audio.PcmAudio;

/**
 * Turns the text of a notice into speech. Implementations may block for the length of a synthesis
 * (tens of milliseconds for a notice with espeak-ng): call them off the event loop.
 */
public interface SpeechSynthesizer {
  /**
   * Speaks the request's text. The audio is mono at the engine's own sample rate; the mixer
   * resamples it to the engine rate.
   *
   * @throws SpeechException with a message fit for the operator when speech cannot be made
   */
  PcmAudio synthesize(SpeechRequest request);
}
