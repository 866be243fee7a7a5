package org.villagecast.controller.audio.decode;

/**
 * An audio file the hub cannot play: its message is for the person who uploaded it and says what is
 * wrong and what to do. {@link #reason()} lets an API map it to a status (e.g. too large: 413,
 * unsupported: 415, the others: 422).
 */
public final class UnusableAudioException extends Exception {

  /** Why a file is refused. */
  public enum Reason {
    /** Not a format the hub decodes (e.g. Ogg, FLAC, AAC, MP2, ADPCM WAV, free-format MP3). */
    UNSUPPORTED,
    /** The file ends before its last frame or before the length its header declares. */
    TRUNCATED,
    /** The bytes break the format's structure somewhere after a valid start. */
    CORRUPTED,
    /** More bytes than the limit. */
    TOO_LARGE,
    /** Longer than the limit. */
    TOO_LONG,
    /** A valid container with no audio in it. */
    EMPTY,
    /** Decodes, but holds nothing audible (below the −70 LUFS gate of BS.1770). */
    SILENT
  }

  private final Reason reason;

  public UnusableAudioException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public UnusableAudioException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
