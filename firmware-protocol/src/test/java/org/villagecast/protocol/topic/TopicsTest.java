package org.villagecast.protocol.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.testing.GoldenFrames;
import org.villagecast.protocol.testing.RandomMessages;
import org.villagecast.protocol.testing.SeededRuns;

/** The MQTT topic scheme: exact topics, terminal subscriptions, and parsing topics back. */
class TopicsTest {
  private static final String RC = GoldenFrames.RESOURCE_CODE;
  private static final Topics TOPICS = Topics.defaults();

  /**
   * Verifies a terminal's subscriptions: its own topic, one per area level (so one publish reaches
   * a whole town or county), one per group, and the all-terminals topic.
   */
  @Test
  void commandSubscriptions_ofOneTerminal() {
    List<String> topics = TOPICS.commandSubscriptions(RC, GoldenFrames.AREA_CODE, List.of(7L));

    // the example terminal of PROTOCOL.md section 7
    assertThat(topics)
        .containsExactly(
            "vc/v1/t/44205251052010314010201/cmd",
            "vc/v1/a/42/cmd",
            "vc/v1/a/4205/cmd",
            "vc/v1/a/420525/cmd",
            "vc/v1/a/420525105/cmd",
            "vc/v1/a/420525105201/cmd",
            "vc/v1/g/7/cmd",
            "vc/v1/all/cmd");
  }

  /**
   * Verifies, for random terminals and addresses, that a terminal subscribes to an address's
   * command topic exactly when the address reaches it: the broker delivers what the codec would
   * accept, no more, no less.
   */
  @Test
  void commandSubscriptions_matchAddressReaches() {
    SeededRuns.repeat(
        0x70_91C5L,
        3000,
        random -> {
          // GIVEN a terminal, and an address that is often one of its own
          RandomMessages gen = new RandomMessages(random);
          String area = gen.areaCode();
          String rc = gen.resourceCode(area);
          List<Long> groups = List.of(gen.u32(), gen.u32());
          Address address =
              switch (random.nextInt(4)) {
                case 0 -> Address.terminal(random.nextBoolean() ? rc : gen.resourceCode(area));
                case 1 -> Address.area(area.substring(0, gen.oneOf(Topics.AREA_LEVELS)));
                case 2 -> {
                  // as a group number may be written in a file: sometimes with a leading zero
                  String group = Long.toString(groups.get(random.nextInt(2)));
                  boolean pad = group.length() < 10 && random.nextBoolean();
                  yield new Address(Address.Kind.GROUP, (pad ? "0" : "") + group);
                }
                default -> gen.address();
              };
          if (address.kind() == Address.Kind.HUB) {
            return;
          }

          // WHEN
          List<String> subscriptions = TOPICS.commandSubscriptions(rc, area, groups);

          // THEN
          assertThat(subscriptions.contains(TOPICS.commandTopic(address)))
              .as("%s for terminal %s in %s, groups %s", address, rc, area, groups)
              .isEqualTo(address.reaches(rc, area, groups));
        });
  }

  /** Verifies the command topic of each kind of address; the hub has none. */
  @Test
  void commandTopic_everyKind() {
    assertThat(TOPICS.commandTopic(Address.terminal(RC))).isEqualTo("vc/v1/t/" + RC + "/cmd");
    assertThat(TOPICS.commandTopic(Address.area("420525"))).isEqualTo("vc/v1/a/420525/cmd");
    assertThat(TOPICS.commandTopic(Address.group(4294967295L))).isEqualTo("vc/v1/g/4294967295/cmd");
    assertThat(TOPICS.commandTopic(Address.all())).isEqualTo("vc/v1/all/cmd");
    assertThatThrownBy(() -> TOPICS.commandTopic(Address.hub()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Verifies the report, state and audio topics, and the hub's subscriptions. */
  @Test
  void otherTopics() {
    Topics county = new Topics("county-0102");

    assertThat(county.upTopic(RC)).isEqualTo("county-0102/v1/t/" + RC + "/up");
    assertThat(county.stateTopic(RC)).isEqualTo("county-0102/v1/t/" + RC + "/state");
    assertThat(county.audioTopic(0xA1B2C3L)).isEqualTo("county-0102/v1/s/10597059/audio");
    assertThat(county.allUpTopics()).isEqualTo("county-0102/v1/t/+/up");
    assertThat(county.allStateTopics()).isEqualTo("county-0102/v1/t/+/state");
    assertThat(county.sharedUpTopics("hubs")).isEqualTo("$share/hubs/county-0102/v1/t/+/up");
  }

  /** Verifies that resourceCodeOf reads the code back from up and state topics only. */
  @Test
  void resourceCodeOf() {
    assertThat(TOPICS.resourceCodeOf(TOPICS.upTopic(RC))).isEqualTo(RC);
    assertThat(TOPICS.resourceCodeOf(TOPICS.stateTopic(RC))).isEqualTo(RC);
    assertThat(TOPICS.resourceCodeOf("vc/v1/t/" + RC)).isNull();
    assertThat(TOPICS.resourceCodeOf("vc/v1/a/42/cmd")).isNull();
    assertThat(TOPICS.resourceCodeOf(TOPICS.commandTopic(Address.terminal(RC)))).isNull();
    assertThat(TOPICS.resourceCodeOf("vc/v1/t//up")).isNull();
    assertThat(TOPICS.resourceCodeOf("other/v1/t/" + RC + "/up")).isNull();
    assertThat(TOPICS.resourceCodeOf("vc/v2/t/" + RC + "/up")).isNull();
    assertThat(new Topics("vc2").resourceCodeOf(TOPICS.upTopic(RC))).isNull();
  }

  /** Verifies that a prefix may not be empty or hold MQTT wildcards. */
  @Test
  void prefix_refusesWildcards() {
    for (String prefix : new String[] {"", "vc/+", "#", "a+b"}) {
      assertThatThrownBy(() -> new Topics(prefix))
          .as("'%s'", prefix)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
