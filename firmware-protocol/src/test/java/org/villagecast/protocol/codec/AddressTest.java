package org.villagecast.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.villagecast.protocol.testing.GoldenFrames;

/**
 * Whom a frame reaches: a terminal acts on frames for itself, for every area level of its own area
 * code, for its groups and for all, and on nothing else.
 */
class AddressTest {
  private static final String RESOURCE_CODE = GoldenFrames.RESOURCE_CODE;
  private static final String AREA_CODE = GoldenFrames.AREA_CODE;
  private static final List<Long> GROUPS = List.of(42L, 7L);

  private static boolean reachesOurTerminal(Address address) {
    return address.reaches(RESOURCE_CODE, AREA_CODE, GROUPS);
  }

  /** Replaces one digit by the next one, modulo 10. */
  private static String changeDigit(String code, int index) {
    char next = (char) ('0' + (code.charAt(index) - '0' + 1) % 10);
    return code.substring(0, index) + next + code.substring(index + 1);
  }

  /** Verifies that a terminal address reaches its terminal only: any other digit misses. */
  @Test
  void terminal_reachesOnlyItself() {
    assertThat(reachesOurTerminal(Address.terminal(RESOURCE_CODE))).isTrue();
    for (int i = 0; i < RESOURCE_CODE.length(); i++) {
      assertThat(reachesOurTerminal(Address.terminal(changeDigit(RESOURCE_CODE, i))))
          .as("digit %d changed", i)
          .isFalse();
    }
  }

  /**
   * Verifies that every administrative level of the terminal's own area code (province, city,
   * county, town, village) reaches it, and that a change of any digit of such a prefix misses it.
   */
  @Test
  void area_everyLevelOfItsOwnCode() {
    for (int digits : new int[] {2, 4, 6, 9, 12}) {
      String prefix = AREA_CODE.substring(0, digits);
      assertThat(reachesOurTerminal(Address.area(prefix))).as(prefix).isTrue();
      for (int i = 0; i < digits; i++) {
        String other = changeDigit(prefix, i);
        assertThat(reachesOurTerminal(Address.area(other))).as(other).isFalse();
      }
    }
  }

  /** Verifies that a group address reaches members only. */
  @Test
  void group_reachesMembersOnly() {
    assertThat(reachesOurTerminal(Address.group(42))).isTrue();
    assertThat(reachesOurTerminal(Address.group(7))).isTrue();
    assertThat(reachesOurTerminal(Address.group(43))).isFalse();
    assertThat(reachesOurTerminal(Address.group(0))).isFalse();
    assertThat(Address.group(42).reaches(RESOURCE_CODE, AREA_CODE, List.of())).isFalse();
  }

  /** Verifies that ALL reaches every terminal and the HUB address none. */
  @Test
  void allAndHub() {
    assertThat(reachesOurTerminal(Address.all())).isTrue();
    assertThat(reachesOurTerminal(Address.hub())).isFalse();
  }

  /** Verifies that a group written with leading zeros is the same address as the plain number. */
  @Test
  void group_leadingZerosAreTheSameGroup() {
    Address padded = new Address(Address.Kind.GROUP, "007");

    assertThat(padded).isEqualTo(Address.group(7));
    assertThat(padded.code()).isEqualTo("7");
  }

  /** Verifies the constructor's checks, each naming the 'address' field. */
  @Test
  void constructor_refusesCodesThatAreNotAddresses() {
    assertBadAddress(
        () -> Address.terminal(RESOURCE_CODE.substring(1)),
        "Invalid 'address': '" + RESOURCE_CODE.substring(1) + "' is not 23 digits");
    assertBadAddress(
        () -> Address.terminal(RESOURCE_CODE.substring(1) + "x"),
        "Invalid 'address': '" + RESOURCE_CODE.substring(1) + "x' is not 23 digits");
    assertBadAddress(
        () -> Address.area("4205251"),
        "Invalid 'address': '4205251' is not an area code of 2, 4, 6, 9 or 12 digits");
    assertBadAddress(
        () -> Address.group(0x1_0000_0000L),
        "Invalid 'address': 4294967296 is outside 0..4294967295");
    assertBadAddress(() -> Address.group(-1), "Invalid 'address': group '-1' is not a number");
    assertBadAddress(
        () -> new Address(Address.Kind.GROUP, ""), "Invalid 'address': group '' is not a number");
    assertBadAddress(
        () -> new Address(Address.Kind.HUB, "1"), "Invalid 'address': HUB carries no code");
    assertBadAddress(
        () -> new Address(Address.Kind.ALL, "13"), "Invalid 'address': ALL carries no code");
  }

  private static void assertBadAddress(Runnable construct, String message) {
    assertThatThrownBy(construct::run)
        .isInstanceOfSatisfying(
            ProtocolException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(ProtocolException.Problem.BAD_VALUE);
              assertThat(e.field()).isEqualTo("address");
            })
        .hasMessage(message);
  }
}
