package org.villagecast.controller.audio.device;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.Control;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineListener;

/**
 * The part of a javax.sound line that every test double shares: open, start, stop, close and the
 * format, remembered for the test to check. No sound card can exist on the CI machine, so the tests
 * of what the hub does with a line use these doubles.
 */
abstract class FakeDataLine implements DataLine {
  private final Class<? extends DataLine> type;
  AudioFormat format;
  int bufferSize;
  boolean open;
  boolean running;

  FakeDataLine(Class<? extends DataLine> type) {
    this.type = type;
  }

  public void open(AudioFormat format, int bufferSize) {
    this.format = format;
    this.bufferSize = bufferSize;
    this.open = true;
  }

  public void open(AudioFormat format) {
    open(format, (int) format.getSampleRate() * format.getFrameSize() / 2);
  }

  @Override
  public void open() {
    throw new UnsupportedOperationException("the hub opens lines with a format");
  }

  @Override
  public synchronized void close() {
    open = false;
    running = false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void drain() {}

  @Override
  public void flush() {}

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public boolean isActive() {
    return running;
  }

  @Override
  public AudioFormat getFormat() {
    return format;
  }

  @Override
  public int getBufferSize() {
    return bufferSize;
  }

  @Override
  public int getFramePosition() {
    return 0;
  }

  @Override
  public long getLongFramePosition() {
    return 0;
  }

  @Override
  public long getMicrosecondPosition() {
    return 0;
  }

  @Override
  public float getLevel() {
    return AudioSystemConstants.NOT_SPECIFIED;
  }

  @Override
  public Line.Info getLineInfo() {
    return new DataLine.Info(type, format);
  }

  @Override
  public Control[] getControls() {
    return new Control[0];
  }

  @Override
  public boolean isControlSupported(Control.Type control) {
    return false;
  }

  @Override
  public Control getControl(Control.Type control) {
    throw new IllegalArgumentException("no controls on a test line");
  }

  @Override
  public void addLineListener(LineListener listener) {}

  @Override
  public void removeLineListener(LineListener listener) {}

  /** javax.sound's "not specified", without importing AudioSystem into a fake. */
  static final class AudioSystemConstants {
    static final float NOT_SPECIFIED = -1;

    private AudioSystemConstants() {}
  }
}
