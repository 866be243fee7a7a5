package org.villagecast.protocol.link.serial;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;
import static java.util.concurrent.TimeUnit.NANOSECONDS;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortDataListener;
import com.fazecast.jSerialComm.SerialPortEvent;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.villagecast.protocol.bus.BusFrame;
import org.villagecast.protocol.bus.BusFrameParser;
import org.villagecast.protocol.codec.ProtocolException;
import org.villagecast.protocol.link.LinkException;
import org.villagecast.protocol.link.LinkException.Reason;

/**
 * An RS-485 bus on a serial port (jSerialComm): bus frames out, bus frames in, with the frame
 * timing done here because neither a pseudo-terminal nor most USB adapters do it.
 *
 * <p><b>Receiving.</b> jSerialComm's event thread hands over bytes as they arrive; the link's bus
 * thread feeds them to a {@link BusFrameParser} and, when the line has been quiet for {@link
 * SerialLinkConfig#silenceGap()} in the middle of a frame, tells the parser so it drops the partial
 * frame instead of swallowing the next one. Garbage and CRC errors go to {@link #onError} handlers
 * and a counter; they are never thrown.
 *
 * <p><b>Sending.</b> {@link #send} waits until the line has been quiet for a silence gap after the
 * last byte received or sent, then writes the frame and counts it as on the line until its transmit
 * time at the configured baud rate has passed (a USB adapter reports a write done while its FIFO
 * still shifts bytes out).
 *
 * <p><b>Master.</b> {@link #request} sends a COMMAND or POLL and waits for the REPLY or NOTHING
 * from that unit, one exchange at a time, retrying unanswered commands. On a master, send
 * everything through {@code request}: a bare {@code send} while a unit is answering collides on the
 * half-duplex bus.
 *
 * <p><b>Threads.</b> Frame, error and closed handlers run on the link's bus thread, in order; they
 * must not block (no waiting on a {@code request} future there) and callers with an event loop must
 * hop back onto it. Request futures complete on the bus thread or the link's master thread.
 * Register handlers right after {@link #open}: frames that arrive before are only counted.
 */
public final class SerialLink implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(SerialLink.class.getName());
  private static final long CLOSE_WAIT_MILLIS = 5_000;

  private final SerialLinkConfig config;
  private final String path;
  private final SerialPort port;
  private final long gapNanos;
  private final BusFrameParser parser;
  private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final Thread busThread;
  private final ExecutorService master;
  private volatile Thread masterThread;

  private final List<Consumer<BusFrame>> frameHandlers = new CopyOnWriteArrayList<>();
  private final List<Consumer<ProtocolException>> errorHandlers = new CopyOnWriteArrayList<>();
  private final List<Consumer<LinkException>> closedHandlers = new CopyOnWriteArrayList<>();

  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile LinkException closeCause;

  private final Object writeLock = new Object();
  // System.nanoTime() rather than an injected Clock: these are sub-millisecond gaps on a real line.
  private volatile long lastReceivedNanos;
  private long lineBusyUntilNanos; // guarded by writeLock

  private volatile Pending pending;

  private final LongAdder framesReceived = new LongAdder();
  private final LongAdder framesSent = new LongAdder();
  private final LongAdder errors = new LongAdder();

  /** The request waiting for its answer: the next REPLY or NOTHING from {@code address}. */
  private record Pending(int address, CompletableFuture<BusFrame> reply) {
    boolean answeredBy(BusFrame frame) {
      return frame.address() == address
          && (frame.control() == BusFrame.Control.REPLY
              || frame.control() == BusFrame.Control.NOTHING);
    }
  }

  /** Tells the bus thread to stop; {@code cause} is null for a deliberate close. */
  private record Stop(LinkException cause) {}

  private SerialLink(SerialLinkConfig config, SerialPort port) {
    this.config = config;
    this.path = config.port();
    this.port = port;
    this.gapNanos = config.silenceGap().toNanos();
    this.parser = new BusFrameParser(new ParserListener());
    this.lastReceivedNanos = System.nanoTime();
    this.lineBusyUntilNanos = lastReceivedNanos;
    this.busThread = new Thread(this::runBus, "serial-bus " + path);
    this.busThread.setDaemon(true);
    this.master =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "serial-master " + path);
              thread.setDaemon(true);
              masterThread = thread;
              return thread;
            });
  }

  /**
   * Opens the port and starts reading.
   *
   * @throws LinkException {@link Reason#NO_SUCH_PORT} (no such path, or not a serial device),
   *     {@link Reason#PERMISSION_DENIED} (with the group to join), {@link Reason#PORT_BUSY} (this
   *     or another program has it open: jSerialComm opens ports exclusively) or {@link
   *     Reason#IO_ERROR}; the message carries the errno
   */
  public static SerialLink open(SerialLinkConfig config) throws LinkException {
    Objects.requireNonNull(config, "config");
    Path device = Path.of(config.port());
    SerialErrors.DeviceFacts before = SerialErrors.DeviceFacts.of(device);
    if (!before.exists() || before.directory()) {
      throw SerialErrors.noSuchPort(config.port(), before);
    }
    SerialPort port;
    try {
      port = SerialPort.getCommPort(config.port());
    } catch (SerialPortInvalidPortException e) {
      throw SerialErrors.noSuchPort(config.port(), SerialErrors.DeviceFacts.of(device));
    }
    port.setComPortParameters(
        config.baudRate(), config.dataBits(), stopBits(config), parity(config));
    port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
    // Blocking writes return once the driver has sent the bytes (tcdrain), which is what the
    // silence gap before the next frame is measured from.
    port.setComPortTimeouts(SerialPort.TIMEOUT_WRITE_BLOCKING, 0, 0);
    if (!openPort(port, config, device)) {
      // The errno is only meaningful right now; ENOTTY (25) after a successful open on a pty is
      // harmless and never gets here.
      int errno = port.getLastErrorCode();
      int location = port.getLastErrorLocation();
      throw SerialErrors.openFailed(
          config.port(), errno, location, SerialErrors.DeviceFacts.of(device));
    }
    SerialLink link = new SerialLink(config, port);
    if (!port.addDataListener(link.new PortListener())) {
      port.closePort();
      link.master.shutdownNow();
      throw new LinkException(
          Reason.IO_ERROR,
          "serial port "
              + config.port()
              + ": cannot listen for data ("
              + SerialErrors.errnoName(port.getLastErrorCode())
              + ")");
    }
    link.busThread.start();
    LOG.log(
        INFO,
        "serial link {0} open at {1} baud {2}",
        config.port(),
        String.valueOf(config.baudRate()),
        "" + config.dataBits() + config.parity().name().charAt(0) + config.stopBits());
    return link;
  }

  /**
   * Opens the port. A pseudo-terminal has no parity bit: the kernel drops PARENB and glibc then
   * fails tcsetattr with EINVAL (depending on the pty's previous settings), so on a pty the open is
   * retried without parity. Nothing goes on a wire there, and the silence gap still follows the
   * configured parity.
   */
  private static boolean openPort(SerialPort port, SerialLinkConfig config, Path device) {
    if (port.openPort()) {
      return true;
    }
    if (port.getLastErrorCode() == SerialErrors.EINVAL
        && config.parity() != SerialLinkConfig.Parity.NONE
        && isPseudoTerminal(device)) {
      port.setParity(SerialPort.NO_PARITY);
      if (port.openPort()) {
        LOG.log(DEBUG, "serial link {0}: a pseudo-terminal, opened without parity", device);
        return true;
      }
    }
    return false;
  }

  private static boolean isPseudoTerminal(Path device) {
    try {
      return device.toRealPath().startsWith("/dev/pts/");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  public SerialLinkConfig config() {
    return config;
  }

  /** True until the link is closed or its port goes away. */
  public boolean isOpen() {
    return !closed.get();
  }

  /** Adds a handler for frames that are not the answer to a pending {@link #request}. */
  public void onFrame(Consumer<BusFrame> handler) {
    frameHandlers.add(Objects.requireNonNull(handler, "handler"));
  }

  /** Adds a handler for garbage, truncated frames and CRC errors on the line (never thrown). */
  public void onError(Consumer<ProtocolException> handler) {
    errorHandlers.add(Objects.requireNonNull(handler, "handler"));
  }

  /**
   * Adds a handler called once if the port goes away under the link (adapter unplugged, the other
   * end of a pty gone, a write failing); the link is closed by then. Not called for {@link
   * #close()}.
   */
  public void onClosed(Consumer<LinkException> handler) {
    closedHandlers.add(Objects.requireNonNull(handler, "handler"));
  }

  /** Frames received, answers to requests included. */
  public long framesReceived() {
    return framesReceived.sum();
  }

  /** Frames written to the line. */
  public long framesSent() {
    return framesSent.sum();
  }

  /** Garbage runs, truncated frames and CRC errors seen on the line. */
  public long errorCount() {
    return errors.sum();
  }

  /**
   * Writes one frame, first waiting until the line has been quiet for a silence gap. Returns once
   * the driver has taken the bytes.
   *
   * @throws LinkException {@link Reason#DISCONNECTED} when the link is closed or the port is gone
   *     (a failed write closes the link and fires {@link #onClosed})
   */
  public void send(BusFrame frame) throws LinkException {
    Objects.requireNonNull(frame, "frame");
    byte[] bytes = frame.encode();
    synchronized (writeLock) {
      ensureOpen();
      awaitQuietLine();
      long start = System.nanoTime();
      int written = port.writeBytes(bytes, bytes.length);
      long end = System.nanoTime();
      if (written != bytes.length) {
        LinkException failure =
            closed.get()
                ? SerialErrors.closed(path, closeCause)
                : SerialErrors.disconnected(
                    path,
                    "write failed: "
                        + Math.max(written, 0)
                        + " of "
                        + bytes.length
                        + " bytes written, "
                        + SerialErrors.errnoName(port.getLastErrorCode()));
        shutDown(failure);
        throw failure;
      }
      long onLineUntil = start + config.transmitTime(bytes.length).toNanos();
      lineBusyUntilNanos = later(end, onLineUntil);
      framesSent.increment();
    }
  }

  /** {@link #request(BusFrame, Duration)} with the configured reply timeout. */
  public CompletableFuture<BusFrame> request(BusFrame command) {
    return request(command, config.replyTimeout());
  }

  /**
   * Master side: sends a COMMAND or POLL and completes with the next REPLY or NOTHING from the same
   * unit address. An unanswered request is sent again up to {@link SerialLinkConfig#retries()}
   * times, then fails with {@link Reason#TIMEOUT}. A command to the broadcast address 0 expects no
   * answer and completes with {@code null} once sent. Requests are queued and run one at a time.
   * Never throws: bad arguments fail the future with {@link IllegalArgumentException}.
   *
   * @param timeout how long to wait for the answer to each try, counted from the end of the send
   */
  public CompletableFuture<BusFrame> request(BusFrame command, Duration timeout) {
    try {
      checkRequest(command, timeout);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (closed.get()) {
      return CompletableFuture.failedFuture(SerialErrors.closed(path, closeCause));
    }
    Request request = new Request(command, timeout);
    try {
      master.execute(request);
    } catch (RejectedExecutionException e) {
      request.result.completeExceptionally(SerialErrors.closed(path, closeCause));
    }
    return request.result;
  }

  /** Closes the port and stops the link's threads. Idempotent; does not fire {@link #onClosed}. */
  @Override
  public void close() {
    shutDown(null);
    Thread current = Thread.currentThread();
    try {
      // a handler or a request continuation may close the link on the link's own threads
      if (current != busThread) {
        busThread.join(CLOSE_WAIT_MILLIS);
      }
      if (current != masterThread) {
        master.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      current.interrupt();
    }
  }

  @Override
  public String toString() {
    return "SerialLink[" + path + (closed.get() ? ", closed" : "") + "]";
  }

  // ---- internals ----

  private static void checkRequest(BusFrame command, Duration timeout) {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("reply timeout must be positive: " + timeout);
    }
    BusFrame.Control control = command.control();
    if (control != BusFrame.Control.COMMAND && control != BusFrame.Control.POLL) {
      throw new IllegalArgumentException("a request sends COMMAND or POLL, not " + control);
    }
    if (command.address() == BusFrame.BROADCAST && control == BusFrame.Control.POLL) {
      throw new IllegalArgumentException("polling the broadcast address: nobody may answer it");
    }
  }

  private BusFrame exchange(BusFrame command, Duration timeout) throws LinkException {
    if (command.address() == BusFrame.BROADCAST) {
      send(command);
      return null;
    }
    int tries = config.retries() + 1;
    for (int attempt = 1; attempt <= tries; attempt++) {
      CompletableFuture<BusFrame> reply = new CompletableFuture<>();
      pending = new Pending(command.address(), reply);
      try {
        if (closed.get()) {
          throw SerialErrors.closed(path, closeCause);
        }
        send(command);
        return reply.get(timeout.toNanos(), NANOSECONDS);
      } catch (TimeoutException e) {
        LOG.log(
            DEBUG,
            "serial link {0}: unit {1} silent on try {2} of {3}",
            path,
            command.address(),
            attempt,
            tries);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof LinkException link
            ? link
            : new LinkException(Reason.IO_ERROR, "request failed: " + e.getCause(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw SerialErrors.closed(path, closeCause);
      } finally {
        pending = null;
      }
    }
    throw new LinkException(
        Reason.TIMEOUT,
        "unit "
            + command.address()
            + " on serial port "
            + path
            + " did not answer "
            + command.control()
            + " within "
            + timeout.toMillis()
            + " ms ("
            + tries
            + (tries == 1 ? " try" : " tries")
            + "); is it powered, set to address "
            + command.address()
            + ", on the same baud rate and parity, and wired A to A, B to B?");
  }

  /** Waits until a silence gap has passed since the last byte received or sent. */
  private void awaitQuietLine() throws LinkException {
    while (true) {
      long readyAt = later(lastReceivedNanos, lineBusyUntilNanos) + gapNanos;
      long wait = readyAt - System.nanoTime();
      if (wait <= 0) {
        return;
      }
      LockSupport.parkNanos(this, wait);
      if (Thread.currentThread().isInterrupted()) {
        throw SerialErrors.closed(path, closeCause);
      }
      ensureOpen();
    }
  }

  private static long later(long a, long b) {
    return a - b > 0 ? a : b;
  }

  private void ensureOpen() throws LinkException {
    if (closed.get()) {
      throw SerialErrors.closed(path, closeCause);
    }
  }

  /** Closes once: port, listener, master, pending requests; then stops the bus thread. */
  private void shutDown(LinkException cause) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closeCause = cause;
    if (cause != null) {
      LOG.log(WARNING, cause.getMessage());
    }
    LinkException failure = SerialErrors.closed(path, cause);
    Pending waiting = pending;
    if (waiting != null) {
      waiting.reply().completeExceptionally(failure);
    }
    for (Runnable queued : master.shutdownNow()) {
      if (queued instanceof Request request) {
        request.result.completeExceptionally(failure);
      }
    }
    // Removing the listener from its own event thread is allowed: jSerialComm skips the join.
    port.removeDataListener();
    port.closePort();
    inbox.add(new Stop(cause));
    LOG.log(INFO, "serial link {0} closed", path);
  }

  private void runBus() {
    try {
      while (true) {
        Object item = nextItem();
        if (item == null) {
          parser.onSilence();
        } else if (item instanceof byte[] chunk) {
          parser.feed(chunk);
        } else if (item instanceof Stop stop) {
          if (stop.cause() != null) {
            for (Consumer<LinkException> handler : closedHandlers) {
              deliver(handler, stop.cause(), "closed");
            }
          }
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The next chunk of bytes, or null when the line has gone quiet for a silence gap in the middle
   * of a frame. While hunting there is nothing to time out, so it just waits.
   */
  private Object nextItem() throws InterruptedException {
    while (true) {
      if (parser.state() == BusFrameParser.State.HUNTING) {
        return inbox.take();
      }
      long wait = lastReceivedNanos + gapNanos - System.nanoTime();
      Object item = wait > 0 ? inbox.poll(wait, NANOSECONDS) : inbox.poll();
      if (item != null) {
        return item;
      }
      if (System.nanoTime() - lastReceivedNanos >= gapNanos) {
        return null;
      }
    }
  }

  private <T> void deliver(Consumer<T> handler, T value, String what) {
    try {
      handler.accept(value);
    } catch (RuntimeException e) {
      LOG.log(WARNING, "serial link " + path + ": " + what + " handler failed", e);
    }
  }

  private static int stopBits(SerialLinkConfig config) {
    return config.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT;
  }

  private static int parity(SerialLinkConfig config) {
    return switch (config.parity()) {
      case NONE -> SerialPort.NO_PARITY;
      case EVEN -> SerialPort.EVEN_PARITY;
      case ODD -> SerialPort.ODD_PARITY;
    };
  }

  /** One queued master exchange. */
  private final class Request implements Runnable {
    private final BusFrame command;
    private final Duration timeout;
    private final CompletableFuture<BusFrame> result = new CompletableFuture<>();

    Request(BusFrame command, Duration timeout) {
      this.command = command;
      this.timeout = timeout;
    }

    @Override
    public void run() {
      try {
        result.complete(exchange(command, timeout));
      } catch (LinkException e) {
        result.completeExceptionally(e);
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    }
  }

  /** Runs on the bus thread. */
  private final class ParserListener implements BusFrameParser.Listener {
    @Override
    public void onFrame(BusFrame frame) {
      framesReceived.increment();
      Pending waiting = pending;
      if (waiting != null && waiting.answeredBy(frame) && waiting.reply().complete(frame)) {
        return;
      }
      for (Consumer<BusFrame> handler : frameHandlers) {
        deliver(handler, frame, "frame");
      }
    }

    @Override
    public void onError(ProtocolException error) {
      errors.increment();
      LOG.log(DEBUG, "serial link {0}: {1}", path, error.getMessage());
      for (Consumer<ProtocolException> handler : errorHandlers) {
        deliver(handler, error, "error");
      }
    }
  }

  /** Runs on jSerialComm's event thread: stamps and hands over bytes, notices a hang-up. */
  private final class PortListener implements SerialPortDataListener {
    @Override
    public int getListeningEvents() {
      return SerialPort.LISTENING_EVENT_DATA_RECEIVED
          | SerialPort.LISTENING_EVENT_PORT_DISCONNECTED;
    }

    @Override
    public void serialEvent(SerialPortEvent event) {
      int type = event.getEventType();
      if ((type & SerialPort.LISTENING_EVENT_DATA_RECEIVED) != 0) {
        byte[] data = event.getReceivedData();
        if (data != null && data.length > 0) {
          lastReceivedNanos = System.nanoTime();
          inbox.add(data);
        }
      }
      if ((type & SerialPort.LISTENING_EVENT_PORT_DISCONNECTED) != 0) {
        // jSerialComm reports the hang-up on every poll until the port is closed, thousands of
        // times a second: the first one closes the link, shutDown ignores the rest.
        shutDown(SerialErrors.disconnected(path, "the device hung up"));
      }
    }
  }
}
