package org.villagecast.controller.audio.live;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.controller.audio.AudioFeed;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.decode.MpegFrameHeader;
import org.villagecast.controller.audio.resample.StreamingResampler;

/**
 * A live HTTP/Icecast MP3 stream as an {@link AudioFeed}: the background of a live relay.
 *
 * <p>A daemon thread of its own connects, reads the stream as it arrives, cuts it into MP3 frames
 * ({@link Mp3FrameSync}, which resynchronises after garbage), decodes them with jlayer, mixes them
 * to mono, resamples them to the engine rate ({@link StreamingResampler}) and writes them into a
 * {@link JitterBuffer}. The broadcast reads that buffer from its own thread at the pace of real
 * time; a read never waits for the network.
 *
 * <p>The source never ends on its own: when the stream dies, stalls, is refused or is not MP3, it
 * says why in its {@link #status()}, tells its {@link LiveStreamListener}, and tries again after
 * 0.5 s, 1 s, 2 s … up to 10 s (back to 0.5 s once a connection has delivered audio), until the hub
 * {@link #close() closes} it. Audio already buffered plays out meanwhile; after it, reads give
 * silence counted in {@link #underrunSamples()}.
 */
public final class LiveStreamSource implements AudioFeed {
  private static final Logger LOG = LoggerFactory.getLogger(LiveStreamSource.class);

  /** How long a read of the socket waits before the thread looks at the clock and the buffer. */
  private static final Duration POLL = Duration.ofMillis(200);

  private final LiveStreamConfig config;
  private final LiveStreamListener listener;
  private final Clock clock;
  private final JitterBuffer buffer;
  private final ReconnectBackoff backoff;
  private final int prebufferSamples;
  private final CountDownLatch closedSignal = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean closed;
  private volatile Socket socket;

  private final Object stateLock = new Object();
  private LiveStreamState state = LiveStreamState.CONNECTING;
  private String reason = "";
  private Instant since;
  private Instant retryAt;
  private String lastWarning = "";

  // Written by the source's thread only; read by status() from any thread.
  private volatile long bytesReceived;
  private volatile long framesDecoded;
  private volatile long badFrames;
  private volatile long skippedBytes;
  private volatile long reconnects;
  private volatile String format = "";
  private volatile Instant lastAudioAt;

  private LiveStreamSource(LiveStreamConfig config, LiveStreamListener listener, Clock clock) {
    this.config = config;
    this.listener = listener == null ? LiveStreamListener.NONE : listener;
    this.clock = clock;
    this.prebufferSamples = samples(config.prebuffer());
    this.buffer = new JitterBuffer(samples(config.capacity()), prebufferSamples);
    this.backoff = new ReconnectBackoff(config.firstRetry(), config.maxRetry());
    this.since = clock.instant();
    this.thread = new Thread(this::run, "live-source-" + config.name());
    thread.setDaemon(true);
  }

  /** Starts pulling the stream; reads give silence until the prebuffer has gathered. */
  public static LiveStreamSource open(LiveStreamConfig config, LiveStreamListener listener) {
    return open(config, listener, Clock.systemUTC());
  }

  /** Like {@link #open(LiveStreamConfig, LiveStreamListener)}, with the clock of the timestamps. */
  public static LiveStreamSource open(
      LiveStreamConfig config, LiveStreamListener listener, Clock clock) {
    LiveStreamSource source = new LiveStreamSource(config, listener, clock);
    LOG.info(
        "live source '{}': pulling {} (prebuffer {} ms)",
        config.name(),
        config.displayUrl(),
        config.prebuffer().toMillis());
    source.thread.start();
    return source;
  }

  public LiveStreamConfig config() {
    return config;
  }

  /** Never blocks: the stream's sound when the buffer has some, silence counted otherwise. */
  @Override
  public void read(float[] out, int offset, int count) {
    if (closed) {
      Arrays.fill(out, offset, offset + count, 0f);
      return;
    }
    buffer.read(out, offset, count);
  }

  /** True only once closed: a live source that is reconnecting has not ended. */
  @Override
  public boolean ended() {
    return closed;
  }

  @Override
  public long underrunSamples() {
    return buffer.underrunSamples();
  }

  /** A snapshot of the state, the reason and the counters. */
  public LiveStreamStatus status() {
    synchronized (stateLock) {
      return new LiveStreamStatus(
          config.name(),
          config.displayUrl(),
          state,
          reason,
          since,
          retryAt,
          format,
          lastAudioAt,
          bytesReceived,
          framesDecoded,
          badFrames,
          skippedBytes,
          buffer.underrunSamples(),
          buffer.droppedSamples(),
          reconnects,
          Duration.ofNanos(buffer.buffered() * 1_000_000_000L / PcmAudio.ENGINE_RATE),
          clock.instant());
    }
  }

  /**
   * Stops the source: the connection is closed, its thread ends within moments, reads give silence
   * and the listener hears CLOSED (on this thread). Never throws; closing twice does nothing.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closedSignal.countDown();
    closeQuietly(socket);
    buffer.clear();
    enter(LiveStreamState.CLOSED, "closed by the hub", null);
  }

  /** Waits up to {@code timeout} for the source's thread to end after {@link #close()}. */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    thread.join(Math.max(1, timeout.toMillis()));
    return !thread.isAlive();
  }

  private void run() {
    while (!closed) {
      enter(LiveStreamState.CONNECTING, "connecting to " + config.displayUrl(), null);
      String problem;
      try {
        HttpStreamConnection connection =
            HttpStreamConnection.open(config.url(), config.connectTimeout(), POLL, this::opened);
        try {
          pump(connection);
          problem = "closed";
        } finally {
          connection.close();
        }
      } catch (SourceProblem e) {
        problem = e.getMessage();
      } catch (RuntimeException e) {
        // A defect, not the stream's fault; still no reason to stop a relay.
        LOG.error("live source '{}': unexpected failure, reconnecting", config.name(), e);
        problem = "internal error (" + e + "); the hub's log has the details";
      }
      if (closed) {
        break;
      }
      reconnects++;
      Duration delay = backoff.next();
      enter(LiveStreamState.RECONNECTING, problem, delay);
      try {
        if (closedSignal.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
  }

  private void opened(Socket opening) {
    socket = opening;
    if (closed) {
      closeQuietly(opening);
    }
  }

  /**
   * Reads, decodes and buffers until the connection ends, with a SourceProblem saying why, or the
   * source is closed.
   */
  private void pump(HttpStreamConnection connection) throws SourceProblem {
    String type = connection.contentType().isEmpty() ? "no type" : connection.contentType();
    enter(
        LiveStreamState.BUFFERING,
        "connected to " + connection.where() + " (" + type + "); filling the buffer",
        null);
    Mp3FrameSync sync = new Mp3FrameSync();
    Mp3FrameDecoder decoder = new Mp3FrameDecoder();
    StreamingResampler resampler = null;
    long skippedBefore = skippedBytes;
    long delivered = 0;
    byte[] chunk = new byte[8_192];
    byte[] firstBytes = new byte[0];
    long lastBytes = System.nanoTime();
    InputStream in = connection.body();
    while (!closed) {
      int count;
      try {
        count = in.read(chunk);
      } catch (SocketTimeoutException e) {
        count = 0;
      } catch (IOException e) {
        if (closed) {
          return;
        }
        throw new SourceProblem(
            "the connection to "
                + connection.where()
                + " broke ("
                + e.getMessage()
                + "): the network or the stream server failed",
            e);
      }
      if (count < 0) {
        throw new SourceProblem(
            "the server closed the stream: the encoder stopped sending or the server restarted");
      }
      long now = System.nanoTime();
      if (count > 0) {
        lastBytes = now;
        bytesReceived += count;
        if (firstBytes.length < 48) {
          firstBytes = Arrays.copyOf(chunk, Math.min(48, count));
        }
        sync.feed(chunk, 0, count);
        for (Mp3FrameSync.Frame frame = sync.next(); frame != null; frame = sync.next()) {
          float[] pcm = decoder.decode(frame);
          if (pcm == null) {
            badFrames++;
            continue;
          }
          int rate = frame.header().sampleRate();
          if (resampler == null || resampler.inputRate() != rate) {
            resampler = StreamingResampler.toEngineRate(rate);
            format = describe(frame.header());
          }
          float[] out = resampler.process(pcm, 0, pcm.length);
          buffer.write(out, 0, out.length);
          framesDecoded++;
          lastAudioAt = clock.instant();
          delivered += out.length;
        }
        skippedBytes = skippedBefore + sync.skippedBytes();
        if (sync.bytesSinceFrame() > config.maxBytesWithoutAudio()) {
          throw notMp3(connection, sync, firstBytes);
        }
        if (delivered >= prebufferSamples) {
          backoff.reset();
        }
      } else if (now - lastBytes > config.stallTimeout().toNanos()) {
        throw new SourceProblem(
            "the stream stalled: nothing from "
                + connection.where()
                + " for "
                + config.stallTimeout().toMillis()
                + " ms; the encoder or the network is stuck");
      }
      followBuffer();
    }
  }

  private SourceProblem notMp3(HttpStreamConnection connection, Mp3FrameSync sync, byte[] first) {
    String kib = config.maxBytesWithoutAudio() / 1024 + " KiB";
    if (sync.frames() == 0 && sync.otherLayer() != 0) {
      return new SourceProblem(
          "the stream at "
              + config.displayUrl()
              + " is MPEG Layer "
              + "I".repeat(sync.otherLayer())
              + " audio (MP"
              + sync.otherLayer()
              + "), not MP3, which the hub does not decode: have the encoder send MP3 (Layer III)");
    }
    if (sync.frames() == 0) {
      String type = connection.contentType().isEmpty() ? "none" : connection.contentType();
      return new SourceProblem(
          "the stream at "
              + config.displayUrl()
              + " is not MP3: no MP3 frame in its first "
              + kib
              + " (Content-Type '"
              + HttpStreamConnection.printable(type)
              + "', it starts with '"
              + HttpStreamConnection.printable(
                  new String(first, java.nio.charset.StandardCharsets.ISO_8859_1))
              + "'): point the hub at an MP3 stream");
    }
    return new SourceProblem(
        "the stream lost its MP3 framing: "
            + kib
            + " without a frame after "
            + sync.frames()
            + " good ones; the stream is damaged or changed its format");
  }

  /** BUFFERING while reads would give silence, PLAYING while they give sound. */
  private void followBuffer() {
    LiveStreamState current;
    synchronized (stateLock) {
      current = state;
    }
    boolean sound = buffer.playing() || buffer.buffered() >= prebufferSamples;
    if (current == LiveStreamState.BUFFERING && sound) {
      enter(LiveStreamState.PLAYING, "playing " + format, null);
    } else if (current == LiveStreamState.PLAYING && !sound) {
      enter(
          LiveStreamState.BUFFERING,
          "the buffer ran dry (the stream arrives slower than real time); refilling",
          null);
    }
  }

  private void enter(LiveStreamState next, String why, Duration retryIn) {
    synchronized (stateLock) {
      if (state == LiveStreamState.CLOSED
          || (next == state && why.equals(reason) && retryIn == null)) {
        return;
      }
      state = next;
      reason = why;
      since = clock.instant();
      retryAt = retryIn == null ? null : since.plus(retryIn);
      LiveStreamStatus status = status();
      log(status);
      try {
        listener.stateChanged(status);
      } catch (RuntimeException e) {
        LOG.warn("live source '{}': its listener failed on {}", config.name(), next, e);
      }
    }
  }

  private void log(LiveStreamStatus status) {
    switch (status.state()) {
      case RECONNECTING:
        // Warn once per distinct problem; a source down for an hour repeats it at debug level.
        if (!status.reason().equals(lastWarning)) {
          lastWarning = status.reason();
          LOG.warn("{} (attempt {} failed)", status.describe(), status.reconnects());
        } else {
          LOG.debug("{}", status.describe());
        }
        break;
      case PLAYING:
        lastWarning = "";
        LOG.info("{}", status.describe());
        break;
      case CLOSED:
        LOG.info("{}", status.describe());
        break;
      default:
        LOG.debug("{}", status.describe());
    }
  }

  private static String describe(MpegFrameHeader header) {
    return "MPEG-"
        + (header.version() == 25 ? "2.5" : Integer.toString(header.version()))
        + " Layer III, "
        + header.sampleRate()
        + " Hz, "
        + (header.mono() ? "mono" : "stereo")
        + ", "
        + header.bitrateKbps()
        + " kbit/s";
  }

  private static int samples(Duration duration) {
    return (int) Math.max(1, duration.toMillis() * PcmAudio.ENGINE_RATE / 1000);
  }

  private static void closeQuietly(Socket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException e) {
      // Closing is all that is wanted.
    }
  }
}
