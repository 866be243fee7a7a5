package org.villagecast.fieldtools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.protocol.bus.BusFrame;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.MessageType;
import org.villagecast.protocol.link.serial.SerialLink;
import org.villagecast.protocol.link.serial.SerialLinkConfig;
import org.villagecast.protocol.security.Ed25519Keys;
import org.villagecast.protocol.testing.FreePort;
import org.villagecast.protocol.testing.Mosquitto;
import org.villagecast.protocol.testing.SocatPair;
import picocli.CommandLine;

/** The {@code simulate} command as a technician runs it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FieldToolsTest {
  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new FieldTools())
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Verifies that terminals with a hub key in hex connect to a real broker and are counted. */
  @Test
  void simulate_againstMosquitto_connectsAndReports() throws Exception {
    Path key = dir.resolve("hub.pub");
    Files.writeString(
        key, HexFormat.of().formatHex(Ed25519Keys.rawPublic(Ed25519Keys.generate().getPublic())));
    try (Mosquitto broker = Mosquitto.start()) {
      Run run =
          run(
              "simulate",
              "--broker",
              broker.url(),
              "--terminals",
              "5",
              "--area",
              "320583101",
              "--hub-key",
              key.toString(),
              "--duration",
              "3");

      assertThat(run.exitCode()).isZero();
      assertThat(run.out()).contains("simulating 5 terminals in area 320583101");
      assertThat(run.out()).contains("connected 5/5");
      assertThat(run.err()).isEmpty();
    }
  }

  /** Verifies that an unreachable broker gives one clear line and no stack trace. */
  @Test
  void simulate_brokerUnreachable_oneClearLine() {
    int port = FreePort.find();

    Run run =
        run(
            "simulate",
            "--broker",
            "tcp://127.0.0.1:" + port,
            "--terminals",
            "3",
            "--duration",
            "2");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("cannot reach the broker at tcp://127.0.0.1:" + port);
    assertThat(run.out() + run.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  /** Verifies that a file that is no key is refused with the reason, exit code 2. */
  @Test
  void simulate_badHubKey_refused() throws Exception {
    Path key = dir.resolve("not-a-key");
    Files.writeString(key, "hello");

    Run run = run("simulate", "--hub-key", key.toString(), "--duration", "1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("is not an Ed25519 public key");
  }

  /** Verifies that a bad area code is refused before anything starts. */
  @Test
  void simulate_badArea_refused() {
    Run run = run("simulate", "--area", "32", "--duration", "1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("area 32");
  }

  /**
   * Verifies {@code simulate --serial}: units on one end of a socat pair answer a master's POLL.
   */
  @Test
  void simulate_serial_unitsAnswerPolls() throws Exception {
    try (SocatPair pair = SocatPair.start()) {
      CompletableFuture<Run> running =
          CompletableFuture.supplyAsync(
              () ->
                  run(
                      "simulate",
                      "--serial",
                      pair.b().toString(),
                      "--terminals",
                      "3",
                      "--duration",
                      "4"));
      Frame first = null;
      try (SerialLink master =
          SerialLink.open(SerialLinkConfig.builder(pair.a().toString()).build())) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (first == null && System.nanoTime() < deadline) {
          try {
            BusFrame answer = master.request(BusFrame.poll(2)).get(5, TimeUnit.SECONDS);
            if (answer.control() == BusFrame.Control.REPLY) {
              first = FrameCodec.decode(answer.message());
            }
          } catch (ExecutionException notYetListening) {
            Thread.sleep(100);
          }
        }
      }
      Run run = running.get(30, TimeUnit.SECONDS);

      assertThat(first).as("a REPLY from unit 2").isNotNull();
      assertThat(first.type()).isEqualTo(MessageType.TIME_SYNC_REQUEST);
      assertThat(run.exitCode()).isZero();
      assertThat(run.out()).contains("simulating 3 bus units (addresses 1..3)");
    }
  }
}
