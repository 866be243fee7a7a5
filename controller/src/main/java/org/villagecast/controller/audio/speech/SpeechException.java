package org.villagecast.controller.audio.speech;

/**
 * Speech could not be made. The message is written for an operator (what failed and what to do),
 * and carries no stack trace; the cause, if any, is for the log.
 */
public class SpeechException extends RuntimeException {
  public SpeechException(String message) {
    super(message);
  }

  public SpeechException(String message, Throwable cause) {
    super(message, cause);
  }
}
