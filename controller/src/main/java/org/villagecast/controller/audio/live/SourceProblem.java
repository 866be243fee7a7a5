package org.villagecast.controller.audio.live;

/**
 * Why a connection to a live source ended or could not start, in words for the operator (what
 * happened and what to check); the source reconnects after it.
 */
final class SourceProblem extends Exception {
  SourceProblem(String message) {
    super(message, null, false, false);
  }

  SourceProblem(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
