package org.villagecast.controller.link;

/**
 * The hub's signing key cannot be loaded or made; the message names the file and what to do. The
 * hub must not start without its key: terminals would refuse everything a new key signs.
 */
public final class HubKeyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HubKeyException(String message) {
    super(message);
  }

  public HubKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
