package org.villagecast.protocol.codec;

/** Codecs of AUDIO frames. */
public enum AudioCodec implements WireCode {
  /** Raw Opus packets (RFC 6716), 48 kHz. */
  OPUS(1);

  private final int code;

  AudioCodec(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
