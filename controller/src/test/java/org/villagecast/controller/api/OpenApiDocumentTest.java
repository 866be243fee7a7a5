package org.villagecast.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.villagecast.controller.HubEvents;
import org.villagecast.controller.ops.HubMetrics;
import org.villagecast.controller.ops.Readiness;

/**
 * The OpenAPI document against the router: every route is documented and every documented operation
 * is routed, with the same query parameters and the same public/signed-in split; every reference in
 * the document resolves.
 *
 * <p>The document is read line by line (there is no YAML library on the classpath): paths at two
 * spaces of indentation, operations at four, parameters in flow style {@code - {name: x, in: query,
 * ...}}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OpenApiDocumentTest {
  private static final Pattern PATH = Pattern.compile("^  (/\\S*):\\s*$");
  private static final Pattern OPERATION =
      Pattern.compile("^    (get|put|post|delete|patch|head|options):\\s*$");
  private static final Pattern QUERY_PARAMETER =
      Pattern.compile("- \\{name: ([A-Za-z]+), in: query");
  private static final Pattern NO_SECURITY = Pattern.compile("^      security: \\[\\]\\s*$");
  private static final Pattern REF = Pattern.compile("\\$ref: \"#/components/(\\w+)/(\\w+)\"");
  private static final Pattern COMPONENT_KIND = Pattern.compile("^  (\\w+):\\s*$");
  private static final Pattern COMPONENT = Pattern.compile("^    (\\w+):");

  /** One operation of the document. */
  record Operation(Set<String> query, boolean open) {}

  static String document() {
    try (InputStream in = HttpApi.class.getResourceAsStream(HttpApi.OPENAPI_RESOURCE)) {
      assertThat(in).as(HttpApi.OPENAPI_RESOURCE).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** "GET /api/terminals/{rc}" → its query parameters and whether it is public. */
  static Map<String, Operation> documentedOperations() {
    Map<String, Operation> operations = new HashMap<>();
    String path = null;
    String operation = null;
    Set<String> query = new HashSet<>();
    boolean open = false;
    boolean inPaths = false;
    for (String line : document().split("\n")) {
      if (line.equals("paths:")) {
        inPaths = true;
        continue;
      }
      if (inPaths && !line.isEmpty() && !line.startsWith(" ")) {
        break;
      }
      if (!inPaths) {
        continue;
      }
      Matcher p = PATH.matcher(line);
      Matcher o = OPERATION.matcher(line);
      if (p.matches() || o.matches()) {
        if (operation != null) {
          operations.put(operation, new Operation(Set.copyOf(query), open));
          operation = null;
        }
        if (p.matches()) {
          path = p.group(1);
        } else {
          operation = o.group(1).toUpperCase(Locale.ROOT) + " " + path;
          query.clear();
          open = false;
        }
        continue;
      }
      if (operation != null) {
        Matcher q = QUERY_PARAMETER.matcher(line);
        if (q.find()) {
          query.add(q.group(1));
        }
        if (NO_SECURITY.matcher(line).matches()) {
          open = true;
        }
      }
    }
    if (operation != null) {
      operations.put(operation, new Operation(Set.copyOf(query), open));
    }
    return operations;
  }

  /** ":rc" → "{rc}". */
  static String template(String vertxPath) {
    return vertxPath.replaceAll(":(\\w+)", "{$1}");
  }

  /** A router as the hub builds it; no request is made, so no service is needed. */
  private static <T> T withRouter(java.util.function.BiFunction<Vertx, HttpApi.Services, T> use) {
    Vertx vertx = Vertx.vertx();
    try {
      HttpApi.Services services =
          new HttpApi.Services(
              null,
              null,
              new HubEvents(),
              null,
              null,
              new Readiness(vertx, Duration.ofSeconds(1)),
              HubMetrics.newRegistry(),
              null,
              null,
              null,
              java.time.Clock.systemUTC(),
              null);
      return use.apply(vertx, services);
    } finally {
      vertx.close();
    }
  }

  /** Every "METHOD /template" the router routes. */
  static Set<String> routerOperations() {
    return withRouter(
        (vertx, services) -> {
          Router router = HttpApi.router(vertx, services);
          Set<String> operations = new TreeSet<>();
          for (Route route : router.getRoutes()) {
            assertThat(route.getPath()).as("every route has a path").isNotNull();
            assertThat(route.methods()).as(route.getPath() + " has methods").isNotEmpty();
            for (HttpMethod method : route.methods()) {
              operations.add(method.name() + " " + template(route.getPath()));
            }
          }
          return operations;
        });
  }

  /** Verifies that every routed operation is documented and every documented one is routed. */
  @Test
  void routes_matchDocument() {
    // GIVEN the router's operations and the document's
    Set<String> routed = routerOperations();
    Set<String> documented = documentedOperations().keySet();

    // THEN they are the same set (and not trivially empty)
    assertThat(routed).hasSizeGreaterThan(20).contains("GET /api/terminals/{rc}", "GET /metrics");
    assertThat(new TreeSet<>(documented)).containsExactlyElementsOf(routed);
  }

  /** Verifies that each API operation takes the query parameters and sign-in the document says. */
  @Test
  void queryParametersAndSecurity_matchDocument() {
    // GIVEN the API endpoints as registered, and the document
    List<ApiRoutes.Spec> specs = withRouter(HttpApi::endpoints);
    Map<String, Operation> documented = documentedOperations();

    // THEN each endpoint's query parameters and public flag agree with its documented operation
    List<String> checked = new ArrayList<>();
    for (ApiRoutes.Spec spec : specs) {
      String key = spec.method().name() + " " + template(spec.path());
      Operation operation = documented.get(key);
      assertThat(operation).as(key + " documented").isNotNull();
      assertThat(operation.query()).as(key + " query parameters").isEqualTo(spec.query());
      assertThat(operation.open()).as(key + " public").isEqualTo(spec.open());
      checked.add(key);
    }
    assertThat(checked).contains("GET /api/terminals", "POST /api/session");
    // AND the operations outside /api (health, readiness, metrics) are public
    documented.forEach(
        (key, operation) -> {
          if (!key.contains(" /api/")) {
            assertThat(operation.open()).as(key + " public").isTrue();
          }
        });
  }

  /** Verifies that every $ref points to a component the document defines. */
  @Test
  void references_resolve() {
    // GIVEN the components the document defines
    Set<String> defined = new HashSet<>();
    String kind = null;
    boolean inComponents = false;
    for (String line : document().split("\n")) {
      if (line.equals("components:")) {
        inComponents = true;
        continue;
      }
      if (!inComponents) {
        continue;
      }
      Matcher k = COMPONENT_KIND.matcher(line);
      Matcher c = COMPONENT.matcher(line);
      if (k.matches()) {
        kind = k.group(1);
      } else if (c.find() && kind != null) {
        defined.add(kind + "/" + c.group(1));
      }
    }

    // THEN every reference is to one of them
    Matcher ref = REF.matcher(document());
    int references = 0;
    while (ref.find()) {
      references++;
      assertThat(defined).contains(ref.group(1) + "/" + ref.group(2));
    }
    assertThat(references).isGreaterThan(50);
    assertThat(document()).startsWith("openapi: 3.0.").contains("scheme: bearer");
  }
}
