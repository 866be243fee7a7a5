package org.villagecast.protocol.testing;

import java.util.ArrayList;
import java.util.List;
import org.villagecast.protocol.bus.BusFrame;
import org.villagecast.protocol.bus.BusFrameParser;
import org.villagecast.protocol.codec.ProtocolException;

/** Records what a BusFrameParser reports, in order, frames and errors interleaved. */
public final class BusRecorder implements BusFrameParser.Listener {
  public final List<BusFrame> frames = new ArrayList<>();
  public final List<ProtocolException> errors = new ArrayList<>();

  /** Frames as "frame <bus frame>" and errors as their message, in arrival order. */
  public final List<String> events = new ArrayList<>();

  @Override
  public void onFrame(BusFrame frame) {
    frames.add(frame);
    events.add("frame " + frame + " " + Vectors.hex(frame.message()));
  }

  @Override
  public void onError(ProtocolException error) {
    errors.add(error);
    events.add(error.problem() + " " + error.getMessage());
  }

  /** A parser reporting to a new recorder. */
  public static BusFrameParser parser(BusRecorder recorder) {
    return new BusFrameParser(recorder);
  }

  /** Feeds bytes in chunks of one size (the last chunk may be shorter). */
  public static void feedInChunks(BusFrameParser parser, byte[] bytes, int chunk) {
    for (int offset = 0; offset < bytes.length; offset += chunk) {
      parser.feed(bytes, offset, Math.min(chunk, bytes.length - offset));
    }
  }
}
