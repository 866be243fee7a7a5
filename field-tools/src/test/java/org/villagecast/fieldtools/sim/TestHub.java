package org.villagecast.fieldtools.sim;

import java.security.KeyPair;
import java.time.Clock;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.security.CommandGuard;
import org.villagecast.protocol.security.Ed25519Keys;
import org.villagecast.protocol.security.HubSigner;
import org.villagecast.protocol.security.KeyRing;

/** The hub's side in unit tests: signs commands with its own key on the true clock. */
final class TestHub {
  static final int KEY_ID = 1;

  final KeyPair pair = Ed25519Keys.generate();
  final HubSigner signer = new HubSigner(KEY_ID, pair.getPrivate());
  private final Clock clock;
  private long lastId;

  TestHub(Clock clock) {
    this.clock = clock;
  }

  /** A key ring that trusts this hub. */
  KeyRing trustingRing() {
    KeyRing ring = new KeyRing();
    ring.add(KEY_ID, pair.getPublic());
    return ring;
  }

  long now() {
    return CommandGuard.micros(clock.instant());
  }

  long lastId() {
    return lastId;
  }

  long nextId() {
    return ++lastId;
  }

  Frame frame(Address to, Message message) {
    return Frame.of(to, nextId(), 0, now(), message).withAckRequested(true);
  }

  /** A signed command with ACK_REQUESTED. */
  byte[] command(Address to, Message message) {
    return signer.encodeSigned(frame(to, message));
  }

  byte[] sign(Frame frame) {
    return signer.encodeSigned(frame);
  }

  /** The answer to a terminal's TIME_SYNC_REQUEST, received and sent at the hub's now. */
  byte[] timeSyncResponse(Address to, long refersTo, long t1) {
    long now = now();
    return signer.encodeSigned(
        Frame.of(to, ++lastId, refersTo, now, new Message.TimeSyncResponse(t1, now, now)));
  }
}
