package org.villagecast.benchmarks;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.security.CommandGuard;
import org.villagecast.protocol.security.HubSigner;
import org.villagecast.protocol.security.KeyRing;

/**
 * Signing on the hub and checking on the terminal, in frames per second on one thread.
 *
 * <p>Baselines: the JDK's Ed25519 {@link Signature} signing and verifying the same bytes with an
 * engine initialised once. Ed25519 costs far more than the codec, so our overhead over these should
 * be close to 1×.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SignatureBenchmark {

  /** Distinct frames the guard sees before it is replaced; more than its replay capacity. */
  static final int GUARD_STREAM = CommandGuard.DEFAULT_REPLAY_CAPACITY + 128;

  @Param({"PLAY", "AUDIO"})
  public FrameKind kind;

  private HubSigner signer;
  private KeyRing ring;
  private Frame unsigned;
  private byte[] wire;
  private Frame signed;
  private int signedLength;
  private Signature jdkSigner;
  private Signature jdkVerifier;
  private PublicKey publicKey;

  private byte[][] guardWires;
  private Frame[] guardFrames;
  private CommandGuard guard;
  private int guardNext;
  private long guardRejected;

  @Setup
  public void setUp() throws GeneralSecurityException {
    Fixtures.Keys keys = Fixtures.keys();
    signer = keys.signer();
    ring = keys.ring();
    unsigned = kind.frame(1, Fixtures.T0);
    wire = signer.encodeSigned(unsigned);
    signed = FrameCodec.decode(wire);
    signedLength = wire.length - Frame.Signature.VALUE_SIZE;
    jdkSigner = Signature.getInstance("Ed25519");
    jdkSigner.initSign(keys.pair().getPrivate());
    jdkVerifier = Signature.getInstance("Ed25519");
    publicKey = keys.pair().getPublic();
    jdkVerifier.initVerify(publicKey);

    // The guard must accept every frame, as in normal operation: distinct ids, timestamps 1 ms
    // apart and inside the window. A replayed id would measure the (cheaper) rejection path.
    guardWires = new byte[GUARD_STREAM][];
    guardFrames = new Frame[GUARD_STREAM];
    for (int i = 0; i < GUARD_STREAM; i++) {
      guardWires[i] = signer.encodeSigned(kind.frame(1 + i, Fixtures.T0 + i * 1_000L));
      guardFrames[i] = FrameCodec.decode(guardWires[i]);
    }
    guard = newGuard();
  }

  private CommandGuard newGuard() {
    // Synchronised a minute before the frames, as a terminal is after its first time sync.
    Instant[] now = {Fixtures.clockAt(Fixtures.T0 - 60_000_000L).instant()};
    Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            return now[0];
          }

          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }
        };
    CommandGuard guard = new CommandGuard(ring, clock);
    guard.synchronised();
    now[0] = Fixtures.clockAt(Fixtures.T0 + GUARD_STREAM * 1_000L).instant();
    return guard;
  }

  @TearDown
  public void tearDown() {
    if (guardRejected > 0) {
      throw new IllegalStateException(
          guardRejected + " frames rejected: the guard figure would not be the accepting path");
    }
  }

  /** Encode and sign, as the hub does for every command. */
  @Benchmark
  public void hubSignerEncodeSigned(Blackhole sink) {
    sink.consume(signer.encodeSigned(unsigned));
  }

  @Benchmark
  public void baselineJdkSign(Blackhole sink) throws GeneralSecurityException {
    jdkSigner.update(wire, 0, signedLength);
    sink.consume(jdkSigner.sign());
  }

  @Benchmark
  public void keyRingVerify(Blackhole sink) {
    sink.consume(ring.verify(wire, signed));
  }

  @Benchmark
  public void baselineJdkVerify(Blackhole sink) throws GeneralSecurityException {
    jdkVerifier.update(wire, 0, signedLength);
    sink.consume(jdkVerifier.verify(wire, signedLength, Frame.Signature.VALUE_SIZE));
  }

  /**
   * Reference point: the JDK verify with a new engine per call, as {@link KeyRing#verify} does
   * today. Against {@link #baselineJdkVerify} it shows what creating the engine costs.
   */
  @Benchmark
  public void jdkVerifyNewEngine(Blackhole sink) throws GeneralSecurityException {
    Signature engine = Signature.getInstance("Ed25519");
    engine.initVerify(publicKey);
    engine.update(wire, 0, signedLength);
    sink.consume(engine.verify(wire, signedLength, Frame.Signature.VALUE_SIZE));
  }

  /**
   * Reference point: one engine re-initialised with the key per call, as {@link HubSigner} does for
   * signing; what a key ring keeping one engine per thread would pay.
   */
  @Benchmark
  public void jdkVerifyReinitEngine(Blackhole sink) throws GeneralSecurityException {
    jdkVerifier.initVerify(publicKey);
    jdkVerifier.update(wire, 0, signedLength);
    sink.consume(jdkVerifier.verify(wire, signedLength, Frame.Signature.VALUE_SIZE));
  }

  /**
   * The terminal's whole acceptance check on a decoded frame: key, signature, window, replay cache.
   * Every {@value #GUARD_STREAM} frames the guard is replaced (a terminal restart, costing one
   * small allocation), so the frame ids can be reused.
   */
  @Benchmark
  public void commandGuardCheck(Blackhole sink) {
    sink.consume(checkNextGuardFrame());
  }

  /** The next frame of the guard stream through the guard; counts rejections for the teardown. */
  CommandGuard.Verdict checkNextGuardFrame() {
    if (guardNext == GUARD_STREAM) {
      guardNext = 0;
      guard = newGuard();
    }
    CommandGuard.Verdict verdict = guard.check(guardWires[guardNext], guardFrames[guardNext]);
    guardNext++;
    if (!verdict.accepted()) {
      guardRejected++;
    }
    return verdict;
  }
}
