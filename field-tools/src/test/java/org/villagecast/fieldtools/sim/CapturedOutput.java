package org.villagecast.fieldtools.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.MessageType;

/** Collects what a terminal sends, decoded, for assertions. */
final class CapturedOutput implements TerminalOutput {
  final List<Frame> frames = new ArrayList<>();
  final List<Boolean> reliable = new ArrayList<>();
  final Set<Long> streams = new HashSet<>();
  final List<TerminalSettings> settingsChanges = new ArrayList<>();

  @Override
  public void send(byte[] frame, boolean isReliable) {
    frames.add(FrameCodec.decode(frame));
    reliable.add(isReliable);
  }

  @Override
  public void listenToStream(long streamId) {
    streams.add(streamId);
  }

  @Override
  public void stopListening(long streamId) {
    streams.remove(streamId);
  }

  @Override
  public void settingsChanged(TerminalSettings previous, TerminalSettings current) {
    settingsChanges.add(current);
  }

  List<Frame> of(MessageType type) {
    return frames.stream().filter(f -> f.type() == type).toList();
  }

  Frame last(MessageType type) {
    List<Frame> all = of(type);
    if (all.isEmpty()) {
      throw new AssertionError("no " + type + " sent; sent: " + types());
    }
    return all.get(all.size() - 1);
  }

  /** The replies that refer to one hub message id. */
  List<Frame> repliesTo(long messageId) {
    return frames.stream().filter(f -> f.refersTo() == messageId).toList();
  }

  List<MessageType> types() {
    return frames.stream().map(Frame::type).toList();
  }

  void clear() {
    frames.clear();
    reliable.clear();
  }
}
