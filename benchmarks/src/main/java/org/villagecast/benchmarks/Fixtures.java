package org.villagecast.benchmarks;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.security.Ed25519Keys;
import org.villagecast.protocol.security.HubSigner;
import org.villagecast.protocol.security.KeyRing;

/** Keys, addresses and times shared by the benchmarks; used only in {@code @Setup} methods. */
final class Fixtures {
  private Fixtures() {}

  /** 2026-01-01T00:00:00Z in microseconds: the hub time of every fixture frame. */
  static final long T0 = 1_767_225_600_000_000L;

  static final int KEY_ID = 7;
  static final long STREAM_ID = 42;

  /** A county: province 37, city 01, county 02. */
  static final String COUNTY = "370102";

  /** A terminal in village 001 of town 003 of that county (level, area, type, sequences). */
  static final String RESOURCE_CODE = "3" + "370102003001" + "0301" + "01" + "01" + "01";

  /** One hub key and the terminal key ring that trusts it. */
  record Keys(HubSigner signer, KeyRing ring, KeyPair pair) {}

  static Keys keys() {
    KeyPair pair = Ed25519Keys.generate();
    KeyRing ring = new KeyRing();
    ring.add(KEY_ID, pair.getPublic());
    return new Keys(new HubSigner(KEY_ID, pair.getPrivate()), ring, pair);
  }

  /** The frame's wire bytes: signed when the hub must sign its type, as on a real link. */
  static byte[] wire(Frame frame, HubSigner signer) {
    return frame.type().requiresSignature() ? signer.encodeSigned(frame) : FrameCodec.encode(frame);
  }

  /** A clock standing still at the given hub time in microseconds. */
  static Clock clockAt(long micros) {
    return Clock.fixed(
        Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000), ZoneOffset.UTC);
  }
}
