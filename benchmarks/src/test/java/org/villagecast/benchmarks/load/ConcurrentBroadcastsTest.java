package org.villagecast.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The concurrent-broadcasts driver's requests and its reading of the hub's log; no timing. */
@Timeout(10)
class ConcurrentBroadcastsTest {

  /** Verifies that 50 villages of a county get 50 distinct codes in the simulator's layout. */
  @Test
  void village_countyLayout() {
    // GIVEN / WHEN
    Set<String> codes = new HashSet<>();
    for (int v = 0; v < 50; v++) {
      codes.add(ConcurrentBroadcasts.village("320583", v));
    }

    // THEN
    assertThat(codes).hasSize(50).allMatch(c -> c.length() == 12 && c.startsWith("320583"));
    assertThat(ConcurrentBroadcasts.village("320583", 0)).isEqualTo("320583101201");
    assertThat(ConcurrentBroadcasts.village("320583", 20)).isEqualTo("320583102201");
    assertThat(ConcurrentBroadcasts.village("320583", 49)).isEqualTo("320583103210");
  }

  /** Verifies that a request is JSON the API reads: title, start time, village, programme. */
  @Test
  void request_isTheApisJson() {
    // GIVEN
    Instant at = Instant.parse("2026-11-30T16:00:00Z");

    // WHEN
    Map<String, Object> json = Json.object(ConcurrentBroadcasts.request("320583", 3, at));

    // THEN
    assertThat(json).containsEntry("startAt", "2026-11-30T16:00:00Z");
    assertThat(Json.at(json, "targets", "areas")).isEqualTo(List.of("320583101204"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> notices =
        (List<Map<String, Object>>) Json.at(json, "programme", "notices");
    assertThat(notices).hasSize(3);
    assertThat(notices.get(0).get("speech")).isEqualTo(ConcurrentBroadcasts.notice(3));
    assertThat(notices.get(1)).containsEntry("silence", 3L);
    assertThat(Json.object(ConcurrentBroadcasts.request("320583", 3, null)))
        .doesNotContainKey("startAt");
  }

  /** Verifies that the end line BroadcastService logs is read, with and without a detail. */
  @Test
  void ended_hubLogLine() {
    // GIVEN
    String plain =
        "2026-11-30 14:52:01.123 INFO  BroadcastService - broadcast 207 FINISHED; 3586 frames"
            + " sent, 0 late, least headroom 655 ms";
    String detailed =
        "2026-11-30 14:52:01.123 INFO  BroadcastService - broadcast 9 STOPPED (its window ended);"
            + " 120 frames sent, 12 late, least headroom -210 ms";

    // WHEN / THEN
    assertThat(ConcurrentBroadcasts.ended(plain))
        .contains(new ConcurrentBroadcasts.Ended(207, "FINISHED", 3586, 0, 655));
    assertThat(ConcurrentBroadcasts.ended(detailed))
        .contains(new ConcurrentBroadcasts.Ended(9, "STOPPED", 120, 12, -210));
    assertThat(ConcurrentBroadcasts.ended("broadcast 1 '通知' to 4 terminals starts at")).isEmpty();
  }
}
