package org.villagecast.fieldtools.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.villagecast.protocol.codec.Address;

/** The demo county's resource codes and fault mix. */
class DemoCountyTest {

  /**
   * Verifies that a county's terminals get unique 23-digit resource codes whose digits 2–13 are a
   * village of that county: towns from 101, 20 villages each from 201, 4 terminals per village.
   */
  @Test
  void terminals_county_uniqueCodesInTheirVillages() {
    List<TerminalSpec> specs = DemoCounty.terminals("320583", 10_000, DemoCounty.Mix.healthy());

    Set<String> codes = new HashSet<>();
    for (TerminalSpec spec : specs) {
      String code = spec.resourceCode();
      assertThat(code).hasSize(Address.RESOURCE_CODE_DIGITS).containsOnlyDigits();
      assertThat(spec.settings().areaCode()).isEqualTo(code.substring(1, 13)).startsWith("320583");
      codes.add(code);
    }
    assertThat(codes).hasSize(10_000);
    assertThat(specs.get(0).resourceCode())
        .isEqualTo("4" + "320583101201" + "0314" + "01020" + "1");
    assertThat(specs.get(4).settings().areaCode()).isEqualTo("320583101202");
    assertThat(specs.get(80).settings().areaCode()).isEqualTo("320583102201");
  }

  /** Verifies that town and village areas keep every terminal inside them. */
  @Test
  void terminals_townAndVillage_stayInside() {
    assertThat(DemoCounty.terminals("320583105", 100, DemoCounty.Mix.healthy()))
        .allSatisfy(s -> assertThat(s.settings().areaCode()).startsWith("320583105"));
    List<TerminalSpec> village =
        DemoCounty.terminals("320583105207", 300, DemoCounty.Mix.healthy());
    assertThat(village)
        .allSatisfy(s -> assertThat(s.settings().areaCode()).isEqualTo("320583105207"));
    assertThat(village.stream().map(TerminalSpec::resourceCode).distinct()).hasSize(300);
  }

  /** Verifies that bad areas are refused with a message naming them. */
  @Test
  void terminals_badArea_refused() {
    assertThatThrownBy(() -> DemoCounty.terminals("3205", 1, DemoCounty.Mix.healthy()))
        .hasMessageContaining("3205");
    assertThatThrownBy(() -> DemoCounty.terminals("32058x", 1, DemoCounty.Mix.healthy()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Verifies that the fault mix gives about the asked share of faulty terminals, every kind among
   * them, and clock errors within the asked bounds, the same for the same seed.
   */
  @Test
  void terminals_mix_faultShareAndClockBounds() {
    DemoCounty.Mix mix = new DemoCounty.Mix(10, 2_000_000, 50, 7);
    List<TerminalSpec> specs = DemoCounty.terminals("320583", 6000, mix);

    long faulty = specs.stream().filter(s -> !s.faults().equals(Faults.none())).count();
    assertThat(faulty).isBetween(500L, 700L);
    Set<String> kinds = new HashSet<>();
    for (TerminalSpec spec : specs) {
      Faults f = spec.faults();
      f.hardware().forEach(h -> kinds.add(h.name()));
      if (!f.replyDelay().isZero()) {
        kinds.add("slow");
      }
      if (f.dead()) {
        kinds.add("dead");
      }
      assertThat(Math.abs(spec.clockOffsetMicros())).isLessThanOrEqualTo(2_000_000);
      assertThat(Math.abs(spec.clockDriftPpm())).isLessThanOrEqualTo(50);
    }
    assertThat(kinds).hasSize(6);
    assertThat(DemoCounty.terminals("320583", 6000, mix)).isEqualTo(specs);
  }
}
