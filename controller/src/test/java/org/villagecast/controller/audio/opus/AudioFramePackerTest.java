package org.villagecast.controller.audio.opus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.villagecast.controller.audio.tone.TestTone;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.AudioCodec;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.Message;

class AudioFramePackerTest {
  private static final long START = 1_796_032_800_000_000L;

  /**
   * Verifies that a stream's packets travel in AUDIO frames that the protocol codec encodes and
   * decodes, with the sequence and presentation time of each frame's first packet, and the end flag
   * on the last frame only.
   */
  @Test
  void pack_defaultStream() {
    // GIVEN one second of the reference tone as 51 packets at 24 kbit/s
    OpusStreamEncoder encoder = new OpusStreamEncoder(OpusSettings.DEFAULT, START);
    List<OpusPacket> packets =
        OpusStreamEncoderTest.encodeAll(encoder, TestTone.reference(Duration.ofSeconds(1)));

    // WHEN they are packed for stream 42 and each message goes through the protocol codec
    List<Message.Audio> messages =
        new AudioFramePacker(42, AudioFramePacker.DEFAULT_FRAMES_PER_MESSAGE).pack(packets, true);
    List<Message.Audio> decoded = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      Frame frame = Frame.of(Address.all(), i + 1, 0, START, messages.get(i));
      decoded.add((Message.Audio) FrameCodec.decode(FrameCodec.encode(frame)).message());
    }

    // THEN every packet travels once, in order; each message starts where the last ended, is
    // stamped by its first packet and is full (16 packets, or the next would pass 1024 bytes)
    int next = 0;
    for (int i = 0; i < decoded.size(); i++) {
      Message.Audio message = decoded.get(i);
      OpusPacket head = packets.get(next);
      assertThat(message.sequence()).isEqualTo(head.sequence());
      assertThat(message.presentationTime()).isEqualTo(head.presentationTime());
      assertThat(message.presentationTime()).isEqualTo(START - 6_500 + 20_000L * next);
      assertThat(message.endOfStream()).isEqualTo(i == decoded.size() - 1);
      int body = 22;
      for (byte[] frame : message.frames()) {
        assertThat(frame).isEqualTo(packets.get(next++).data());
        body += 2 + frame.length;
      }
      if (i < decoded.size() - 1) {
        boolean full =
            message.frames().size() == 16 || body + 2 + packets.get(next).data().length > 1024;
        assertThat(full).as("message %d is full", i).isTrue();
      }
    }
    assertThat(next).isEqualTo(packets.size());
    assertThat(decoded.get(0).codec()).isEqualTo(AudioCodec.OPUS);
    assertThat(decoded.get(0).frameDuration()).isEqualTo(20_000);
    assertThat(decoded.get(0).streamId()).isEqualTo(42);
  }

  /** Verifies that 60-byte packets (24 kbit/s) go 16 to an AUDIO, as PROTOCOL.md §5.11 says. */
  @Test
  void pack_sixtyBytePackets() {
    // GIVEN 51 packets of 60 bytes
    List<OpusPacket> packets = new ArrayList<>();
    for (int k = 0; k < 51; k++) {
      packets.add(new OpusPacket(k, START + 20_000L * k, new byte[60]));
    }

    // WHEN they are packed with the default count
    List<Message.Audio> messages =
        new AudioFramePacker(9, AudioFramePacker.DEFAULT_FRAMES_PER_MESSAGE).pack(packets, true);

    // THEN 16 + 16 + 16 + 3, timed by their first packets
    assertThat(messages).extracting(m -> m.frames().size()).containsExactly(16, 16, 16, 3);
    assertThat(messages)
        .extracting(Message.Audio::presentationTime)
        .containsExactly(START, START + 320_000, START + 640_000, START + 960_000);
  }

  /** Verifies that big packets are packed by the 1024-byte body limit, not the frame count. */
  @Test
  void pack_bodyLimit() {
    // GIVEN packets of 300 bytes
    List<OpusPacket> packets = new ArrayList<>();
    for (int k = 0; k < 7; k++) {
      packets.add(new OpusPacket(k, START + 20_000L * k, new byte[300]));
    }

    // WHEN they are packed up to 16 per message
    List<Message.Audio> messages = new AudioFramePacker(7, 16).pack(packets, false);

    // THEN three fit in a body (22 + 3 × 302 = 928 bytes), four would not (1230)
    assertThat(messages).extracting(m -> m.frames().size()).containsExactly(3, 3, 1);
    assertThat(messages).noneMatch(Message.Audio::endOfStream);
  }

  /** Verifies that a gap in the sequence is refused: frames must be heard back to back. */
  @Test
  void pack_gapRefused() {
    List<OpusPacket> packets =
        List.of(
            new OpusPacket(4, START, new byte[60]),
            new OpusPacket(6, START + 40_000, new byte[60]));
    assertThatThrownBy(() -> new AudioFramePacker(7, 16).pack(packets, false))
        .hasMessage("packets are not consecutive: 4 then 6");
  }

  /** Verifies that the sequence field wraps at 2³², as PROTOCOL.md's u32 sequence does. */
  @Test
  void pack_sequenceWraps() {
    List<OpusPacket> packets = List.of(new OpusPacket(0x1_0000_0002L, START, new byte[60]));
    assertThat(new AudioFramePacker(7, 16).pack(packets, true).get(0).sequence()).isEqualTo(2);
  }
}
