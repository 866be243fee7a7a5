package org.villagecast.controller.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.auth.User;
import org.villagecast.controller.registry.Scope;

/**
 * One API request after the checks every endpoint shares: who is calling (null on the public
 * endpoints), the JSON body (null when there is none) and readers for path and query parameters
 * that answer BAD_REQUEST naming the parameter.
 */
final class Call {
  private final RoutingContext ctx;
  private final User user;
  private final JsonObject body;
  private final String text;

  Call(RoutingContext ctx, User user, JsonObject body, String text) {
    this.ctx = ctx;
    this.user = user;
    this.body = body;
    this.text = text;
  }

  RoutingContext context() {
    return ctx;
  }

  User user() {
    return user;
  }

  /** The signed-in user's name, as the actor of what they change. */
  String actor() {
    return user.name();
  }

  Scope scope() {
    return Permissions.scope(user);
  }

  /** The body; an empty object when the request had none. */
  JsonObject body() {
    return body == null ? new JsonObject() : body;
  }

  /** The body of an endpoint that takes a file ({@link ApiRoutes.Builder#binary}). */
  io.vertx.core.buffer.Buffer bytes() {
    return ctx.body().buffer();
  }

  /** The text document body of an endpoint that takes one (checked for type and UTF-8). */
  String text() {
    return text;
  }

  String pathParam(String name) {
    return ctx.pathParam(name);
  }

  /** A query parameter's single value (duplicates were refused already), or null. */
  String query(String name) {
    return ctx.queryParams().get(name);
  }

  /** An integer query parameter in [1, max], {@code otherwise} when absent. */
  int limit(String name, int otherwise, int max) {
    String value = query(name);
    if (value == null) {
      return otherwise;
    }
    if (value.isEmpty()
        || value.length() > 9
        || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw ClientError.badRequest("'" + name + "' must be an integer from 1 to " + max);
    }
    int number = Integer.parseInt(value);
    if (number < 1 || number > max) {
      throw ClientError.badRequest("'" + name + "' must be an integer from 1 to " + max);
    }
    return number;
  }

  /** A boolean query parameter ("true" or "false"), null when absent. */
  Boolean flag(String name) {
    String value = query(name);
    if (value == null) {
      return null;
    }
    return switch (value) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      default -> throw ClientError.badRequest("'" + name + "' must be true or false");
    };
  }

  /** The client's address, for sign-in throttling and logs. */
  String address() {
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
  }
}
