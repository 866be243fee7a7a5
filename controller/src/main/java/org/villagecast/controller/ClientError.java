package org.villagecast.controller;

/**
 * A request the hub refuses, with the HTTP status the API answers and a message for the user that
 * names the field or the id. Services fail their futures with it; anything else is a server error
 * (logged, answered 500 without detail).
 */
public final class ClientError extends RuntimeException {

  /** The kinds of refusal, with their HTTP status. */
  public enum Kind {
    BAD_REQUEST(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    /** Well-formed but unusable content, e.g. an audio file that is cut short or corrupted. */
    UNPROCESSABLE(422),
    /** The hub cannot do this now: a part is not installed, or it is busy; try again later. */
    UNAVAILABLE(503);

    public final int status;

    Kind(int status) {
      this.status = status;
    }
  }

  private final Kind kind;

  public ClientError(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static ClientError badRequest(String message) {
    return new ClientError(Kind.BAD_REQUEST, message);
  }

  public static ClientError notFound(String message) {
    return new ClientError(Kind.NOT_FOUND, message);
  }

  public static ClientError forbidden(String message) {
    return new ClientError(Kind.FORBIDDEN, message);
  }

  public static ClientError conflict(String message) {
    return new ClientError(Kind.CONFLICT, message);
  }

  public static ClientError unavailable(String message) {
    return new ClientError(Kind.UNAVAILABLE, message);
  }
}
