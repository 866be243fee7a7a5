package org.villagecast.protocol.codec;

/** Where a PLAY takes its audio from. */
public enum SourceKind implements WireCode {
  /** AUDIO messages on the broadcast's stream topic. */
  STREAM(0),
  /** An HTTP(S) URL the terminal pulls itself. */
  URL(1),
  /** A clip stored on the terminal, by name. */
  STORED_CLIP(2),
  /** Text the terminal synthesises itself. */
  TEXT(3);

  private final int code;

  SourceKind(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
