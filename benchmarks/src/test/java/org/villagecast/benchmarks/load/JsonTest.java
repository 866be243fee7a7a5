package org.villagecast.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The driver's small JSON reader on the shapes the hub's API answers with. */
@Timeout(10)
class JsonTest {

  /** Verifies that a command report's nesting, numbers, nulls and escapes are read. */
  @Test
  void object_commandReport() {
    // GIVEN
    String text =
        "{\"command\":{\"id\":42,\"closed\":false},\"counts\":{\"SENT\":0,\"FINISHED\":2},"
            + " \"deliveries\":[{\"resourceCode\":\"43205831012010314010201\","
            + "\"acknowledgedAt\":\"2026-11-30T08:00:00.123456Z\",\"detail\":null},"
            + "{\"resourceCode\":\"x\",\"ratio\":-1.5e2,\"detail\":\"a \\\"quoted\\\" \\u00e9\\n\"}]}";

    // WHEN
    Map<String, Object> report = Json.object(text);

    // THEN
    assertThat(Json.at(report, "command", "id")).isEqualTo(42L);
    assertThat(Json.at(report, "command", "closed")).isEqualTo(false);
    assertThat(Json.at(report, "counts", "FINISHED")).isEqualTo(2L);
    assertThat(Json.at(report, "counts", "missing", "deeper")).isNull();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> deliveries = (List<Map<String, Object>>) report.get("deliveries");
    assertThat(deliveries).hasSize(2);
    assertThat(deliveries.get(0))
        .containsEntry("acknowledgedAt", "2026-11-30T08:00:00.123456Z")
        .containsEntry("detail", null);
    assertThat(deliveries.get(1))
        .containsEntry("ratio", -150.0)
        .containsEntry("detail", "a \"quoted\" é\n");
  }

  /** Verifies that empty containers and surrounding space are read. */
  @Test
  void parse_emptyContainers() {
    assertThat(Json.parse(" { \"a\" : [ ] , \"b\" : { } } "))
        .isEqualTo(Map.of("a", List.of(), "b", Map.of()));
  }

  /** Verifies that broken input is refused with the offset, not half read. */
  @Test
  void parse_brokenInput_refusedWithOffset() {
    assertThatThrownBy(() -> Json.parse("{\"a\":1,}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad JSON at offset 7: expected a member name");
    assertThatThrownBy(() -> Json.parse("[1 2]"))
        .hasMessage("bad JSON at offset 4: expected ',' or ']'");
    assertThatThrownBy(() -> Json.parse("{\"a\":tru}")).hasMessageContaining("expected true");
    assertThatThrownBy(() -> Json.parse("{} x")).hasMessageContaining("trailing characters");
    assertThatThrownBy(() -> Json.object("[1]")).hasMessageContaining("expected a JSON object");
  }
}
