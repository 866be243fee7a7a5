package org.villagecast.controller.audio.decode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.villagecast.controller.audio.PcmAudio;

/**
 * Decodes an audio file (MP3 or WAV, told from its bytes) to mono {@link PcmAudio} at the file's
 * own sample rate, within {@link DecodeLimits}. Every failure is an {@link UnusableAudioException}
 * whose message the uploader can act on; nothing half-decoded is returned.
 *
 * <p>Blocking and CPU-bound (a few milliseconds per second of audio): call it from a worker thread,
 * never from an event loop. Thread-safe.
 */
public final class AudioDecoder {
  private final DecodeLimits limits;

  public AudioDecoder(DecodeLimits limits) {
    this.limits = limits;
  }

  /** A decoder with {@link DecodeLimits#DEFAULT}. */
  public AudioDecoder() {
    this(DecodeLimits.DEFAULT);
  }

  public DecodeLimits limits() {
    return limits;
  }

  /** Decodes the file at {@code path}; its size is checked before it is read. */
  public PcmAudio decode(Path path) throws UnusableAudioException, IOException {
    return decodeFile(read(path)).audio();
  }

  /** Decodes a whole file held in memory. */
  public PcmAudio decode(byte[] file) throws UnusableAudioException {
    return decodeFile(file).audio();
  }

  /** Decodes a whole file held in memory and says what it was. */
  public DecodedAudio decodeFile(byte[] file) throws UnusableAudioException {
    checkSize(file.length);
    AudioFileKind kind = AudioFileKind.sniff(file);
    return kind == AudioFileKind.MP3
        ? Mp3Decoder.decode(file, limits)
        : WavDecoder.decode(file, limits);
  }

  /** The bytes of the file at {@code path}, refused as TOO_LARGE before reading if it is. */
  public byte[] read(Path path) throws UnusableAudioException, IOException {
    checkSize(Files.size(path));
    return Files.readAllBytes(path);
  }

  private void checkSize(long size) throws UnusableAudioException {
    if (size > limits.maxFileBytes()) {
      throw new UnusableAudioException(
          UnusableAudioException.Reason.TOO_LARGE,
          "the file has "
              + size
              + " bytes, more than the "
              + limits.maxFileBytes()
              + " a clip may have: shorten it or encode it at a lower bitrate");
    }
  }
}
