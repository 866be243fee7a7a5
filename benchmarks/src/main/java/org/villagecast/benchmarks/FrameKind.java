package org.villagecast.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.AlertClass;
import org.villagecast.protocol.codec.AudioCodec;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.SourceKind;
import org.villagecast.protocol.codec.TerminalState;

/**
 * The frames the codec benchmarks measure, each typical of what crosses a link at volume: the
 * signed PLAY that starts a county-wide broadcast, the signed AUDIO frames of its stream, and the
 * terminals' unsigned HEARTBEAT.
 */
public enum FrameKind {
  /** An emergency broadcast to a whole county, with a short Chinese title. */
  PLAY {
    @Override
    Address address() {
      return Address.area(Fixtures.COUNTY);
    }

    @Override
    Message message() {
      return new Message.Play(
          2026_0101_0001L,
          200,
          2,
          AlertClass.EMERGENCY,
          SourceKind.STREAM,
          Fixtures.STREAM_ID,
          Fixtures.T0 + 2_000_000,
          0,
          80,
          1,
          "防汛预警：今晚有强降雨，请低洼地区村民立即转移");
    }
  },

  /** 100 ms of a mono stream: five 20 ms Opus packets of 80 bytes (32 kbit/s). */
  AUDIO {
    @Override
    Address address() {
      return Address.area(Fixtures.COUNTY);
    }

    @Override
    Message message() {
      Random random = new Random(42);
      List<byte[]> packets = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        byte[] packet = new byte[80];
        random.nextBytes(packet);
        packets.add(packet);
      }
      return new Message.Audio(
          Fixtures.STREAM_ID,
          AudioCodec.OPUS,
          1,
          20_000,
          1_000,
          Fixtures.T0 + 2_000_000,
          false,
          packets);
    }
  },

  /** A terminal's heartbeat while idle and healthy. */
  HEARTBEAT {
    @Override
    Address address() {
      return Address.terminal(Fixtures.RESOURCE_CODE);
    }

    @Override
    Message message() {
      return new Message.Heartbeat(86_400, TerminalState.RUNNING, 0, 0);
    }
  };

  abstract Address address();

  abstract Message message();

  /** The frame, unsigned; hub-to-terminal kinds are signed by {@link Fixtures#wire}. */
  Frame frame(long messageId, long timestamp) {
    return Frame.of(address(), messageId, 0, timestamp, message());
  }
}
