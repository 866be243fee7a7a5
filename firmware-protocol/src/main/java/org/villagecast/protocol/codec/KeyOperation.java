package org.villagecast.protocol.codec;

/** KEY_UPDATE operations. */
public enum KeyOperation implements WireCode {
  /** Trust a new hub key under a key id. */
  ADD(1),
  /** Stop trusting a key id. */
  REVOKE(2);

  private final int code;

  KeyOperation(int code) {
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }
}
