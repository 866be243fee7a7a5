package org.villagecast.controller.link;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.villagecast.controller.broker.BrokerConfig;
import org.villagecast.controller.broker.EmbeddedBroker;
import org.villagecast.protocol.testing.FreePort;

/**
 * The hub link scenarios on the hub's embedded HiveMQ broker (file persistence). "Killing" it is a
 * stop: an embedded broker dies with the hub's own JVM, so a stop and a new start on the same port
 * and data directory is what the link can meet.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HubLinkEmbeddedBrokerTest extends HubLinkScenarios {
  private BrokerConfig config;
  private EmbeddedBroker broker;

  @Override
  String startBroker(Path dir) throws Exception {
    config = new BrokerConfig("127.0.0.1", FreePort.find(), dir);
    broker = EmbeddedBroker.start(config).get(60, TimeUnit.SECONDS);
    return broker.url();
  }

  @Override
  void killBroker() {
    broker.close();
  }

  @Override
  void restartBroker() throws Exception {
    broker = EmbeddedBroker.start(config).get(60, TimeUnit.SECONDS);
  }

  @Override
  void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }
}
