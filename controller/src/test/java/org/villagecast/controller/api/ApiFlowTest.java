package org.villagecast.controller.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.villagecast.controller.api.ApiHarness.COUNTY;
import static org.villagecast.controller.api.ApiHarness.RC_A1;
import static org.villagecast.controller.api.ApiHarness.RC_A2;
import static org.villagecast.controller.api.ApiHarness.RC_A_PENDING;
import static org.villagecast.controller.api.ApiHarness.RC_B1;
import static org.villagecast.controller.api.ApiHarness.VILLAGE_A;
import static org.villagecast.controller.api.ApiHarness.VILLAGE_B;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.villagecast.controller.auth.Role;
import org.villagecast.controller.registry.Terminal;

/**
 * What each role can do through the API, on the whole hub: the accepted side of the matrix. The
 * tests share one hub (starting one takes seconds); each leaves the fixture as it found it, or
 * works on data of its own.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ApiFlowTest {
  /** A village no fixture user is scoped to, for terminals a test adds. */
  private static final String VILLAGE_C = "320583101003";

  private static Path dir;
  private static ApiHarness hub;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("api-flow");
    hub = ApiHarness.start(dir);
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  private static List<String> codes(JsonArray terminals) {
    return terminals.stream().map(t -> ((JsonObject) t).getString("resourceCode")).toList();
  }

  /** Verifies that signing in answers a token that works, and signing out ends it. */
  @Test
  void session_signInUseSignOut() throws Exception {
    // WHEN the operator signs in
    ApiHarness.Answer signedIn =
        hub.json(
            "POST",
            "/api/session",
            null,
            "{\"name\":\"operator\",\"secret\":\"" + ApiHarness.SECRET + "\"}");

    // THEN 201 with a token, the user and the expiry, and the token works
    assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(201);
    String token = signedIn.json().getString("token");
    assertThat(signedIn.json().getJsonObject("user").getString("role")).isEqualTo("OPERATOR");
    assertThat(signedIn.json().getString("expiresAt")).isNotBlank();
    ApiHarness.Answer me = hub.send("GET", "/api/me", token, null, null);
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().getString("name")).isEqualTo("operator");
    assertThat(me.json().getJsonArray("commandTypes")).contains("PLAY", "SET_VOLUME");
    assertThat(me.json().getJsonArray("may")).doesNotContain("MANAGE_USERS");
    assertThat(me.body()).doesNotContain("pbkdf2");

    // WHEN it signs out THEN the token stops working at once
    assertThat(hub.send("DELETE", "/api/session", token, null, null).status()).isEqualTo(204);
    assertThat(hub.send("GET", "/api/me", token, null, null).status()).isEqualTo(401);
  }

  /**
   * Verifies that the clerk lists only their village's terminals, an operator all, with filters.
   */
  @Test
  void terminals_listedByScopeAndFilters() throws Exception {
    // WHEN the clerk and the operator list terminals
    JsonObject clerk = hub.get("/api/terminals", Role.VILLAGE_STAFF).json();
    JsonObject operator = hub.get("/api/terminals", Role.OPERATOR).json();

    // THEN the clerk sees village A only, the operator both villages, each with online state
    assertThat(codes(clerk.getJsonArray("terminals"))).containsExactly(RC_A1, RC_A2, RC_A_PENDING);
    assertThat(clerk.getInteger("count")).isEqualTo(3);
    assertThat(codes(operator.getJsonArray("terminals")))
        .containsSubsequence(RC_A1, RC_A2, RC_A_PENDING, RC_B1)
        .allMatch(rc -> rc.startsWith("1" + COUNTY));
    assertThat(operator.getJsonArray("terminals").getJsonObject(0).getBoolean("online")).isFalse();

    // AND the filters narrow the list
    assertThat(
            codes(
                hub.get("/api/terminals?approval=PENDING", Role.OPERATOR)
                    .json()
                    .getJsonArray("terminals")))
        .containsExactly(RC_A_PENDING);
    assertThat(
            codes(
                hub.get("/api/terminals?area=" + VILLAGE_B, Role.TECHNICIAN)
                    .json()
                    .getJsonArray("terminals")))
        .containsExactly(RC_B1);
    assertThat(
            codes(
                hub.get("/api/terminals?area=" + COUNTY + "&online=true", Role.OPERATOR)
                    .json()
                    .getJsonArray("terminals")))
        .isEmpty();
    // a wider area than the clerk's own is allowed and still shows only theirs
    assertThat(
            codes(
                hub.get("/api/terminals?area=" + COUNTY, Role.VILLAGE_STAFF)
                    .json()
                    .getJsonArray("terminals")))
        .containsExactly(RC_A1, RC_A2, RC_A_PENDING);
  }

  /** Verifies that a technician accepts a pending terminal, which then receives its CONFIG. */
  @Test
  void accept_pendingTerminal_configSent() throws Exception {
    // GIVEN a pending terminal of its own, and the frames published so far
    String rc = "1" + VILLAGE_C + "0301010101";
    ApiHarness.await(hub.registry.register(Terminal.firstSeen(rc, Instant.now()), "test"));
    long before = hub.framesOut();

    // WHEN the technician accepts it
    ApiHarness.Answer accepted =
        hub.json("POST", "/api/terminals/" + rc + "/accept", Role.TECHNICIAN, null);

    // THEN it is ACCEPTED, and its CONFIG went out
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    assertThat(accepted.json().getString("approval")).isEqualTo("ACCEPTED");
    assertThat(hub.get("/api/terminals/" + rc, Role.OPERATOR).json().getString("approval"))
        .isEqualTo("ACCEPTED");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (hub.framesOut() == before && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(hub.framesOut()).isGreaterThan(before);
  }

  /** Verifies that a terminal's name and location are set, one field at a time. */
  @Test
  void describe_setsNameAndLocation() throws Exception {
    // WHEN the name and then the location are set
    ApiHarness.Answer named =
        hub.json("PATCH", "/api/terminals/" + RC_A1, Role.OPERATOR, "{\"name\":\"村委会屋顶\"}");
    ApiHarness.Answer located =
        hub.json(
            "PATCH", "/api/terminals/" + RC_A1, Role.TECHNICIAN, "{\"location\":\"31.38,120.98\"}");

    // THEN both stick
    assertThat(named.status()).as(named.body()).isEqualTo(200);
    assertThat(located.status()).as(located.body()).isEqualTo(200);
    JsonObject terminal = hub.get("/api/terminals/" + RC_A1, Role.VILLAGE_STAFF).json();
    assertThat(terminal.getString("name")).isEqualTo("村委会屋顶");
    assertThat(terminal.getString("location")).isEqualTo("31.38,120.98");
  }

  /** Verifies that areas and groups are created, seen by scope, and deleted. */
  @Test
  void areasAndGroups_saveListDelete() throws Exception {
    // WHEN an operator names a town and makes a group
    ApiHarness.Answer town =
        hub.json("PUT", "/api/areas/320583101", Role.OPERATOR, "{\"name\":\"张镇\"}");
    ApiHarness.Answer group =
        hub.json(
            "PUT",
            "/api/groups/12",
            Role.ADMIN,
            "{\"name\":\"学校\",\"areas\":[\""
                + VILLAGE_A
                + "\"],\"terminals\":[\""
                + RC_A1
                + "\"]}");

    // THEN both are listed; the clerk sees the town (above their village) and the group (inside)
    assertThat(town.status()).as(town.body()).isEqualTo(200);
    assertThat(town.json().getString("parentCode")).isEqualTo(COUNTY);
    assertThat(group.status()).as(group.body()).isEqualTo(200);
    JsonArray clerkAreas = hub.get("/api/areas", Role.VILLAGE_STAFF).json().getJsonArray("areas");
    assertThat(clerkAreas.stream().map(a -> ((JsonObject) a).getString("code")))
        .containsExactly(COUNTY, "320583101", VILLAGE_A);
    JsonArray clerkGroups =
        hub.get("/api/groups", Role.VILLAGE_STAFF).json().getJsonArray("groups");
    assertThat(clerkGroups.stream().map(g -> ((JsonObject) g).getLong("number")))
        .containsExactly(12L);
    assertThat(hub.get("/api/groups", Role.TECHNICIAN).json().getJsonArray("groups")).hasSize(2);

    // WHEN they are deleted THEN they are gone
    assertThat(hub.json("DELETE", "/api/areas/320583101", Role.OPERATOR, null).status())
        .isEqualTo(204);
    assertThat(hub.json("DELETE", "/api/groups/12", Role.OPERATOR, null).status()).isEqualTo(204);
    assertThat(
            hub.get("/api/areas", Role.OPERATOR).json().getJsonArray("areas").stream()
                .map(a -> ((JsonObject) a).getString("code")))
        .containsExactly(COUNTY, VILLAGE_A, VILLAGE_B);
    assertThat(hub.get("/api/groups", Role.OPERATOR).json().getJsonArray("groups")).hasSize(1);
  }

  /**
   * Verifies that the clerk sends a notice to their village: 202 with a delivery per accepted
   * terminal there, the report shows them, and the clerk's command list holds it but not the
   * operator's command to the other village.
   */
  @Test
  void command_clerkNoticeToOwnVillage() throws Exception {
    // WHEN the clerk sends a spoken notice to village A
    ApiHarness.Answer sent =
        hub.json(
            "POST",
            "/api/commands",
            Role.VILLAGE_STAFF,
            "{\"type\":\"PLAY\",\"targets\":{\"areas\":[\""
                + VILLAGE_A
                + "\"]},"
                + "\"text\":\"今天下午三点开会\",\"deadlineSeconds\":3600}");

    // THEN accepted, for the two accepted terminals there
    assertThat(sent.status()).as(sent.body()).isEqualTo(202);
    JsonObject command = sent.json().getJsonObject("command");
    assertThat(command.getString("type")).isEqualTo("PLAY");
    assertThat(command.getString("requestedBy")).isEqualTo("clerk");
    assertThat(command.getInteger("targetCount")).isEqualTo(2);
    JsonObject counts = sent.json().getJsonObject("counts");
    assertThat(counts.fieldNames())
        .containsExactlyInAnyOrder("SENT", "ACKNOWLEDGED", "PLAYING", "FINISHED", "FAILED");
    assertThat(counts.getInteger("SENT")).isEqualTo(2);

    // AND its report lists both deliveries
    long id = command.getLong("id");
    JsonObject report = hub.get("/api/commands/" + id, Role.VILLAGE_STAFF).json();
    assertThat(codes(report.getJsonArray("deliveries"))).containsExactly(RC_A1, RC_A2);

    // AND the clerk's list has it, not the operator's command to village B
    List<Long> ids =
        hub.get("/api/commands", Role.VILLAGE_STAFF).json().getJsonArray("commands").stream()
            .map(c -> ((JsonObject) c).getLong("id"))
            .toList();
    assertThat(ids).contains(id, hub.commandInScope).doesNotContain(hub.commandOutOfScope);
    assertThat(ids).isSortedAccordingTo(java.util.Comparator.reverseOrder());
  }

  /** Verifies that a technician's diagnostic command to a group is sent. */
  @Test
  void command_technicianStatusQueryToGroup() throws Exception {
    ApiHarness.Answer sent =
        hub.json(
            "POST",
            "/api/commands",
            Role.TECHNICIAN,
            "{\"type\":\"STATUS_QUERY\",\"targets\":{\"groups\":[" + ApiHarness.GROUP + "]}}");

    assertThat(sent.status()).as(sent.body()).isEqualTo(202);
    assertThat(sent.json().getJsonObject("command").getInteger("targetCount")).isEqualTo(2);
  }

  /** Verifies that an admin creates and deletes a user, and both are in the audit log. */
  @Test
  void users_createSignInDelete_audited() throws Exception {
    // WHEN the admin creates a clerk of village B
    ApiHarness.Answer created =
        hub.json(
            "POST",
            "/api/users",
            Role.ADMIN,
            "{\"name\":\"clerk-b\",\"role\":\"VILLAGE_STAFF\",\"areaScopes\":[\""
                + VILLAGE_B
                + "\"],\"secret\":\""
                + ApiHarness.SECRET
                + "\"}");

    // THEN 201 without any hash, the user signs in and sees village B only
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.body()).doesNotContain("pbkdf2").doesNotContain("secret");
    String token =
        hub.json(
                "POST",
                "/api/session",
                null,
                "{\"name\":\"clerk-b\",\"secret\":\"" + ApiHarness.SECRET + "\"}")
            .json()
            .getString("token");
    ApiHarness.Answer seen = hub.send("GET", "/api/terminals", token, null, null);
    assertThat(codes(seen.json().getJsonArray("terminals"))).containsExactly(RC_B1);
    assertThat(hub.get("/api/users", Role.ADMIN).json().getJsonArray("users")).hasSize(5);

    // WHEN the admin deletes them THEN their token stops working
    assertThat(hub.json("DELETE", "/api/users/clerk-b", Role.ADMIN, null).status()).isEqualTo(204);
    assertThat(hub.send("GET", "/api/me", token, null, null).status()).isEqualTo(401);

    // AND the operator reads both in the audit log, by admin, the deletion newer
    JsonArray entries =
        hub.get("/api/audit?limit=1000", Role.OPERATOR).json().getJsonArray("entries");
    List<JsonObject> aboutClerkB =
        entries.stream()
            .map(e -> (JsonObject) e)
            .filter(e -> "clerk-b".equals(e.getString("subject")))
            .toList();
    assertThat(aboutClerkB.stream().map(e -> e.getString("action")))
        .containsExactly("user.delete", "user.create");
    assertThat(aboutClerkB).allMatch(e -> "admin".equals(e.getString("actor")));
  }
}
