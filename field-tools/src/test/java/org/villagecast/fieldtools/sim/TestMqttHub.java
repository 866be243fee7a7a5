package org.villagecast.fieldtools.sim;

import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.MessageType;
import org.villagecast.protocol.link.mqtt.MqttLink;
import org.villagecast.protocol.link.mqtt.MqttLinkConfig;
import org.villagecast.protocol.security.CommandGuard;
import org.villagecast.protocol.security.Ed25519Keys;
import org.villagecast.protocol.security.HubSigner;
import org.villagecast.protocol.topic.Topics;

/**
 * A hub for integration tests: an MQTT link and a signer. It records every frame and state message
 * the terminals publish and answers their TIME_SYNC_REQUESTs, as the hub does.
 */
final class TestMqttHub implements AutoCloseable {
  static final int KEY_ID = 1;

  /** A frame from a terminal, with the resource code of the topic it came on. */
  record Up(String resourceCode, Frame frame) {}

  /** A retained or live state message. */
  record State(String resourceCode, String state) {}

  final Topics topics = Topics.defaults();
  final KeyPair pair = Ed25519Keys.generate();
  final HubSigner signer = new HubSigner(KEY_ID, pair.getPrivate());
  final List<Up> up = new CopyOnWriteArrayList<>();
  final List<State> states = new CopyOnWriteArrayList<>();
  final List<String> undecodable = new CopyOnWriteArrayList<>();
  private final AtomicLong lastId = new AtomicLong();
  private final MqttLink link;

  private TestMqttHub(MqttLink link) {
    this.link = link;
  }

  static TestMqttHub connect(String brokerUrl) throws Exception {
    warmUp();
    MqttLink link =
        MqttLink.connect(MqttLinkConfig.builder(brokerUrl, "test-hub").build())
            .get(15, TimeUnit.SECONDS);
    TestMqttHub hub = new TestMqttHub(link);
    link.onMessage(hub::onMessage);
    link.subscribe(hub.topics.allUpTopics(), 1).get(10, TimeUnit.SECONDS);
    link.subscribe(hub.topics.allStateTopics(), 1).get(10, TimeUnit.SECONDS);
    return hub;
  }

  /**
   * Signs and checks a few hundred frames first: a cold JIT makes the first signatures slow, and
   * time spent signing after t3 reads as network delay to the terminals' first time sync.
   */
  private static void warmUp() {
    KeyPair keys = Ed25519Keys.generate();
    HubSigner warm = new HubSigner(9, keys.getPrivate());
    org.villagecast.protocol.security.KeyRing ring =
        new org.villagecast.protocol.security.KeyRing();
    ring.add(9, keys.getPublic());
    for (int i = 1; i <= 300; i++) {
      byte[] wire =
          warm.encodeSigned(Frame.of(Address.all(), i, 0, i, new Message.SetVolume(i % 100)));
      ring.verify(wire, FrameCodec.decode(wire));
    }
  }

  /** Runs on Paho's thread: records, and answers time sync without waiting for anything. */
  private void onMessage(String topic, byte[] payload, boolean duplicate) {
    long receivedAt = now();
    String code = topics.resourceCodeOf(topic);
    if (topic.endsWith("/state")) {
      states.add(new State(code, new String(payload, java.nio.charset.StandardCharsets.US_ASCII)));
      return;
    }
    Frame frame;
    try {
      frame = FrameCodec.decode(payload);
    } catch (RuntimeException e) {
      undecodable.add(topic + ": " + e.getMessage());
      return;
    }
    up.add(new Up(code, frame));
    if (frame.message() instanceof Message.TimeSyncRequest request) {
      Frame response =
          Frame.of(
              Address.terminal(code),
              nextId(),
              frame.messageId(),
              now(),
              new Message.TimeSyncResponse(request.t1(), receivedAt, now()));
      link.publish(
          topics.commandTopic(response.address()), signer.encodeSigned(response), 1, false);
    }
  }

  long now() {
    return CommandGuard.micros(java.time.Instant.now());
  }

  long nextId() {
    return lastId.incrementAndGet();
  }

  /** A signed frame with ACK_REQUESTED, ready to publish. */
  Frame frame(Address to, Message message) {
    return Frame.of(to, nextId(), 0, now(), message).withAckRequested(true);
  }

  /** Signs and publishes a command on the topic of its address; returns its message id. */
  long send(Address to, Message message) throws Exception {
    Frame frame = frame(to, message);
    publish(topics.commandTopic(to), signer.encodeSigned(frame));
    return frame.messageId();
  }

  void publish(String topic, byte[] payload) throws Exception {
    link.publish(topic, payload, 1, false).get(10, TimeUnit.SECONDS);
  }

  void publishAudio(long streamId, Message.Audio audio) throws Exception {
    Frame frame = Frame.of(Address.all(), nextId(), 0, now(), audio);
    link.publish(topics.audioTopic(streamId), signer.encodeSigned(frame), 0, false)
        .get(10, TimeUnit.SECONDS);
  }

  /** Frames answering one hub message. */
  List<Up> repliesTo(long messageId) {
    return up.stream().filter(u -> u.frame().refersTo() == messageId).toList();
  }

  List<Up> of(MessageType type) {
    return up.stream().filter(u -> u.frame().type() == type).toList();
  }

  /** Waits until {@code count} recorded frames match, then a little longer for extras. */
  List<Up> await(Predicate<Up> match, int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (up.stream().filter(match).count() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(200); // anything beyond the expected count would show now
    return up.stream().filter(match).toList();
  }

  boolean awaitState(String resourceCode, String state, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (states.stream()
          .anyMatch(s -> s.resourceCode().equals(resourceCode) && s.state().equals(state))) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  boolean connected() {
    return link.connected();
  }

  @Override
  public void close() {
    link.close();
  }
}
