package org.villagecast.controller.broker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A bare Paho MQTT v5 client for broker tests: it records what arrives, with the retained flag, and
 * can drop its connection without DISCONNECT so that the broker sends its will.
 */
final class PahoClient implements AutoCloseable {

  /** One message as it arrived. */
  record Received(String topic, String payload, boolean retained, int qos) {}

  private final MqttClient client;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

  private PahoClient(MqttClient client) {
    this.client = client;
  }

  /** Connects with clean start and no will. */
  static PahoClient connect(String url, String clientId) throws MqttException {
    return connect(url, clientId, options(true, 0));
  }

  static PahoClient connect(String url, String clientId, MqttConnectionOptions options)
      throws MqttException {
    MqttClient paho = new MqttClient(url, clientId, new MemoryPersistence());
    PahoClient client = new PahoClient(paho);
    paho.setCallback(client.new Recorder());
    paho.connect(options);
    return client;
  }

  static MqttConnectionOptions options(boolean cleanStart, long sessionExpirySeconds) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(cleanStart);
    options.setSessionExpiryInterval(sessionExpirySeconds);
    options.setConnectionTimeout(10);
    options.setKeepAliveInterval(30);
    options.setAutomaticReconnect(false);
    return options;
  }

  void subscribe(String filter, int qos) throws MqttException {
    IMqttToken token = client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, qos)});
    int[] codes = token.getReasonCodes();
    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
      throw new IllegalStateException(
          String.format("subscribe to %s refused: reason code 0x%02X", filter, codes[0]));
    }
  }

  void publish(String topic, String payload, int qos, boolean retained) throws MqttException {
    client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retained);
  }

  /** The next message, or null after the timeout. */
  Received next(Duration timeout) throws InterruptedException {
    return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Every message that arrives within the time given. */
  List<Received> collect(Duration during) throws InterruptedException {
    List<Received> all = new ArrayList<>();
    long deadline = System.nanoTime() + during.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return all;
      }
      Received one = received.poll(left, TimeUnit.NANOSECONDS);
      if (one != null) {
        all.add(one);
      }
    }
  }

  /** Closes the socket without DISCONNECT, as a crash or a cut cable would. */
  void dropConnection() throws MqttException {
    client.disconnectForcibly(0, 1_000, false);
    client.close(true);
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect(2_000);
      }
      client.close(true);
    } catch (MqttException e) {
      // the test is over either way
    }
  }

  private final class Recorder implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      received.add(
          new Received(
              topic,
              new String(message.getPayload(), StandardCharsets.UTF_8),
              message.isRetained(),
              message.getQos()));
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {}

    @Override
    public void mqttErrorOccurred(MqttException exception) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
