package org.villagecast.fieldtools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.security.Ed25519Keys;
import org.villagecast.protocol.security.KeyRing;

/** Shared Ed25519 results give the same answers as checking each time. */
class SharedVerificationsTest {

  /**
   * Verifies that a frame checked by many rings is verified once, and that a tampered frame, an
   * unsigned one and another key are still told apart.
   */
  @Test
  void verify_sharedAcrossRings_sameAnswers() {
    TestHub hub = new TestHub(new ManualTime(Instant.parse("2025-06-01T00:00:00Z")));
    SharedVerifications shared = new SharedVerifications(16);
    byte[] good = hub.command(Address.all(), new Message.SetVolume(50));
    byte[] bad = good.clone();
    bad[bad.length - 1] ^= 1;

    for (int i = 0; i < 100; i++) {
      KeyRing ring = new KeyRing(shared);
      ring.add(TestHub.KEY_ID, hub.pair.getPublic());
      assertThat(ring.verify(good, FrameCodec.decode(good))).isEqualTo(KeyRing.Check.VALID);
      assertThat(ring.verify(bad, FrameCodec.decode(bad))).isEqualTo(KeyRing.Check.BAD_SIGNATURE);
    }
    assertThat(shared.misses()).isEqualTo(2);
    assertThat(shared.hits()).isEqualTo(198);

    KeyPair other = Ed25519Keys.generate();
    KeyRing stranger = new KeyRing(shared);
    stranger.add(TestHub.KEY_ID, other.getPublic());
    assertThat(stranger.verify(good, FrameCodec.decode(good)))
        .isEqualTo(KeyRing.Check.BAD_SIGNATURE);
  }
}
