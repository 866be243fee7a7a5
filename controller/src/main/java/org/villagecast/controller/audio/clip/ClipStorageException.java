package org.villagecast.controller.audio.clip;

/**
 * The library's own files failed: a stored clip's audio is missing or damaged, or the directory
 * cannot be written. A hub problem, not the uploader's: the message says what to check.
 */
public final class ClipStorageException extends RuntimeException {
  public ClipStorageException(String message, Throwable cause) {
    super(message, cause);
  }

  public ClipStorageException(String message) {
    super(message);
  }
}
