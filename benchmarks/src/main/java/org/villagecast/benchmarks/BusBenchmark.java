package org.villagecast.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.villagecast.protocol.bus.BusFrame;
import org.villagecast.protocol.bus.BusFrameParser;
import org.villagecast.protocol.bus.Crc16;
import org.villagecast.protocol.codec.ProtocolException;

/**
 * RS-485 framing, in bus frames per second on one thread: encoding one COMMAND carrying a signed
 * PLAY, and parsing a stream of bus frames as a UART delivers it.
 *
 * <p>Baselines: copying the same bytes, and (for parsing) the CRC-16 over the stream, which the
 * parser cannot avoid.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BusBenchmark {

  /** Bus frames in one {@link #busStream()}. */
  static final int STREAM_FRAMES = 17;

  /** Bytes handed to the parser at a time, like one read from a serial port. */
  static final int CHUNK = 64;

  private BusFrame command;
  private byte[] commandBytes;
  private byte[] stream;
  private BusFrameParser parser;
  private Blackhole parserSink;
  private long parsed;
  private long parseErrors;

  /**
   * One poll cycle of a bus of eight units: a broadcast COMMAND (address 0) carrying a signed PLAY,
   * then a POLL of each unit, answered by a REPLY carrying a HEARTBEAT (odd units) or NOTHING.
   */
  static byte[] busStream(Fixtures.Keys keys) {
    byte[] play = Fixtures.wire(FrameKind.PLAY.frame(1, Fixtures.T0), keys.signer());
    byte[] heartbeat = Fixtures.wire(FrameKind.HEARTBEAT.frame(2, Fixtures.T0), keys.signer());
    List<byte[]> frames = new ArrayList<>();
    frames.add(BusFrame.command(BusFrame.BROADCAST, play).encode());
    for (int unit = 1; unit <= 8; unit++) {
      frames.add(BusFrame.poll(unit).encode());
      frames.add(
          unit % 2 == 1
              ? BusFrame.reply(unit, heartbeat).encode()
              : BusFrame.nothing(unit).encode());
    }
    if (frames.size() != STREAM_FRAMES) {
      throw new IllegalStateException(frames.size() + " frames, not " + STREAM_FRAMES);
    }
    int length = frames.stream().mapToInt(f -> f.length).sum();
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] frame : frames) {
      System.arraycopy(frame, 0, out, at, frame.length);
      at += frame.length;
    }
    return out;
  }

  @Setup
  public void setUp() {
    Fixtures.Keys keys = Fixtures.keys();
    byte[] play = Fixtures.wire(FrameKind.PLAY.frame(1, Fixtures.T0), keys.signer());
    command = BusFrame.command(5, play);
    commandBytes = command.encode();
    stream = busStream(keys);
    parser =
        new BusFrameParser(
            new BusFrameParser.Listener() {
              @Override
              public void onFrame(BusFrame frame) {
                parsed++;
                parserSink.consume(frame);
              }

              @Override
              public void onError(ProtocolException error) {
                parseErrors++;
              }
            });
  }

  @TearDown
  public void tearDown() {
    if (parseErrors > 0 || parsed % STREAM_FRAMES != 0) {
      throw new IllegalStateException(
          "parser found " + parsed + " frames and " + parseErrors + " errors: not a clean stream");
    }
  }

  @Benchmark
  public void busFrameEncode(Blackhole sink) {
    sink.consume(command.encode());
  }

  @Benchmark
  public void baselineCopyFrame(Blackhole sink) {
    sink.consume(commandBytes.clone());
  }

  @Benchmark
  @OperationsPerInvocation(STREAM_FRAMES)
  public void parseStream(Blackhole sink) {
    parserSink = sink;
    for (int at = 0; at < stream.length; at += CHUNK) {
      parser.feed(stream, at, Math.min(CHUNK, stream.length - at));
    }
  }

  @Benchmark
  @OperationsPerInvocation(STREAM_FRAMES)
  public void baselineCopyStream(Blackhole sink) {
    sink.consume(stream.clone());
  }

  @Benchmark
  @OperationsPerInvocation(STREAM_FRAMES)
  public int baselineCrcStream() {
    return Crc16.of(stream, 0, stream.length);
  }
}
