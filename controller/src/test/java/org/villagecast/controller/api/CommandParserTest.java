package org.villagecast.controller.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.delivery.CommandRequest;
import org.villagecast.controller.delivery.Targets;
import org.villagecast.protocol.codec.AlertClass;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.MessageType;
import org.villagecast.protocol.codec.SourceKind;

/** The body of POST /api/commands, read into protocol messages, and every refusal named. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CommandParserTest {
  private static final String VILLAGE = "320583101001";
  private static final String RC = "13205831010010301010101";

  private static CommandRequest parse(String json) {
    JsonObject body = new JsonObject(json);
    MessageType type = CommandParser.type(body);
    Targets targets = CommandParser.targets(body);
    return CommandParser.request(type, targets, body);
  }

  private static String withTargets(String fields) {
    return "{\"targets\":{\"areas\":[\"" + VILLAGE + "\"]}," + fields + "}";
  }

  /** Verifies that a PLAY with only text gets the defaults of a daily spoken notice. */
  @Test
  void play_defaults_dailyNotice() {
    // WHEN a PLAY names only its text
    CommandRequest request = parse(withTargets("\"type\":\"PLAY\",\"text\":\"开会通知\""));

    // THEN a TEXT notice of priority 100, class DAILY, at once, keep volume, played once
    assertThat(request.message())
        .isEqualTo(
            new Message.Play(
                0, 100, 0, AlertClass.DAILY, SourceKind.TEXT, 0, 0, 0, 255, 1, "开会通知"));
    assertThat(request.targets()).isEqualTo(Targets.ofAreas(VILLAGE));
    assertThat(request.deadline()).isEqualTo(Duration.ofSeconds(60));
    assertThat(new JsonObject(request.parameters()).getString("text")).isEqualTo("开会通知");
  }

  /** Verifies that every PLAY field is read, times as microseconds since the epoch. */
  @Test
  void play_allFields() {
    // WHEN a PLAY sets every field
    CommandRequest request =
        parse(
            withTargets(
                "\"type\":\"PLAY\",\"priority\":240,\"alertLevel\":2,\"alertClass\":\"EMERGENCY\","
                    + "\"source\":\"STREAM\",\"streamId\":77,"
                    + "\"startTime\":\"2025-06-01T08:00:00Z\","
                    + "\"endTime\":\"2025-06-01T08:10:00.000001Z\","
                    + "\"volume\":90,\"repeats\":0,\"deadlineSeconds\":300"));

    // THEN each lands in its protocol field
    assertThat(request.message())
        .isEqualTo(
            new Message.Play(
                0,
                240,
                2,
                AlertClass.EMERGENCY,
                SourceKind.STREAM,
                77,
                1_748_764_800_000_000L,
                1_748_765_400_000_001L,
                90,
                0,
                ""));
    assertThat(request.deadline()).isEqualTo(Duration.ofMinutes(5));
  }

  /** Verifies the other command types and their fields. */
  @Test
  void otherTypes() {
    assertThat(parse(withTargets("\"type\":\"STOP\",\"broadcastId\":42")).message())
        .isEqualTo(new Message.Stop(42));
    assertThat(parse(withTargets("\"type\":\"SET_VOLUME\",\"volume\":0")).message())
        .isEqualTo(new Message.SetVolume(0));
    assertThat(parse(withTargets("\"type\":\"AMP_ON\"")).message()).isEqualTo(new Message.AmpOn());
    assertThat(parse(withTargets("\"type\":\"AMP_OFF\"")).message())
        .isEqualTo(new Message.AmpOff());
    assertThat(parse(withTargets("\"type\":\"STATUS_QUERY\"")).message())
        .isEqualTo(new Message.StatusQuery());
    assertThat(parse(withTargets("\"type\":\"FAULT_DETAIL_QUERY\"")).message())
        .isEqualTo(new Message.FaultDetailQuery());
    assertThat(parse(withTargets("\"type\":\"PLAY_LOG_QUERY\"")).message())
        .isEqualTo(new Message.PlayLogQuery(0, -1L, 30));
    assertThat(
            parse(
                    withTargets(
                        "\"type\":\"PLAY_LOG_QUERY\",\"from\":\"1970-01-01T00:00:01Z\","
                            + "\"to\":\"1970-01-01T00:00:02Z\",\"maxEntries\":5"))
                .message())
        .isEqualTo(new Message.PlayLogQuery(1_000_000, 2_000_000, 5));
  }

  /** Verifies that targets mix areas, groups and terminals, with duplicates dropped. */
  @Test
  void targets_mixedAndDeduplicated() {
    CommandRequest request =
        parse(
            "{\"type\":\"AMP_ON\",\"targets\":{\"areas\":[\"32\",\"32\"],\"groups\":[7,7,4294967295],"
                + "\"terminals\":[\""
                + RC
                + "\"]}}");
    assertThat(request.targets())
        .isEqualTo(new Targets(List.of("32"), List.of(7L, 4_294_967_295L), List.of(RC)));
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        // type
        Arguments.of("{\"targets\":{\"areas\":[\"32\"]}}", "'type' is required"),
        Arguments.of(withTargets("\"type\":\"CONFIG\""), "'type' must be one of"),
        Arguments.of(withTargets("\"type\":7"), "'type' must be one of"),
        Arguments.of(withTargets("\"type\":\"play\""), "'type' must be one of"),
        // targets
        Arguments.of("{\"type\":\"AMP_ON\"}", "'targets' is required"),
        Arguments.of("{\"type\":\"AMP_ON\",\"targets\":[]}", "'targets' must be an object"),
        Arguments.of("{\"type\":\"AMP_ON\",\"targets\":{}}", "'targets' must name at least one"),
        Arguments.of(
            "{\"type\":\"AMP_ON\",\"targets\":{\"areas\":[]}}", "'targets' must name at least one"),
        Arguments.of(
            "{\"type\":\"AMP_ON\",\"targets\":{\"areas\":\"32\"}}",
            "'targets.areas' must be an array"),
        Arguments.of(
            "{\"type\":\"AMP_ON\",\"targets\":{\"areas\":[\"32\",\"123\"]}}",
            "'targets.areas[1]' must be an area code"),
        Arguments.of(
            "{\"type\":\"AMP_ON\",\"targets\":{\"areas\":[32]}}",
            "'targets.areas[0]' must be a string"),
        Arguments.of(
            "{\"type\":\"AMP_ON\",\"targets\":{\"terminals\":[\"1234\"]}}",
            "'targets.terminals[0]' must be a 23-digit resource code"),
        Arguments.of(
            "{\"type\":\"AMP_ON\",\"targets\":{\"groups\":[0]}}",
            "'targets.groups[0]' must be between 1 and 4294967295"),
        Arguments.of(
            "{\"type\":\"AMP_ON\",\"targets\":{\"groups\":[\"7\"]}}",
            "'targets.groups[0]' must be an integer"),
        Arguments.of(
            "{\"type\":\"AMP_ON\",\"targets\":{\"groups\":[1.5]}}",
            "'targets.groups[0]' must be an integer"),
        Arguments.of(
            "{\"type\":\"AMP_ON\",\"targets\":{\"all\":true}}", "unknown field 'targets.all'"),
        // unknown fields, per type
        Arguments.of(withTargets("\"type\":\"AMP_ON\",\"volume\":5"), "unknown field 'volume'"),
        Arguments.of(withTargets("\"type\":\"STOP\",\"text\":\"x\""), "unknown field 'text'"),
        Arguments.of(withTargets("\"type\":\"PLAY\",\"txt\":\"x\""), "unknown field 'txt'"),
        // wrong types and ranges
        Arguments.of(withTargets("\"type\":\"SET_VOLUME\""), "'volume' is required"),
        Arguments.of(
            withTargets("\"type\":\"SET_VOLUME\",\"volume\":\"50\""),
            "'volume' must be an integer"),
        Arguments.of(
            withTargets("\"type\":\"SET_VOLUME\",\"volume\":50.5"), "'volume' must be an integer"),
        Arguments.of(
            withTargets("\"type\":\"SET_VOLUME\",\"volume\":101"),
            "'volume' must be between 0 and 100"),
        Arguments.of(
            withTargets("\"type\":\"SET_VOLUME\",\"volume\":99999999999999999999999"),
            "'volume' must be between 0 and 100"),
        Arguments.of(withTargets("\"type\":\"STOP\""), "'broadcastId' is required"),
        Arguments.of(
            withTargets("\"type\":\"STOP\",\"broadcastId\":-1"),
            "'broadcastId' must be between 0 and"),
        Arguments.of(
            withTargets("\"type\":\"AMP_ON\",\"deadlineSeconds\":0"),
            "'deadlineSeconds' must be between 1 and 3600"),
        Arguments.of(
            withTargets("\"type\":\"PLAY\",\"text\":\"x\",\"priority\":256"),
            "'priority' must be between 0 and 255"),
        Arguments.of(
            withTargets("\"type\":\"PLAY\",\"text\":\"x\",\"alertClass\":\"REAL\""),
            "'alertClass' must be one of DAILY, EMERGENCY"),
        Arguments.of(
            withTargets("\"type\":\"PLAY\",\"text\":\"x\",\"startTime\":1748764800"),
            "'startTime' must be an ISO-8601 instant"),
        Arguments.of(
            withTargets("\"type\":\"PLAY\",\"text\":\"x\",\"startTime\":\"tomorrow\""),
            "'startTime' must be an ISO-8601 instant"),
        Arguments.of(
            withTargets("\"type\":\"PLAY\",\"text\":\"x\",\"startTime\":\"1969-12-31T23:59:59Z\""),
            "'startTime' must not be before 1970"),
        Arguments.of(withTargets("\"type\":\"PLAY\""), "'text' is required for source TEXT"),
        Arguments.of(withTargets("\"type\":\"PLAY\",\"text\":\"\""), "'text' must not be empty"),
        Arguments.of(
            withTargets("\"type\":\"PLAY\",\"text\":\"a\\u0000b\""),
            "'text' must not contain control characters"),
        Arguments.of(
            withTargets("\"type\":\"PLAY\",\"source\":\"STREAM\",\"streamId\":1,\"text\":\"x\""),
            "'text' must be absent for source STREAM"),
        Arguments.of(
            withTargets(
                "\"type\":\"PLAY_LOG_QUERY\",\"from\":\"2025-01-02T00:00:00Z\","
                    + "\"to\":\"2025-01-01T00:00:00Z\""),
            "'to' must not be before 'from'"),
        Arguments.of(
            withTargets("\"type\":\"PLAY_LOG_QUERY\",\"maxEntries\":31"),
            "'maxEntries' must be between 1 and 30"),
        // the protocol record's own rules, mapped back to API field names
        Arguments.of(
            withTargets("\"type\":\"PLAY\",\"text\":\"x\",\"alertClass\":\"EMERGENCY\""),
            "invalid 'alertLevel': level 0 does not fit class EMERGENCY"),
        Arguments.of(
            withTargets("\"type\":\"PLAY\",\"text\":\"x\",\"alertLevel\":1"),
            "invalid 'alertLevel': level 1 does not fit class DAILY"),
        Arguments.of(
            withTargets("\"type\":\"PLAY\",\"source\":\"STREAM\""),
            "invalid 'streamId': a STREAM source needs a stream id"),
        Arguments.of(
            withTargets(
                "\"type\":\"PLAY\",\"text\":\"x\",\"startTime\":\"2025-06-01T08:00:00Z\","
                    + "\"endTime\":\"2025-06-01T08:00:00Z\""),
            "invalid 'endTime': must be after the start time"),
        Arguments.of(
            withTargets("\"type\":\"PLAY\",\"text\":\"" + "广".repeat(330) + "\""),
            "invalid 'text': 990 UTF-8 bytes, at most 988"));
  }

  /** Verifies that each malformed command is a BAD_REQUEST whose message names the field. */
  @ParameterizedTest(name = "{1}")
  @MethodSource("refusals")
  void refused_namesField(String json, String expected) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(ClientError.class)
        .hasMessageContaining(expected)
        .satisfies(
            e -> assertThat(((ClientError) e).kind()).isEqualTo(ClientError.Kind.BAD_REQUEST));
  }
}
