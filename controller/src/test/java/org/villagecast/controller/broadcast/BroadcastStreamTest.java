package org.villagecast.controller.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.audio.Ffmpeg;
import org.villagecast.controller.audio.ogg.OggOpusWriter;
import org.villagecast.controller.audio.opus.OpusPacket;
import org.villagecast.controller.audio.opus.OpusStreamEncoder;
import org.villagecast.controller.audio.speech.CachingSpeechSynthesizer;
import org.villagecast.controller.audio.speech.EspeakSynthesizer;
import org.villagecast.controller.audio.speech.SpeechRequest;
import org.villagecast.protocol.codec.Message;

/**
 * One broadcast's stream without a hub: a spoken notice rendered as the hub renders it (real
 * espeak-ng), paced by a clock the test moves, the AUDIO messages collected and the packets written
 * to Ogg for ffmpeg to measure.
 */
class BroadcastStreamTest {
  private static final long START = 1_800_000_000_000_000L;

  @TempDir Path dir;

  /**
   * Verifies what the terminals decode: at the loudness target within ±1 LU, its true peak near
   * full scale after Opus (the mix is limited to −2 dBTP for the codec's overshoot); and that the
   * stream is sent ahead of time, in order, and ends with 'end of stream'.
   */
  @Test
  void notice_atTargetAfterOpus_sentAheadInOrder() throws Exception {
    ProgrammeRenderer renderer =
        new ProgrammeRenderer(
            new CachingSpeechSynthesizer(new EspeakSynthesizer(), 1 << 20),
            clipId -> Optional.empty(),
            (url, state) -> {
              throw new AssertionError("no live source here");
            },
            BroadcastConfig.defaults());
    ProgrammeAudio audio =
        renderer.render(
            ProgrammeSpec.notice(
                new ProgrammeItem.Speech(SpeechRequest.of("各位村民请注意，今天下午三点在村委会召开防汛工作会议，请准时参加。"))),
            state -> {});
    List<Message.Audio> sent = new ArrayList<>();
    BroadcastStream stream =
        new BroadcastStream(7, audio, 16, START, Long.MAX_VALUE, sent::add, new StreamMeters());
    Path ogg = dir.resolve("notice.ogg");
    try (OutputStream out = Files.newOutputStream(ogg)) {
      OggOpusWriter writer = new OggOpusWriter(out, 7, stream.preSkip());
      long[] packets = new long[1];
      stream.addTap(
          new StreamTap() {
            @Override
            public void packet(OpusPacket packet) {
              write(() -> writer.writePacket(packet.data(), OpusStreamEncoder.FRAME_SAMPLES));
              packets[0]++;
            }

            @Override
            public void ended() {
              write(
                  () ->
                      writer.finish(
                          packets[0] * OpusStreamEncoder.FRAME_SAMPLES - stream.preSkip()));
            }
          });

      // WHEN the pacer ticks every 40 ms of hub time with a 2 s lead, until the stream ends
      long now = START - 3_000_000;
      while (!stream.pump(now, 2_000_000)) {
        now += 40_000;
      }
    }

    // THEN every frame went out ahead of its time, in sequence, the last message marked
    assertThat(stream.framesLate()).isZero();
    assertThat(stream.smallestHeadroomMicros()).isGreaterThan(1_900_000);
    long expected = 0;
    for (Message.Audio message : sent) {
      assertThat(message.sequence()).isEqualTo(expected);
      assertThat(message.streamId()).isEqualTo(7);
      expected += message.frames().size();
    }
    assertThat(sent.get(sent.size() - 1).endOfStream()).isTrue();
    assertThat(sent.stream().filter(Message.Audio::endOfStream)).hasSize(1);
    // AND ffmpeg reads the decoded notice at the target, its peaks under full scale
    Ffmpeg.Ebur128 measured = Ffmpeg.ebur128(ogg);
    System.out.printf(
        "notice after Opus: %.2f LUFS, true peak %.2f dBTP%n",
        measured.integratedLufs(), measured.truePeakDbtp());
    assertThat(measured.integratedLufs()).isBetween(-17.0, -15.0);
    // The mix is limited to -2 dBTP; Opus at 24 kbit/s overshoots by about 2 dB (see
    // BroadcastConfig): beyond +1 dBTP the limiter or the codec would be at fault.
    assertThat(measured.truePeakDbtp()).as("true peak after Opus, dBTP").isLessThan(1.0);
  }

  /** Verifies that a stop ends the stream at the next pump, with 'end of stream'. */
  @Test
  void stop_endsAtNextPump() {
    ProgrammeRenderer renderer =
        new ProgrammeRenderer(
            request -> {
              throw new AssertionError("no speech here");
            },
            clipId -> Optional.empty(),
            (url, state) -> {
              throw new AssertionError("no live source here");
            },
            BroadcastConfig.defaults());
    ProgrammeAudio audio =
        renderer.render(
            ProgrammeSpec.notice(new ProgrammeItem.Silence(java.time.Duration.ofSeconds(60))),
            state -> {});
    List<Message.Audio> sent = new ArrayList<>();
    BroadcastStream stream =
        new BroadcastStream(8, audio, 16, START, Long.MAX_VALUE, sent::add, new StreamMeters());
    assertThat(stream.pump(START, 2_000_000)).isFalse();
    int before = sent.size();

    stream.requestStop();

    assertThat(stream.pump(START + 40_000, 2_000_000)).isTrue();
    assertThat(sent.size()).isEqualTo(before + 1);
    assertThat(sent.get(sent.size() - 1).endOfStream()).isTrue();
    assertThat(stream.framesSent()).isLessThan(60 * 50);
  }

  private interface Io {
    void run() throws IOException;
  }

  private static void write(Io io) {
    try {
      io.run();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
