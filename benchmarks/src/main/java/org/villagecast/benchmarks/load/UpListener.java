package org.villagecast.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.villagecast.protocol.codec.Address;
import org.villagecast.protocol.codec.Frame;
import org.villagecast.protocol.codec.FrameCodec;
import org.villagecast.protocol.codec.Message;
import org.villagecast.protocol.codec.NackReason;
import org.villagecast.protocol.codec.ProtocolException;
import org.villagecast.protocol.link.mqtt.MqttLink;
import org.villagecast.protocol.link.mqtt.MqttLinkConfig;
import org.villagecast.protocol.topic.Topics;

/**
 * A plain MQTT client beside the hub: it hears every terminal's up topic (what the hub hears) and
 * every command topic (what the hub publishes), and notes when each answer arrived. It also
 * publishes the unsigned frames of the raw fan-out baseline.
 *
 * <p>It also times the hub's time sync answers: from the TIME_SYNC_REQUEST on a terminal's up topic
 * to the TIME_SYNC_RESPONSE on its command topic, as this client sees both. A terminal drops an
 * answer that comes more than 5 s after its request (PROTOCOL.md §3.2). Requests are QoS 0, so the
 * broker may drop some on the way to this client; the timings are a sample.
 *
 * <p>It subscribes with QoS 1 like the hub, and Paho announces no receive maximum, so the broker
 * may have up to 65,535 QoS 1 messages in flight to it: its reply stream is never throttled by flow
 * control. The handler only decodes and records; it runs on Paho's callback thread.
 */
final class UpListener implements AutoCloseable {
  /** An ACK or NACK from a terminal, and when it reached this client ({@code System.nanoTime}). */
  record Answer(String resourceCode, long refersTo, NackReason nack, long nanos) {}

  /** A hub frame on a broadcast command topic, and when it reached this client. */
  record Broadcast(long messageId, String topic, long nanos) {}

  private final Topics topics = Topics.defaults();
  private final MqttLink link;
  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Broadcast> broadcasts = new ConcurrentLinkedQueue<>();
  private final Map<Long, Set<String>> answeredBy = new ConcurrentHashMap<>();
  private final Set<String> ackSenders = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> syncRequests = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Long> syncDelays = new ConcurrentLinkedQueue<>();
  private final LongAdder framesUp = new LongAdder();
  private final LongAdder heartbeats = new LongAdder();

  private UpListener(MqttLink link) {
    this.link = link;
  }

  private static final java.util.concurrent.atomic.AtomicInteger CONNECTIONS =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Connects with a new client id and a clean session, and subscribes to the up topics and the
   * broadcast command topics; with {@code timeSync} also to every terminal's command topic, to time
   * the hub's time sync answers (set-up only: during the rounds that topic carries the hub's
   * retries, which this client need not see).
   */
  static UpListener connect(String brokerUrl, boolean timeSync) throws Exception {
    String clientId =
        "hub-fanout-" + ProcessHandle.current().pid() + "-" + CONNECTIONS.incrementAndGet();
    MqttLink link =
        MqttLink.connect(MqttLinkConfig.builder(brokerUrl, clientId).build())
            .get(30, TimeUnit.SECONDS);
    UpListener listener = new UpListener(link);
    link.onMessage(listener::onMessage);
    String prefix = Topics.DEFAULT_PREFIX + "/v1/";
    link.subscribe(listener.topics.allUpTopics(), 1).get(30, TimeUnit.SECONDS);
    link.subscribe(prefix + "all/cmd", 1).get(30, TimeUnit.SECONDS);
    link.subscribe(prefix + "a/#", 1).get(30, TimeUnit.SECONDS);
    if (timeSync) {
      link.subscribe(prefix + "t/+/cmd", 1).get(30, TimeUnit.SECONDS);
    }
    return listener;
  }

  private void onMessage(String topic, byte[] payload, boolean duplicate) {
    long nanos = System.nanoTime();
    Frame frame;
    try {
      frame = FrameCodec.decode(payload);
    } catch (ProtocolException e) {
      return; // not ours to judge; the hub counts these
    }
    if (!topic.endsWith("/up")) {
      if (frame.message() instanceof Message.TimeSyncResponse) {
        String code = frame.address().code();
        Long asked = syncRequests.remove(code + "/" + frame.refersTo());
        if (asked != null) {
          syncDelays.add((nanos - asked) / 1000);
        }
      } else if (frame.address().kind() != Address.Kind.TERMINAL) {
        broadcasts.add(new Broadcast(frame.messageId(), topic, nanos));
      }
      return;
    }
    framesUp.increment();
    String code = topics.resourceCodeOf(topic);
    Message message = frame.message();
    if (message instanceof Message.TimeSyncRequest) {
      syncRequests.put(code + "/" + frame.messageId(), nanos);
    } else if (message instanceof Message.Heartbeat) {
      heartbeats.increment();
    } else if (message instanceof Message.Ack) {
      ackSenders.add(code);
      answered(new Answer(code, frame.refersTo(), null, nanos));
    } else if (message instanceof Message.Nack nack) {
      answered(new Answer(code, frame.refersTo(), nack.reason(), nanos));
    }
  }

  private void answered(Answer answer) {
    answers.add(answer);
    answeredBy
        .computeIfAbsent(answer.refersTo(), k -> ConcurrentHashMap.newKeySet())
        .add(answer.resourceCode());
  }

  /** Publishes a frame with QoS 1 on a topic and waits for the broker's PUBACK (at most 2 min). */
  void publish(String topic, byte[] frame) throws Exception {
    link.publish(topic, frame, 1, false).get(120, TimeUnit.SECONDS);
  }

  /** Terminals that answered the message id, each counted once. */
  int answeredCount(long messageId) {
    Set<String> codes = answeredBy.get(messageId);
    return codes == null ? 0 : codes.size();
  }

  /** Answers recorded since this client connected. */
  List<Answer> answers() {
    return new ArrayList<>(answers);
  }

  /** Broadcast command frames seen since this client connected. */
  List<Broadcast> broadcasts() {
    return new ArrayList<>(broadcasts);
  }

  /** Terminals that sent at least one ACK since this client connected (CONFIG acknowledged). */
  int ackSenders() {
    return ackSenders.size();
  }

  /**
   * How long the hub took to answer the time sync requests answered since the last call, as this
   * client saw request and answer (microseconds, unsorted).
   */
  long[] takeSyncDelays() {
    List<Long> taken = new ArrayList<>();
    Long delay;
    while ((delay = syncDelays.poll()) != null) {
      taken.add(delay);
    }
    return taken.stream().mapToLong(Long::longValue).toArray();
  }

  long framesUp() {
    return framesUp.sum();
  }

  long heartbeats() {
    return heartbeats.sum();
  }

  @Override
  public void close() {
    link.close();
  }
}
