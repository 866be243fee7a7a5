package org.villagecast.fieldtools.sim;

/**
 * Where a reference terminal's frames go, and how it tells its transport what to listen to. Called
 * on the terminal's own thread.
 */
public interface TerminalOutput {

  /**
   * Sends one encoded frame to the hub. Reliable frames (acks, reports) go at least once (MQTT QoS
   * 1); the rest (heartbeats) at most once.
   */
  void send(byte[] frame, boolean reliable);

  /** The terminal plays a STREAM broadcast: deliver the AUDIO of this stream from now on. */
  default void listenToStream(long streamId) {}

  /** The stream's broadcast ended on this terminal. */
  default void stopListening(long streamId) {}

  /** CONFIG changed the terminal's identity, area or groups: re-subscribe. */
  default void settingsChanged(TerminalSettings previous, TerminalSettings current) {}
}
