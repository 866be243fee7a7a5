package org.villagecast.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.villagecast.protocol.bus.BusFrame;
import org.villagecast.protocol.bus.BusFrameParser;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.MessageType;
import org.villagecast.protocol.fuzz.BusFrameParserFuzzTest.Step;

/**
 * The fuzz targets' saved inputs, outside the fuzzer: the seed corpus, generated here with the
 * encoder, and any crash inputs kept as regressions. They live in test resources under {@code
 * <Target>Inputs/<method>/}, where Jazzer also finds them.
 *
 * <p>Run with {@code -Dfuzz.writeSeeds=true} to rewrite the seed files after a codec change.
 */
class FuzzCorpusTest {
  private static final Path RESOURCES =
      Path.of(System.getProperty("basedir", "."))
          .resolve("src/test/resources/org/villagecast/protocol/fuzz");

  /** Every target and how to run it on one input. */
  private static final Map<String, Consumer<byte[]>> TARGETS = new LinkedHashMap<>();

  static {
    TARGETS.put("BusFrameParserFuzzTestInputs/parse", new BusFrameParserFuzzTest()::parse);
    TARGETS.put("FrameCodecFuzzTestInputs/decode", new FrameCodecFuzzTest()::decode);
    TARGETS.put("BodyDecoderFuzzTestInputs/decodeBody", new BodyDecoderFuzzTest()::decodeBody);
    TARGETS.put("CommandGuardFuzzTestInputs/check", new CommandGuardFuzzTest()::check);
  }

  /** The seed corpus: file path under the resources directory, and content. */
  static Map<String, byte[]> seeds() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    for (MessageType type : MessageType.values()) {
      String name = "seed-" + type.name().toLowerCase(Locale.ROOT).replace('_', '-');
      seeds.put("FrameCodecFuzzTestInputs/decode/" + name, SampleFrames.wire(type));
      byte[] body = SampleFrames.body(type);
      seeds.put(
          "BodyDecoderFuzzTestInputs/decodeBody/" + name,
          ByteBuffer.allocate(1 + body.length).put((byte) type.ordinal()).put(body).array());
      if (type.requiresSignature()) {
        // Offsets inside and just outside the 30 s window; flips spread over the frame.
        long offset =
            type.ordinal() % 3 == 0 ? 0 : type.ordinal() % 3 == 1 ? 29_000_000 : -31_000_000;
        byte[] wire = SampleFrames.wire(type);
        seeds.put(
            "CommandGuardFuzzTestInputs/check/" + name,
            ByteBuffer.allocate(10 + wire.length)
                .putLong(offset)
                .putShort((short) (type.ordinal() * 97))
                .put(wire)
                .array());
      }
    }
    seeds.put("BusFrameParserFuzzTestInputs/parse/seed-poll-cycle", pollCycle());
    seeds.put("BusFrameParserFuzzTestInputs/parse/seed-garbage", garbageThenFrames());
    return seeds;
  }

  /** A master's cycle: a command, its reply, a poll answered with nothing, a broadcast. */
  private static byte[] pollCycle() {
    List<BusFrame> frames =
        List.of(
            BusFrame.command(5, SampleFrames.wire(MessageType.PLAY)),
            BusFrame.reply(5, SampleFrames.wire(MessageType.ACK)),
            BusFrame.poll(5),
            BusFrame.nothing(5),
            BusFrame.command(BusFrame.BROADCAST, SampleFrames.wire(MessageType.STOP)));
    List<Step> steps = new ArrayList<>();
    int[] chunkSizes = {1, 2, 5, 16, 127, 3};
    int next = 0;
    for (BusFrame frame : frames) {
      byte[] bytes = frame.encode();
      boolean first = true;
      for (int at = 0; at < bytes.length; ) {
        int size = Math.min(chunkSizes[next++ % chunkSizes.length], bytes.length - at);
        steps.add(new Step(first && !steps.isEmpty(), slice(bytes, at, size)));
        at += size;
        first = false;
      }
    }
    return BusFrameParserFuzzTest.encode(steps);
  }

  /** Line noise with a stray SOF and a plausible length, a bad CRC, then good frames. */
  private static byte[] garbageThenFrames() {
    byte[] badCrc = BusFrame.reply(9, SampleFrames.wire(MessageType.HEARTBEAT)).encode();
    badCrc[badCrc.length - 1] ^= 0x01;
    return BusFrameParserFuzzTest.encode(
        List.of(
            new Step(false, new byte[] {0x00, (byte) 0xA5, 0x01, 0x00, 0x03, (byte) 0xE8, 0x7F}),
            new Step(false, BusFrame.poll(7).encode()),
            new Step(true, badCrc),
            new Step(false, BusFrame.nothing(7).encode()),
            new Step(true, BusFrame.reply(9, SampleFrames.wire(MessageType.HEARTBEAT)).encode())));
  }

  private static byte[] slice(byte[] bytes, int at, int size) {
    byte[] out = new byte[size];
    System.arraycopy(bytes, at, out, 0, size);
    return out;
  }

  /**
   * Verifies that the committed seed files are exactly what the encoder makes today, so a codec
   * change cannot leave the fuzzer starting from stale frames.
   */
  @Test
  void seedCorpus_isWhatTheEncoderMakes() throws IOException {
    Map<String, byte[]> seeds = seeds();
    if (Boolean.getBoolean("fuzz.writeSeeds")) {
      for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
        Path file = RESOURCES.resolve(seed.getKey());
        Files.createDirectories(file.getParent());
        Files.write(file, seed.getValue());
      }
    }
    for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
      Path file = RESOURCES.resolve(seed.getKey());
      assertThat(file).as("rewrite with -Dfuzz.writeSeeds=true").exists();
      assertThat(Files.readAllBytes(file))
          .as("%s is stale: rewrite with -Dfuzz.writeSeeds=true", seed.getKey())
          .isEqualTo(seed.getValue());
    }
  }

  /** Verifies that the seeds get past the header: every frame and body seed decodes. */
  @Test
  void seedCorpus_decodes() {
    for (MessageType type : MessageType.values()) {
      assertThat(FrameCodec.decode(SampleFrames.wire(type)).type()).isEqualTo(type);
      assertThat(FrameCodec.decodeBody(type, SampleFrames.body(type)).type()).isEqualTo(type);
    }
    BusFrameParserFuzzTest.Events events = new BusFrameParserFuzzTest.Events();
    BusFrameParser parser = new BusFrameParser(events);
    for (Step step : BusFrameParserFuzzTest.script(pollCycle())) {
      if (step.silenceBefore()) {
        parser.onSilence();
      }
      parser.feed(step.chunk());
    }
    assertThat(events.frames).hasSize(5);
    assertThat(events.log).allMatch(line -> line.startsWith("frame "));
  }

  /**
   * Verifies that every saved input (seeds and kept crash inputs) passes its target's checks, in
   * the plain test run, without the fuzzer.
   */
  @TestFactory
  Stream<DynamicTest> savedInputs_passTheirTarget() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, Consumer<byte[]>> target : TARGETS.entrySet()) {
      Path dir = RESOURCES.resolve(target.getKey());
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.sorted().toList()) {
          tests.add(
              DynamicTest.dynamicTest(
                  target.getKey() + "/" + file.getFileName(),
                  () -> target.getValue().accept(Files.readAllBytes(file))));
        }
      }
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(seeds().size());
    return tests.stream();
  }
}
