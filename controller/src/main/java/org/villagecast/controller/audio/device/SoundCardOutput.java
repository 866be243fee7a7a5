package org.villagecast.controller.audio.device;

import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.resample.StreamingResampler;

/**
 * Plays a broadcast's engine-rate stream (mono, 48 kHz) into a local sound card, for a wired
 * installation where the hub feeds an amplifier.
 *
 * <p>{@link #play} never blocks: the broadcast keeps its own real-time pace and the card its own
 * clock, and the line's buffer ({@link SoundDeviceConfig#buffer()}) sits between them. What does
 * not fit is dropped and counted ({@link #droppedSamples()}); when the broadcast falls behind, the
 * card plays silence. The two clocks drift apart by a few parts per million, so over hours some
 * samples are dropped or some silence played: fine for an announcement, not for a recording.
 *
 * <p>The card gets 16-bit PCM in the first format it takes (48 kHz mono or stereo, else 44.1 kHz
 * mono or stereo, resampled); samples beyond ±1 are clipped and counted. One thread plays; {@link
 * #level()} and the counters may be read from any.
 */
public final class SoundCardOutput implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SoundCardOutput.class);

  private final SourceDataLine line;
  private final SoundCardChoice choice;
  private final StreamingResampler resampler;
  private final LevelMeter level = new LevelMeter(PcmAudio.ENGINE_RATE);
  private final int frameBytes;
  private byte[] bytes = new byte[0];
  private volatile long playedSamples;
  private volatile long droppedSamples;
  private volatile long clippedSamples;
  private volatile boolean closed;

  SoundCardOutput(SourceDataLine line, SoundCardChoice choice) {
    this.line = line;
    this.choice = choice;
    this.resampler =
        choice.rate() == PcmAudio.ENGINE_RATE
            ? null
            : StreamingResampler.between(PcmAudio.ENGINE_RATE, choice.rate());
    this.frameBytes = 2 * choice.channels();
  }

  /**
   * Opens the configured card's playback line and starts it.
   *
   * @throws SoundDeviceException when there is no card, the name matches none, or the card is busy
   */
  public static SoundCardOutput open(SoundDeviceConfig config) throws SoundDeviceException {
    return open(config, SoundSystem.javaxSound());
  }

  static SoundCardOutput open(SoundDeviceConfig config, SoundSystem system)
      throws SoundDeviceException {
    SoundCardChoice choice = SoundCardChoice.choose(system, config.mixer(), SourceDataLine.class);
    try {
      SourceDataLine line =
          (SourceDataLine) system.line(choice.mixer(), SourceDataLine.class, choice.format());
      int bufferBytes =
          (int) (config.buffer().toMillis() * choice.rate() / 1000) * 2 * choice.channels();
      line.open(choice.format(), bufferBytes);
      line.start();
      LOG.info(
          "sound card output: {} ({} ms buffer)",
          choice.describe(),
          line.getBufferSize() * 1000L / (2L * choice.channels() * choice.rate()));
      return new SoundCardOutput(line, choice);
    } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
      throw new SoundDeviceException(
          "the sound card '"
              + choice.mixer()
              + "' cannot be opened for playing ("
              + e.getMessage()
              + "): another program may hold it; stop that program or choose another card",
          e);
    }
  }

  /**
   * Plays {@code count} engine-rate samples from {@code samples[offset]}: writes what the line has
   * room for, drops and counts the rest. Never blocks.
   */
  public void play(float[] samples, int offset, int count) {
    if (closed) {
      return;
    }
    level.measure(samples, offset, count);
    float[] source = samples;
    int from = offset;
    int length = count;
    if (resampler != null) {
      source = resampler.process(samples, offset, count);
      from = 0;
      length = source.length;
    }
    int room = line.available() / frameBytes;
    int fits = Math.min(room, length);
    if (bytes.length < fits * frameBytes) {
      bytes = new byte[fits * frameBytes];
    }
    clippedSamples += Pcm16.encode(source, from, fits, choice.channels(), bytes, 0);
    int written = fits == 0 ? 0 : line.write(bytes, 0, fits * frameBytes) / frameBytes;
    // Counted at the engine rate, whatever the card's.
    long engineWritten = (long) written * count / Math.max(1, length);
    playedSamples += engineWritten;
    droppedSamples += count - engineWritten;
  }

  /** The card and format in use, e.g. "PCH [plughw:0,0], 48000 Hz stereo". */
  public String device() {
    return choice.describe();
  }

  /** Level of what the broadcast gave to play, before clipping. */
  public LevelMeter level() {
    return level;
  }

  /** Engine-rate samples handed to the card. */
  public long playedSamples() {
    return playedSamples;
  }

  /** Engine-rate samples dropped because the card's buffer was full (the broadcast ran ahead). */
  public long droppedSamples() {
    return droppedSamples;
  }

  /** Samples beyond ±1 that were clipped to full scale. */
  public long clippedSamples() {
    return clippedSamples;
  }

  /** Stops the card at once (what is buffered is not played out) and releases it. Never throws. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      line.stop();
      line.flush();
      line.close();
    } catch (RuntimeException e) {
      LOG.warn("sound card output {}: closing failed ({})", choice.describe(), e.toString());
    }
  }
}
