package org.villagecast.protocol.link.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.villagecast.protocol.link.serial.SerialLinkConfig.Parity;

/** The serial settings: defaults, validation and the frame timing derived from them. */
class SerialLinkConfigTest {

  /** Verifies that the builder's defaults are the documented 9600 8E1, 100 ms, 2 retries. */
  @Test
  void builder_defaults() {
    SerialLinkConfig config = SerialLinkConfig.builder("/dev/ttyUSB0").build();

    assertThat(config)
        .isEqualTo(
            new SerialLinkConfig(
                "/dev/ttyUSB0", 9600, Parity.EVEN, 8, 1, Duration.ofMillis(100), 2));
    assertThat(config.bitsPerCharacter()).isEqualTo(11);
  }

  /**
   * Verifies the silence gap against values worked out by hand: 3.5 characters of 11 bits (8E1) or
   * 10 bits (8N1) up to 19200 baud, and the fixed 1750 µs above it.
   */
  @Test
  void silenceGap_workedExamples() {
    assertThat(gap(1200, Parity.EVEN)).isEqualTo(Duration.ofNanos(32_083_334)); // 38.5 bits
    assertThat(gap(9600, Parity.EVEN)).isEqualTo(Duration.ofNanos(4_010_417));
    assertThat(gap(9600, Parity.NONE)).isEqualTo(Duration.ofNanos(3_645_834)); // 35 bits
    assertThat(gap(19_200, Parity.EVEN)).isEqualTo(Duration.ofNanos(2_005_209));
    assertThat(gap(38_400, Parity.EVEN)).isEqualTo(Duration.ofNanos(1_750_000));
    assertThat(gap(115_200, Parity.NONE)).isEqualTo(Duration.ofNanos(1_750_000));
  }

  /**
   * Verifies the rule over every baud rate from 50 to 250000 (each with a seeded random parity and
   * stop bits), in exact integer arithmetic: up to 19200 baud the gap is the shortest whole number
   * of nanoseconds not below 3.5 characters; above it, that or 1750 µs, whichever is longer.
   */
  @Test
  void silenceGap_ruleHoldsForEveryBaudRate() {
    Random random = new Random(1750);
    for (int baud = 50; baud <= 250_000; baud++) {
      SerialLinkConfig config =
          SerialLinkConfig.builder("/dev/ttyS0")
              .baudRate(baud)
              .parity(Parity.values()[random.nextInt(3)])
              .stopBits(1 + random.nextInt(2))
              .build();
      long gap = config.silenceGap().toNanos();
      // 3.5 characters in nanoseconds is 7 * bits * 1e9 / (2 * baud); compare cross-multiplied
      long sevenBitsGiga = 7L * config.bitsPerCharacter() * 1_000_000_000L;
      long twoBaud = 2L * baud;
      boolean atLeastThreeAndAHalf = gap * twoBaud >= sevenBitsGiga;
      boolean shortestSuch = (gap - 1) * twoBaud < sevenBitsGiga;
      assertThat(atLeastThreeAndAHalf).as("%d baud: %d ns", baud, gap).isTrue();
      if (baud <= 19_200) {
        assertThat(shortestSuch).as("%d baud: %d ns", baud, gap).isTrue();
      } else {
        assertThat(gap).as("%d baud", baud).isGreaterThanOrEqualTo(1_750_000);
        assertThat(shortestSuch || gap == 1_750_000).as("%d baud: %d ns", baud, gap).isTrue();
      }
    }
  }

  /** Verifies the transmit time of a maximum frame: 1131 characters of 11 bits at 9600 baud. */
  @Test
  void transmitTime_maximumFrame() {
    SerialLinkConfig config = SerialLinkConfig.builder("/dev/ttyUSB0").build();

    assertThat(config.transmitTime(1131)).isEqualTo(Duration.ofNanos(1_295_937_500));
    assertThat(config.characterTime()).isEqualTo(Duration.ofNanos(1_145_834));
  }

  /** Verifies that impossible settings are refused with the field named. */
  @Test
  void constructor_rejectsBadSettings() {
    assertThatThrownBy(() -> SerialLinkConfig.builder("ttyUSB0").build())
        .hasMessageContaining("absolute device path");
    assertThatThrownBy(() -> SerialLinkConfig.builder("/dev/x").baudRate(0).build())
        .hasMessageContaining("baud rate");
    assertThatThrownBy(() -> SerialLinkConfig.builder("/dev/x").dataBits(9).build())
        .hasMessageContaining("data bits");
    assertThatThrownBy(() -> SerialLinkConfig.builder("/dev/x").stopBits(3).build())
        .hasMessageContaining("stop bits");
    assertThatThrownBy(() -> SerialLinkConfig.builder("/dev/x").replyTimeout(Duration.ZERO).build())
        .hasMessageContaining("reply timeout");
    assertThatThrownBy(() -> SerialLinkConfig.builder("/dev/x").retries(-1).build())
        .hasMessageContaining("retries");
    assertThatThrownBy(() -> SerialLinkConfig.builder("/dev/x").parity(null).build())
        .isInstanceOf(NullPointerException.class);
  }

  private static Duration gap(int baud, Parity parity) {
    return SerialLinkConfig.builder("/dev/ttyUSB0")
        .baudRate(baud)
        .parity(parity)
        .build()
        .silenceGap();
  }
}
