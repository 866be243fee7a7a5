package org.villagecast.controller.audio.clip;

import java.util.Optional;
import org.villagecast.controller.audio.PcmAudio;

/** The clip library as a broadcast sees it: a stored clip's sound, ready for the mixer. */
public interface ClipLookup {
  /**
   * The clip's audio at the engine rate ({@link PcmAudio#ENGINE_RATE}), normalised as it was
   * stored; empty when there is no clip with this id. Blocking: call it off the event loop.
   */
  Optional<PcmAudio> engineAudio(long clipId);
}
