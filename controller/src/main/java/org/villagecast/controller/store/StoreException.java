package org.villagecast.controller.store;

/** A store operation failed; the message says which and what to check. */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
