package org.villagecast.controller.api;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.auth.AuthService;
import org.villagecast.controller.auth.LoginThrottled;
import org.villagecast.protocol.codec.ProtocolException;

/**
 * Registers API endpoints on a router behind the checks they all share, in this order:
 *
 * <ol>
 *   <li>the request is paused so its body waits for the checks before it (bodies only);
 *   <li>{@code Authorization: Bearer <token>} is verified (401), except on public endpoints;
 *   <li>unknown or repeated query parameters are refused (400);
 *   <li>the role must allow the endpoint's {@link Permissions.Action} (403);
 *   <li>the body is read up to the size limit (413), must be {@code application/json} (415) and one
 *       JSON object (400); an endpoint without a body accepts none or {@code {}}; an endpoint that
 *       takes a file ({@link Builder#binary}) has its own size limit (413) and media types (415)
 *       instead, and refuses an empty body (400); one that takes a text document ({@link
 *       Builder#text}, a schedule file) has its own limit and media type and needs UTF-8 text;
 *   <li>the endpoint runs; a {@link ClientError} it fails with becomes its status, anything else a
 *       500 with an error reference that is also logged, never a stack trace.
 * </ol>
 *
 * Each endpoint is one route of the router, so the routes can be compared with the OpenAPI
 * document.
 */
final class ApiRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);

  static final String PREFIX = "/api";
  private static final String USER = "villagecast.user";
  private static final String BODY = "villagecast.body";
  private static final String BODY_LIMIT = "villagecast.body-limit";
  private static final String TEXT = "villagecast.text";
  static final String REALM = "Bearer realm=\"villagecast\"";

  /** An endpoint: answers a checked request. May fail its future with a {@link ClientError}. */
  @FunctionalInterface
  interface Endpoint {
    Future<Reply> handle(Call call);
  }

  /** An endpoint that writes its own long-lived response (the event stream). */
  @FunctionalInterface
  interface Streaming {
    void start(Call call);
  }

  /** What was registered, for the comparison with the OpenAPI document. */
  record Spec(HttpMethod method, String path, Set<String> query, boolean open) {}

  private final Router router;
  private final AuthService auth;
  private final long maxBody;
  private final List<Spec> specs = new ArrayList<>();
  private final SecureRandom random = new SecureRandom();

  ApiRoutes(Router router, AuthService auth, long maxBody) {
    this.router = router;
    this.auth = auth;
    this.maxBody = maxBody;
  }

  List<Spec> specs() {
    return List.copyOf(specs);
  }

  Builder get(String path) {
    return new Builder(HttpMethod.GET, path);
  }

  Builder post(String path) {
    return new Builder(HttpMethod.POST, path);
  }

  Builder put(String path) {
    return new Builder(HttpMethod.PUT, path);
  }

  Builder patch(String path) {
    return new Builder(HttpMethod.PATCH, path);
  }

  Builder delete(String path) {
    return new Builder(HttpMethod.DELETE, path);
  }

  /** One endpoint being described; {@link #to} or {@link #stream} registers it. */
  final class Builder {
    private final HttpMethod method;
    private final String path;
    private Set<String> query = Set.of();
    private Permissions.Action action;
    private boolean open;
    private boolean json;
    private Set<String> mediaTypes;
    private long binaryLimit;
    private String textType;
    private long textLimit;

    private Builder(HttpMethod method, String path) {
      this.method = method;
      this.path = PREFIX + path;
    }

    /** The query parameters it takes; any other is refused. */
    Builder query(String... names) {
      query = Set.of(names);
      return this;
    }

    /** It needs a JSON object body. */
    Builder json() {
      json = true;
      return this;
    }

    /**
     * It needs a non-empty body of one of {@code types} (media types in lower case, parameters
     * ignored), up to {@code maxBytes}: an uploaded file, read by {@link Call#bytes()}.
     */
    Builder binary(long maxBytes, Set<String> types) {
      binaryLimit = maxBytes;
      mediaTypes = Set.copyOf(types);
      return this;
    }

    /**
     * It needs a text document body of this media type (e.g. {@code application/yaml}) in UTF-8, of
     * at most {@code maxBytes}, instead of a JSON object.
     */
    Builder text(String mediaType, long maxBytes) {
      textType = mediaType;
      textLimit = maxBytes;
      return this;
    }

    /** The action the caller's role must allow. */
    Builder as(Permissions.Action required) {
      action = required;
      return this;
    }

    /** No sign-in needed. */
    Builder open() {
      open = true;
      return this;
    }

    void to(Endpoint endpoint) {
      register(this, ctx -> run(ctx, endpoint));
    }

    void stream(Streaming streaming) {
      register(this, ctx -> streaming.start(call(ctx)));
    }
  }

  private void register(Builder b, Handler<RoutingContext> last) {
    if (!b.open && b.action == null) {
      throw new IllegalStateException(b.method + " " + b.path + " needs an action or open()");
    }
    boolean takesBody = b.method != HttpMethod.GET;
    specs.add(new Spec(b.method, b.path, b.query, b.open));
    Route route = router.route(b.method, b.path);
    long bodyLimit =
        b.mediaTypes != null ? b.binaryLimit : b.textType != null ? b.textLimit : maxBody;
    if (takesBody) {
      route.handler(
          ctx -> {
            ctx.request().pause();
            ctx.put(BODY_LIMIT, bodyLimit);
            ctx.next();
          });
    }
    if (!b.open) {
      route.handler(this::authenticate);
    }
    route.handler(
        ctx -> {
          checkQuery(ctx, b.query);
          if (!b.open) {
            Permissions.check(ctx.get(USER), b.action);
          }
          ctx.next();
        });
    if (takesBody) {
      BodyHandler bodies = BodyHandler.create(false).setBodyLimit(bodyLimit);
      // Wrapped: Vert.x insists a bare BodyHandler comes first, but it must follow sign-in.
      route.handler(bodies::handle);
      route.handler(
          ctx -> {
            if (!ctx.request().isEnded()) {
              // The body handler passed over a request without a body: let its end through.
              ctx.request().resume();
            }
            if (b.mediaTypes != null) {
              readBinary(ctx, b.mediaTypes);
            } else if (b.textType != null) {
              readText(ctx, b.textType);
            } else {
              readBody(ctx, b.json);
            }
            ctx.next();
          });
    }
    route.handler(last);
    route.failureHandler(this::failure);
  }

  private Call call(RoutingContext ctx) {
    return new Call(ctx, ctx.get(USER), ctx.get(BODY), ctx.get(TEXT));
  }

  private void run(RoutingContext ctx, Endpoint endpoint) {
    Context context = Vertx.currentContext();
    Future<Reply> reply = endpoint.handle(call(ctx));
    reply.onComplete(
        done -> {
          // Services may complete on their own context: answer from the request's.
          Runnable answer =
              () -> {
                if (done.succeeded()) {
                  write(ctx, done.result());
                } else {
                  ctx.fail(done.cause());
                }
              };
          if (context == null || Vertx.currentContext() == context) {
            answer.run();
          } else {
            context.runOnContext(v -> answer.run());
          }
        });
  }

  // ---------------------------------------------------------------- the shared checks

  private void authenticate(RoutingContext ctx) {
    String token = bearerToken(ctx.request());
    if (token == null) {
      throw new ClientError(
          ClientError.Kind.UNAUTHORIZED,
          "sign in first: send 'Authorization: Bearer <token>' with a token from POST"
              + " /api/session");
    }
    Context context = Vertx.currentContext();
    auth.authenticate(token)
        .onComplete(
            done ->
                context.runOnContext(
                    v -> {
                      if (done.succeeded()) {
                        ctx.put(USER, done.result());
                        ctx.next();
                      } else {
                        ctx.fail(done.cause());
                      }
                    }));
  }

  /** The token of an {@code Authorization: Bearer <token>} header, or null. */
  static String bearerToken(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      return null;
    }
    String value = header.trim();
    if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = value.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  private static void checkQuery(RoutingContext ctx, Set<String> allowed) {
    MultiMap params;
    try {
      params = ctx.queryParams();
    } catch (RuntimeException malformed) {
      throw ClientError.badRequest("the query string is malformed");
    }
    for (String name : params.names()) {
      if (!allowed.contains(name)) {
        throw ClientError.badRequest(
            "unknown query parameter '"
                + JsonFields.echo(name)
                + "'"
                + (allowed.isEmpty()
                    ? ": this endpoint takes none"
                    : "; expected " + sorted(allowed)));
      }
      if (params.getAll(name).size() > 1) {
        throw ClientError.badRequest("query parameter '" + name + "' is given more than once");
      }
    }
  }

  private static void readBody(RoutingContext ctx, boolean required) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    boolean empty = body == null || body.length() == 0;
    if (empty) {
      if (required) {
        throw ClientError.badRequest("a JSON object body is required");
      }
      return;
    }
    checkContentType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    JsonObject object = JsonFields.parseObject(body);
    if (!required) {
      JsonFields.of(object, Set.of());
    }
    ctx.put(BODY, object);
  }

  /** A file body: one of {@code types} (415), then not empty (400). */
  private static void readBinary(RoutingContext ctx, Set<String> types) {
    String header = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    String type = header == null ? "" : header.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!types.contains(type)) {
      throw new ClientError(
          ClientError.Kind.UNSUPPORTED_MEDIA_TYPE,
          "the body must be sent with Content-Type "
              + sorted(types)
              + (header == null ? "" : ", not '" + JsonFields.echo(header) + "'"));
    }
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw ClientError.badRequest("the body is empty: send the file itself as the body");
    }
  }

  /** A required text document of {@code mediaType}, in UTF-8. */
  private static void readText(RoutingContext ctx, String mediaType) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw ClientError.badRequest("a " + mediaType + " body is required");
    }
    checkUtf8Type(
        ctx.request().getHeader(HttpHeaders.CONTENT_TYPE),
        mediaType,
        "the body must be UTF-8 text");
    try {
      ctx.put(
          TEXT,
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body.getBytes()))
              .toString());
    } catch (CharacterCodingException e) {
      throw ClientError.badRequest("the body is not valid UTF-8 text");
    }
  }

  /** Only {@code application/json}, in UTF-8 (the only charset JSON may use, RFC 8259). */
  static void checkContentType(String header) {
    checkUtf8Type(header, "application/json", "the body must be JSON in UTF-8");
  }

  /** The media type {@code mediaType}, with no charset or UTF-8 (415 {@code notUtf8} else). */
  private static void checkUtf8Type(String header, String mediaType, String notUtf8) {
    String[] parts = header == null ? new String[] {""} : header.split(";");
    if (!parts[0].trim().equalsIgnoreCase(mediaType)) {
      throw new ClientError(
          ClientError.Kind.UNSUPPORTED_MEDIA_TYPE,
          "the body must be sent as 'Content-Type: "
              + mediaType
              + "'"
              + (header == null ? "" : ", not '" + JsonFields.echo(header) + "'"));
    }
    for (int i = 1; i < parts.length; i++) {
      String[] parameter = parts[i].trim().split("=", 2);
      if (parameter[0].trim().equalsIgnoreCase("charset")
          && (parameter.length < 2
              || !parameter[1].trim().replace("\"", "").equalsIgnoreCase("utf-8"))) {
        throw new ClientError(ClientError.Kind.UNSUPPORTED_MEDIA_TYPE, notUtf8);
      }
    }
  }

  // ---------------------------------------------------------------- answers

  static Future<Void> write(RoutingContext ctx, Reply reply) {
    HttpServerResponse response = ctx.response();
    response.setStatusCode(reply.status());
    response.putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    response.putHeader("X-Content-Type-Options", "nosniff");
    if (reply.body() == null) {
      return response.end();
    }
    return response.putHeader(HttpHeaders.CONTENT_TYPE, reply.contentType()).end(reply.body());
  }

  /** Every refusal and failure of an API route ends here. */
  private void failure(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // A stream already under way: nothing can be said any more but to end it.
      if (!response.ended()) {
        response.end();
      }
      return;
    }
    Throwable failure = ctx.failure();
    int status;
    String code;
    String message;
    if (failure instanceof ClientError refused) {
      status = refused.kind().status;
      code = refused.kind().name().toLowerCase(Locale.ROOT);
      message = refused.getMessage();
    } else if (failure instanceof LoginThrottled throttled) {
      status = 429;
      code = "too_many_requests";
      message = throttled.getMessage();
      response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
    } else if (failure instanceof ProtocolException invalid) {
      status = 400;
      code = "bad_request";
      message = CommandParser.apiMessage(invalid);
    } else if (failure == null && ctx.statusCode() == 413) {
      status = 413;
      code = "too_large";
      Long limit = ctx.get(BODY_LIMIT);
      message = "the body is larger than " + (limit == null ? maxBody : limit) + " bytes";
    } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      status = ctx.statusCode();
      code = "bad_request";
      message = "the request was refused (HTTP " + status + ")";
    } else {
      String reference = newReference();
      LOG.error(
          "{} {} failed (error reference {}); this is a hub defect or an unavailable service,"
              + " see the exception below",
          ctx.request().method(),
          ctx.request().path(),
          reference,
          failure);
      status = 500;
      code = "internal";
      message =
          "the hub failed to answer; the hub's log has the details under reference " + reference;
    }
    if (status == 401) {
      response.putHeader(
          "WWW-Authenticate",
          bearerToken(ctx.request()) == null ? REALM : REALM + ", error=\"invalid_token\"");
    }
    writeError(ctx, status, code, message);
  }

  /** 8 hex digits that tie the client's answer to the log line with the exception. */
  private String newReference() {
    byte[] id = new byte[4];
    random.nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  /**
   * Writes an error. When the request body was never read (refused before it), the connection is
   * closed after the answer: draining a hostile upload is not worth it, and leaving it unread would
   * confuse the next request on the connection.
   */
  static void writeError(RoutingContext ctx, int status, String code, String message) {
    HttpServerRequest request = ctx.request();
    boolean unread = !request.isEnded() && request.version() != HttpVersion.HTTP_2;
    HttpServerResponse response = ctx.response();
    if (unread) {
      response.putHeader(HttpHeaders.CONNECTION, "close");
    }
    Future<Void> written = write(ctx, Reply.json(status, Reply.error(code, message)));
    if (unread) {
      written.onComplete(v -> request.connection().close());
    }
  }

  private static String sorted(Set<String> names) {
    return String.join(", ", names.stream().sorted().toList());
  }
}
