package org.villagecast.controller.broadcast;

import org.villagecast.controller.audio.opus.OpusPacket;

/**
 * Hears a broadcast's Opus packets as they are sent (the listen-back stream). Called on the
 * stream's pacing thread: return quickly, never block.
 */
public interface StreamTap {
  /** One 20 ms packet, in order. */
  void packet(OpusPacket packet);

  /** The stream ended; no packet follows. */
  void ended();
}
