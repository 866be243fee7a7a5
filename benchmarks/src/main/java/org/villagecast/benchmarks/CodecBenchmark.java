package org.villagecast.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;

/**
 * Encoding and decoding one frame, in frames per second on one thread. A signed frame is encoded
 * with its signature already in hand (signing is {@link SignatureBenchmark}); decoding checks the
 * whole layout but not the signature.
 *
 * <p>Baseline: copying a byte array of the frame's wire size, the least any codec must do. The
 * machine is shared, so the ratio to this baseline, measured in the same run, says more than the
 * absolute figure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {

  @Param({"PLAY", "AUDIO", "HEARTBEAT"})
  public FrameKind kind;

  private Frame frame;
  private byte[] wire;

  @Setup
  public void setUp() {
    Fixtures.Keys keys = Fixtures.keys();
    wire = Fixtures.wire(kind.frame(1, Fixtures.T0), keys.signer());
    // Decoded from the wire, so a hub-to-terminal frame carries its signature when encoded.
    frame = FrameCodec.decode(wire);
  }

  @Benchmark
  public void encode(Blackhole sink) {
    sink.consume(FrameCodec.encode(frame));
  }

  @Benchmark
  public void decode(Blackhole sink) {
    sink.consume(FrameCodec.decode(wire));
  }

  @Benchmark
  public void baselineCopy(Blackhole sink) {
    sink.consume(wire.clone());
  }
}
