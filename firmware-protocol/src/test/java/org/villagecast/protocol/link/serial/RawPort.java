package org.villagecast.protocol.link.serial;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.villagecast.protocol.bus.BusFrame;
import org.villagecast.protocol.bus.BusFrameParser;
import org.villagecast.protocol.codec.ProtocolException;

/**
 * The far end of a pty opened with plain java.io, not a {@link SerialLink}: writes exactly the
 * bytes a test gives it (garbage, half frames) and timestamps what it reads.
 */
final class RawPort implements AutoCloseable {

  /** Bytes as one read() returned them, stamped with System.nanoTime() right after. */
  record Chunk(long nanos, byte[] bytes) {}

  /** A frame the raw end decoded, stamped with the arrival of the chunk holding its first byte. */
  record Arrival(long firstByteNanos, BusFrame frame) {}

  private final FileOutputStream out;
  private final FileInputStream in;
  private final BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
  private final BlockingQueue<Arrival> frames = new LinkedBlockingQueue<>();
  private final Thread reader;

  RawPort(Path pty) {
    try {
      this.out = new FileOutputStream(pty.toFile());
      this.in = new FileInputStream(pty.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.reader = new Thread(this::read, "raw-port " + pty);
    this.reader.setDaemon(true);
    this.reader.start();
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The next frame the other side sent, or null after the timeout. */
  Arrival nextFrame(long seconds) throws InterruptedException {
    return frames.poll(seconds, TimeUnit.SECONDS);
  }

  BlockingQueue<Chunk> chunks() {
    return chunks;
  }

  private void read() {
    long[] frameStart = {0};
    BusFrameParser parser =
        new BusFrameParser(
            new BusFrameParser.Listener() {
              @Override
              public void onFrame(BusFrame frame) {
                frames.add(new Arrival(frameStart[0], frame));
              }

              @Override
              public void onError(ProtocolException error) {
                throw new AssertionError("the link sent a broken frame: " + error.getMessage());
              }
            });
    byte[] buffer = new byte[4096];
    try {
      int n;
      while ((n = in.read(buffer)) > 0) {
        long now = System.nanoTime();
        byte[] bytes = java.util.Arrays.copyOf(buffer, n);
        chunks.add(new Chunk(now, bytes));
        for (byte b : bytes) {
          if (parser.state() == BusFrameParser.State.HUNTING) {
            frameStart[0] = now;
          }
          parser.feed(new byte[] {b});
        }
      }
    } catch (IOException e) {
      // the pty went away: test over
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
    in.close();
  }
}
