package org.villagecast.controller.audio.device;

import java.util.Optional;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.controller.audio.AudioFeed;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.live.JitterBuffer;
import org.villagecast.controller.audio.resample.StreamingResampler;

/**
 * A line input or microphone of a local sound card as an {@link AudioFeed}: a daemon thread of its
 * own reads the card in 10 ms pieces (the card's clock paces it), mixes to mono, resamples to the
 * engine rate when the card records at 44.1 kHz, and fills a {@link JitterBuffer} that the
 * broadcast reads at its own pace (sound after 60 ms gathered; at most 1 s held).
 *
 * <p>Reads never block. If the card stops delivering (unplugged), {@link #problem()} says so and
 * reads give silence counted as underrun; the feed ends only when closed.
 */
public final class LineInCapture implements AudioFeed {
  private static final Logger LOG = LoggerFactory.getLogger(LineInCapture.class);
  private static final int PREBUFFER = PcmAudio.ENGINE_RATE * 60 / 1000;
  private static final int CAPACITY = PcmAudio.ENGINE_RATE;

  private final TargetDataLine line;
  private final SoundCardChoice choice;
  private final JitterBuffer buffer = new JitterBuffer(CAPACITY, PREBUFFER);
  private final LevelMeter level = new LevelMeter(PcmAudio.ENGINE_RATE);
  private final Thread thread;
  private volatile boolean closed;
  private volatile String problem;
  private volatile long capturedSamples;

  LineInCapture(TargetDataLine line, SoundCardChoice choice) {
    this.line = line;
    this.choice = choice;
    this.thread = new Thread(this::run, "line-in-" + choice.mixer());
    thread.setDaemon(true);
  }

  /**
   * Opens the configured card's capture line and starts recording.
   *
   * @throws SoundDeviceException when there is no card that records, the name matches none, or the
   *     card is busy
   */
  public static LineInCapture open(SoundDeviceConfig config) throws SoundDeviceException {
    return open(config, SoundSystem.javaxSound());
  }

  static LineInCapture open(SoundDeviceConfig config, SoundSystem system)
      throws SoundDeviceException {
    SoundCardChoice choice = SoundCardChoice.choose(system, config.mixer(), TargetDataLine.class);
    try {
      TargetDataLine line =
          (TargetDataLine) system.line(choice.mixer(), TargetDataLine.class, choice.format());
      int bufferBytes =
          (int) (config.buffer().toMillis() * choice.rate() / 1000) * 2 * choice.channels();
      line.open(choice.format(), bufferBytes);
      line.start();
      LineInCapture capture = new LineInCapture(line, choice);
      capture.thread.start();
      LOG.info("line-in capture: {}", choice.describe());
      return capture;
    } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
      throw new SoundDeviceException(
          "the sound card '"
              + choice.mixer()
              + "' cannot be opened for recording ("
              + e.getMessage()
              + "): another program may hold it; stop that program or choose another card",
          e);
    }
  }

  private void run() {
    int frameBytes = 2 * choice.channels();
    byte[] chunk = new byte[choice.rate() / 100 * frameBytes];
    float[] mono = new float[choice.rate() / 100];
    StreamingResampler resampler = StreamingResampler.toEngineRate(choice.rate());
    while (!closed) {
      int count = line.read(chunk, 0, chunk.length);
      if (count <= 0) {
        if (closed) {
          break;
        }
        if (!line.isOpen()) {
          problem = "the sound card '" + choice.mixer() + "' stopped recording (unplugged?)";
          LOG.warn("line-in capture: {}; the broadcast hears silence", problem);
          break;
        }
        pause();
        continue;
      }
      int frames = count / frameBytes;
      Pcm16.decode(chunk, 0, frames, choice.channels(), mono, 0);
      float[] out = resampler.process(mono, 0, frames);
      level.measure(out, 0, out.length);
      buffer.write(out, 0, out.length);
      capturedSamples += out.length;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Never blocks: what the card recorded when there is some, silence counted otherwise. */
  @Override
  public void read(float[] out, int offset, int count) {
    if (closed) {
      java.util.Arrays.fill(out, offset, offset + count, 0f);
      return;
    }
    buffer.read(out, offset, count);
  }

  @Override
  public boolean ended() {
    return closed;
  }

  @Override
  public long underrunSamples() {
    return buffer.underrunSamples();
  }

  /** Engine-rate samples recorded from the card so far: growing while the card delivers. */
  public long capturedSamples() {
    return capturedSamples;
  }

  /** Samples dropped because the broadcast read slower than the card recorded. */
  public long droppedSamples() {
    return buffer.droppedSamples();
  }

  /** Level of what the card records, at the engine rate. */
  public LevelMeter level() {
    return level;
  }

  /** The card and format in use. */
  public String device() {
    return choice.describe();
  }

  /** Why the card stopped delivering, if it did. */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  /** Stops recording and releases the card; reads give silence after. Never throws. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      line.stop();
      line.close();
    } catch (RuntimeException e) {
      LOG.warn("line-in capture {}: closing failed ({})", choice.describe(), e.toString());
    }
  }
}
