package org.villagecast.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.auth.Role;

/** What the client sees when the hub fails inside, or refuses to check secrets any more. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ApiFailureTest {
  @TempDir Path dir;

  private LightApi api;

  @BeforeEach
  void start() throws Exception {
    api = new LightApi(dir, Duration.ofSeconds(15));
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return api.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> signIn(String secret) throws Exception {
    return send(
        HttpRequest.newBuilder(api.uri("/api/session"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"name\":\"operator\",\"secret\":\"" + secret + "\"}")));
  }

  /**
   * Verifies that a store failure under an endpoint is a 500 with an error reference and nothing of
   * the failure itself: here the database is closed under the audit log.
   */
  @Test
  void storeFailure_internalErrorWithReference() throws Exception {
    // GIVEN the database closed behind the API's back
    api.db.close();

    // WHEN the audit log is read
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(api.uri("/api/audit"))
                .header("Authorization", "Bearer " + api.tokens.get(Role.ADMIN)));

    // THEN 500, a reference to find in the log, and no exception text
    assertThat(response.statusCode()).isEqualTo(500);
    JsonObject error = new JsonObject(response.body()).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("internal");
    assertThat(error.getString("message")).matches(".*reference [0-9a-f]{8}$");
    assertThat(response.body())
        .doesNotContain("Exception")
        .doesNotContain("SQL")
        .doesNotContain("jdbc")
        .doesNotContain("closed");
  }

  /** Verifies that after 5 wrong secrets even the right one gets 429 with Retry-After. */
  @Test
  void repeatedWrongSecrets_tooManyRequests() throws Exception {
    // GIVEN 5 wrong secrets, each a 401
    for (int i = 0; i < 5; i++) {
      assertThat(signIn("not the right secret").statusCode()).isEqualTo(401);
    }

    // WHEN the right one comes
    HttpResponse<String> throttled = signIn(LightApi.SECRET);

    // THEN 429, too_many_requests, and when to come back
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(new JsonObject(throttled.body()).getJsonObject("error").getString("code"))
        .isEqualTo("too_many_requests");
    assertThat(throttled.headers().firstValue("Retry-After"))
        .hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 30));
    assertThat(
            api.metrics.get("villagecast.api.logins").tag("outcome", "throttled").counter().count())
        .isEqualTo(1.0);
  }
}
