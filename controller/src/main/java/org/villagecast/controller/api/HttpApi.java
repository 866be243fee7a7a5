package org.villagecast.controller.api;

import static org.villagecast.controller.api.Permissions.Action.EDIT_AREAS;
import static org.villagecast.controller.api.Permissions.Action.EDIT_GROUPS;
import static org.villagecast.controller.api.Permissions.Action.EDIT_TERMINALS;
import static org.villagecast.controller.api.Permissions.Action.MANAGE_USERS;
import static org.villagecast.controller.api.Permissions.Action.READ;
import static org.villagecast.controller.api.Permissions.Action.READ_AUDIT;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.HubEvents;
import org.villagecast.controller.auth.AuthService;
import org.villagecast.controller.auth.LoginThrottled;
import org.villagecast.controller.auth.Role;
import org.villagecast.controller.auth.User;
import org.villagecast.controller.broadcast.BroadcastService;
import org.villagecast.controller.broadcast.StoredProgrammes;
import org.villagecast.controller.delivery.Command;
import org.villagecast.controller.delivery.CommandRequest;
import org.villagecast.controller.delivery.CommandService;
import org.villagecast.controller.delivery.Targets;
import org.villagecast.controller.ops.OpsEndpoints;
import org.villagecast.controller.ops.Readiness;
import org.villagecast.controller.registry.Alarm;
import org.villagecast.controller.registry.Approval;
import org.villagecast.controller.registry.Area;
import org.villagecast.controller.registry.Group;
import org.villagecast.controller.registry.Registry;
import org.villagecast.controller.registry.Scope;
import org.villagecast.controller.registry.StatusRecord;
import org.villagecast.controller.registry.TerminalView;
import org.villagecast.controller.scheduling.ScheduleService;
import org.villagecast.controller.store.AuditEntry;
import org.villagecast.protocol.codec.MessageType;

/**
 * The hub's HTTP API: a vertx-web router with the REST endpoints under {@code /api} (described by
 * {@code GET /api/openapi.yaml}), the event stream, and {@code /health}, {@code /ready} and {@code
 * /metrics} outside it. The shared checks (sign-in, roles, body limits, strict JSON) are in {@link
 * ApiRoutes}; who may do what is in {@link Permissions}.
 *
 * <pre>{@code
 * Router router = HttpApi.router(vertx, new HttpApi.Services(...));
 * vertx.createHttpServer().requestHandler(router).listen(8080, "127.0.0.1");
 * }</pre>
 */
public final class HttpApi {
  /** Largest request body; larger ones get 413 before they are parsed. */
  public static final long MAX_BODY_BYTES = 64 * 1024;

  /** How often the event stream sends a comment line to keep proxies from closing it. */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);

  /** Where the OpenAPI document is on the classpath. */
  static final String OPENAPI_RESOURCE = "/org/villagecast/controller/api/openapi.yaml";

  static final int MAX_NAME = 200;
  static final int MAX_LIST = 1000;

  /** What the API works with; {@code audio} may be null (its endpoints then answer 503). */
  public record Services(
      Registry registry,
      CommandService commands,
      HubEvents events,
      AuthService auth,
      AuditLog audit,
      Readiness readiness,
      PrometheusMeterRegistry metrics,
      AudioServices audio,
      BroadcastService broadcasts,
      StoredProgrammes programmes,
      Clock clock,
      ScheduleService schedules) {}

  private final Services services;
  private final Registry registry;
  private final CommandService commands;
  private final AuthService auth;
  private final EventStream events;
  private final Buffer openApi;
  private final Counter loginsOk;
  private final Counter loginsRefused;
  private final Counter loginsThrottled;
  private final Router router;
  private final ApiRoutes routes;

  private HttpApi(Vertx vertx, Services services, Duration heartbeat) {
    this.services = services;
    this.registry = services.registry();
    this.commands = services.commands();
    this.auth = services.auth();
    this.events = new EventStream(vertx, services.events(), heartbeat);
    this.openApi = loadOpenApi();
    PrometheusMeterRegistry metrics = services.metrics();
    this.loginsOk = loginCounter(metrics, "success");
    this.loginsRefused = loginCounter(metrics, "refused");
    this.loginsThrottled = loginCounter(metrics, "throttled");
    Gauge.builder("villagecast.api.event.streams", events, EventStream::open)
        .description("Event streams (GET /api/events) open now")
        .strongReference(true)
        .register(metrics);
    this.router = Router.router(vertx);
    this.routes = new ApiRoutes(router, auth, MAX_BODY_BYTES);
    mount(vertx);
  }

  /** The router with every endpoint, the event stream sending heartbeats every 15 s. */
  public static Router router(Vertx vertx, Services services) {
    return router(vertx, services, DEFAULT_HEARTBEAT);
  }

  public static Router router(Vertx vertx, Services services, Duration heartbeat) {
    return new HttpApi(vertx, services, heartbeat).router;
  }

  /**
   * Starts an HTTP server with the API on {@code host:port} (port 0: any free port, see {@link
   * HttpServer#actualPort()}).
   */
  public static Future<HttpServer> start(Vertx vertx, String host, int port, Services services) {
    return vertx.createHttpServer().requestHandler(router(vertx, services)).listen(port, host);
  }

  /** For tests: the API endpoints as registered (method, path, query parameters, public). */
  static List<ApiRoutes.Spec> endpoints(Vertx vertx, Services services) {
    return new HttpApi(vertx, services, DEFAULT_HEARTBEAT).routes.specs();
  }

  private void mount(Vertx vertx) {
    routes.get("/openapi.yaml").open().to(call -> ok(Reply.text("application/yaml", openApi)));

    routes.post("/session").open().json().to(this::signIn);
    routes.delete("/session").as(READ).to(this::signOut);
    routes.get("/me").as(READ).to(this::me);

    routes.get("/terminals").query("area", "approval", "online").as(READ).to(this::terminals);
    routes.get("/terminals/:rc").as(READ).to(this::terminal);
    routes.get("/terminals/:rc/history").query("limit").as(READ).to(this::history);
    routes.post("/terminals/:rc/accept").as(EDIT_TERMINALS).to(this::accept);
    routes.patch("/terminals/:rc").json().as(EDIT_TERMINALS).to(this::describe);

    routes.get("/areas").as(READ).to(this::areas);
    routes.put("/areas/:code").json().as(EDIT_AREAS).to(this::saveArea);
    routes.delete("/areas/:code").as(EDIT_AREAS).to(this::deleteArea);

    routes.get("/groups").as(READ).to(this::groups);
    routes.put("/groups/:number").json().as(EDIT_GROUPS).to(this::saveGroup);
    routes.delete("/groups/:number").as(EDIT_GROUPS).to(this::deleteGroup);

    // Every role sends some command type; which ones is checked once the type is read.
    routes.post("/commands").json().as(READ).to(this::send);
    routes.get("/commands").query("limit").as(READ).to(this::recentCommands);
    routes.get("/commands/:id").as(READ).to(this::command);

    routes.get("/alarms").query("open", "limit").as(READ).to(this::alarms);
    routes.get("/events").as(READ).stream(call -> events.start(call.context(), call.user()));

    routes.get("/users").as(MANAGE_USERS).to(this::users);
    routes.post("/users").json().as(MANAGE_USERS).to(this::createUser);
    routes.delete("/users/:name").as(MANAGE_USERS).to(this::deleteUser);

    routes.get("/audit").query("limit").as(READ_AUDIT).to(this::audit);

    new BroadcastEndpoints(services.broadcasts(), services.programmes(), services.clock())
        .register(routes);
    AudioEndpoints.mount(routes, vertx, services.audio());
    ScheduleEndpoints.mount(routes, services.schedules(), services.clock());

    OpsEndpoints.mount(router, services.readiness(), services.metrics());
    router.errorHandler(404, ctx -> notFound(ctx.request().method(), ctx));
    router.errorHandler(
        405,
        ctx ->
            ApiRoutes.writeError(
                ctx,
                405,
                "method_not_allowed",
                ctx.request().method() + " is not allowed on " + ctx.request().path()));
  }

  private static void notFound(HttpMethod method, RoutingContext ctx) {
    ApiRoutes.writeError(
        ctx,
        404,
        "not_found",
        "no endpoint "
            + method
            + " "
            + JsonFields.echo(ctx.request().path())
            + " (GET /api/openapi.yaml lists them)");
  }

  // ---------------------------------------------------------------- sessions and users

  private Future<Reply> signIn(Call call) {
    JsonFields fields = JsonFields.of(call.body(), Set.of("name", "secret"));
    String name = fields.text("name", MAX_NAME);
    String secret = fields.text("secret", 1024);
    return auth.login(name, secret, call.address())
        .onSuccess(s -> loginsOk.increment())
        .onFailure(e -> (e instanceof LoginThrottled ? loginsThrottled : loginsRefused).increment())
        .map(session -> Reply.created(JsonViews.session(session)));
  }

  private Future<Reply> signOut(Call call) {
    return auth.logout(ApiRoutes.bearerToken(call.context().request())).map(v -> Reply.noContent());
  }

  private Future<Reply> me(Call call) {
    User user = call.user();
    JsonArray may = new JsonArray();
    for (Permissions.Action action : Permissions.Action.values()) {
      if (Permissions.allows(user.role(), action)) {
        may.add(action.name());
      }
    }
    JsonArray commandTypes = new JsonArray();
    Permissions.commandTypes().stream()
        .filter(t -> Permissions.allows(user.role(), Permissions.commandAction(t).orElseThrow()))
        .map(Enum::name)
        .sorted()
        .forEach(commandTypes::add);
    return ok(
        Reply.ok(
            JsonViews.user(user)
                .put("scoped", Permissions.SCOPED.contains(user.role()))
                .put("may", may)
                .put("commandTypes", commandTypes)));
  }

  private Future<Reply> users(Call call) {
    return auth.users()
        .map(
            all ->
                Reply.ok(
                    new JsonObject()
                        .put(
                            "users",
                            JsonViews.array(
                                all.stream().sorted(Comparator.comparing(User::name)).toList(),
                                JsonViews::user))));
  }

  private Future<Reply> createUser(Call call) {
    JsonFields fields = JsonFields.of(call.body(), Set.of("name", "role", "areaScopes", "secret"));
    String name = fields.text("name", MAX_NAME);
    Role role = fields.enumValue("role", Role.class);
    List<String> scopes = fields.codes("areaScopes", 100, Ids::isAreaPrefix, Ids.AREA_RULE);
    String secret = fields.text("secret", 1024);
    return auth.createUser(name, role, Set.copyOf(scopes), secret)
        .compose(
            user ->
                services
                    .audit()
                    .record(
                        call.actor(),
                        "user.create",
                        user.name(),
                        "role " + user.role() + ", areas " + user.areaScopes())
                    .map(entry -> Reply.created(JsonViews.user(user))));
  }

  private Future<Reply> deleteUser(Call call) {
    String name = Ids.userName("name", call.pathParam("name"));
    return auth.deleteUser(name)
        .compose(
            user ->
                services
                    .audit()
                    .record(call.actor(), "user.delete", user.name(), "role " + user.role())
                    .map(entry -> Reply.noContent()));
  }

  private Future<Reply> audit(Call call) {
    int limit = call.limit("limit", 100, MAX_LIST);
    return services
        .audit()
        .recent(limit)
        .map(
            entries ->
                Reply.ok(
                    new JsonObject()
                        .put(
                            "entries",
                            JsonViews.array(
                                entries.stream()
                                    .sorted(
                                        Comparator.comparingLong(AuditEntry::sequence).reversed())
                                    .toList(),
                                JsonViews::audit))));
  }

  // ---------------------------------------------------------------- terminals

  private Future<Reply> terminals(Call call) {
    String area = call.query("area");
    Approval approval = approval(call.query("approval"));
    Boolean online = call.flag("online");
    Scope scope = call.scope();
    if (area != null) {
      Ids.areaPrefix("area", area);
      if (scope.everything()) {
        scope = Scope.of(Set.of(area));
      } else if (!scope.covers(area)
          && scope.areaPrefixes().stream().noneMatch(p -> p.startsWith(area))) {
        throw ClientError.forbidden(
            "area " + area + " is outside your areas " + sorted(call.user().areaScopes()));
      }
    }
    return registry
        .terminals(scope)
        .map(
            views -> {
              List<TerminalView> shown =
                  views.stream()
                      .filter(v -> area == null || v.terminal().areaCode().startsWith(area))
                      .filter(v -> approval == null || v.terminal().approval() == approval)
                      .filter(v -> online == null || v.status().online() == online)
                      .filter(v -> Permissions.sees(call.user(), v.terminal().areaCode()))
                      .sorted(Comparator.comparing(v -> v.terminal().resourceCode()))
                      .toList();
              return Reply.ok(
                  new JsonObject()
                      .put("count", shown.size())
                      .put("terminals", JsonViews.array(shown, JsonViews::terminal)));
            });
  }

  private static Approval approval(String value) {
    if (value == null) {
      return null;
    }
    return Arrays.stream(Approval.values())
        .filter(a -> a.name().equals(value))
        .findFirst()
        .orElseThrow(() -> ClientError.badRequest("'approval' must be PENDING or ACCEPTED"));
  }

  /** The path's resource code, checked for shape and for the caller's areas. */
  private static String terminalCode(Call call) {
    String rc = Ids.resourceCode("rc", call.pathParam("rc"));
    Permissions.checkTerminal(call.user(), rc);
    return rc;
  }

  private Future<Reply> terminal(Call call) {
    return registry.terminal(terminalCode(call)).map(v -> Reply.ok(JsonViews.terminal(v)));
  }

  private Future<Reply> history(Call call) {
    String rc = terminalCode(call);
    int limit = call.limit("limit", 100, MAX_LIST);
    return registry
        .history(rc, limit)
        .map(
            records ->
                Reply.ok(
                    new JsonObject()
                        .put("resourceCode", rc)
                        .put(
                            "history",
                            JsonViews.array(
                                records.stream()
                                    .sorted(Comparator.comparing(StatusRecord::at).reversed())
                                    .toList(),
                                JsonViews::history))));
  }

  private Future<Reply> accept(Call call) {
    return registry
        .accept(terminalCode(call), call.actor())
        .map(v -> Reply.ok(JsonViews.terminal(v)));
  }

  private Future<Reply> describe(Call call) {
    String rc = terminalCode(call);
    JsonFields fields = JsonFields.of(call.body(), Set.of("name", "location"));
    for (String field : List.of("name", "location")) {
      if (fields.isNull(field)) {
        throw ClientError.badRequest(
            "'" + field + "' must be a string: it can be replaced, not cleared");
      }
    }
    if (!fields.has("name") && !fields.has("location")) {
      throw ClientError.badRequest("give 'name', 'location' or both");
    }
    // The registry keeps a field given as null.
    String name = fields.optionalText("name", MAX_NAME).orElse(null);
    String location = fields.optionalText("location", MAX_NAME).orElse(null);
    return registry
        .describe(rc, name, location, call.actor())
        .map(v -> Reply.ok(JsonViews.terminal(v)));
  }

  // ---------------------------------------------------------------- areas and groups

  private Future<Reply> areas(Call call) {
    return registry
        .areas()
        .map(
            all ->
                Reply.ok(
                    new JsonObject()
                        .put(
                            "areas",
                            JsonViews.array(
                                all.stream()
                                    .filter(a -> Permissions.seesArea(call.user(), a))
                                    .sorted(Comparator.comparing(Area::code))
                                    .toList(),
                                JsonViews::area))));
  }

  private Future<Reply> saveArea(Call call) {
    String code = Ids.areaPrefix("code", call.pathParam("code"));
    String name = JsonFields.of(call.body(), Set.of("name")).text("name", MAX_NAME);
    return registry
        .saveArea(new Area(code, name), call.actor())
        .map(a -> Reply.ok(JsonViews.area(a)));
  }

  private Future<Reply> deleteArea(Call call) {
    String code = Ids.areaPrefix("code", call.pathParam("code"));
    return registry.deleteArea(code, call.actor()).map(v -> Reply.noContent());
  }

  private Future<Reply> groups(Call call) {
    return registry
        .groups()
        .map(
            all ->
                Reply.ok(
                    new JsonObject()
                        .put(
                            "groups",
                            JsonViews.array(
                                all.stream()
                                    .filter(g -> Permissions.seesGroup(call.user(), g))
                                    .sorted(Comparator.comparingLong(Group::number))
                                    .toList(),
                                JsonViews::group))));
  }

  private Future<Reply> saveGroup(Call call) {
    long number = Ids.groupNumber("number", call.pathParam("number"));
    JsonFields fields = JsonFields.of(call.body(), Set.of("name", "areas", "terminals"));
    String name = fields.text("name", MAX_NAME);
    List<String> areas = fields.codes("areas", MAX_LIST, Ids::isAreaPrefix, Ids.AREA_RULE);
    List<String> terminals =
        fields.codes("terminals", MAX_LIST, Ids::isResourceCode, Ids.RESOURCE_CODE_RULE);
    Group group = new Group(number, name, new HashSet<>(areas), new HashSet<>(terminals));
    return registry.saveGroup(group, call.actor()).map(g -> Reply.ok(JsonViews.group(g)));
  }

  private Future<Reply> deleteGroup(Call call) {
    long number = Ids.groupNumber("number", call.pathParam("number"));
    return registry.deleteGroup(number, call.actor()).map(v -> Reply.noContent());
  }

  // ---------------------------------------------------------------- commands and alarms

  private Future<Reply> send(Call call) {
    JsonObject body = call.body();
    MessageType type = CommandParser.type(body);
    Permissions.checkCommand(call.user(), type);
    Targets targets = CommandParser.targets(body);
    Permissions.checkTargets(call.user(), targets);
    CommandRequest request = CommandParser.request(type, targets, body);
    return commands
        .send(request, call.actor())
        .compose(
            command ->
                commands
                    .report(command.id())
                    .map(
                        report ->
                            Reply.accepted(
                                new JsonObject()
                                    .put("command", JsonViews.command(report.command()))
                                    .put("counts", JsonViews.counts(report.counts())))));
  }

  private Future<Reply> recentCommands(Call call) {
    int limit = call.limit("limit", 50, 500);
    return commands
        .recent(limit)
        .map(
            recent -> {
              List<Command> shown =
                  recent.stream()
                      .filter(c -> Permissions.seesCommand(call.user(), c))
                      .sorted(Comparator.comparingLong(Command::id).reversed())
                      .toList();
              return Reply.ok(
                  new JsonObject().put("commands", JsonViews.array(shown, JsonViews::command)));
            });
  }

  private Future<Reply> command(Call call) {
    long id = Ids.commandId("id", call.pathParam("id"));
    return commands
        .report(id)
        .map(
            report -> {
              Permissions.checkCommandVisible(call.user(), report.command());
              return Reply.ok(JsonViews.report(report));
            });
  }

  private Future<Reply> alarms(Call call) {
    Boolean open = call.flag("open");
    int limit = call.limit("limit", 100, MAX_LIST);
    return registry
        .alarms(call.scope(), Boolean.TRUE.equals(open), limit)
        .map(
            alarms ->
                Reply.ok(
                    new JsonObject()
                        .put(
                            "alarms",
                            JsonViews.array(
                                alarms.stream()
                                    .filter(
                                        a ->
                                            Permissions.seesTerminal(call.user(), a.resourceCode()))
                                    .sorted(
                                        Comparator.comparing(Alarm::raisedAt)
                                            .thenComparingLong(Alarm::id)
                                            .reversed())
                                    .toList(),
                                JsonViews::alarm))));
  }

  // ---------------------------------------------------------------- helpers

  private static Future<Reply> ok(Reply reply) {
    return Future.succeededFuture(reply);
  }

  private static String sorted(Set<String> prefixes) {
    return prefixes.stream().sorted().toList().toString();
  }

  private static Counter loginCounter(PrometheusMeterRegistry metrics, String outcome) {
    return Counter.builder("villagecast.api.logins")
        .description("Sign-in attempts by outcome")
        .tag("outcome", outcome.toLowerCase(Locale.ROOT))
        .register(metrics);
  }

  private static Buffer loadOpenApi() {
    try (InputStream in = HttpApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(OPENAPI_RESOURCE + " is missing from the classpath");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
