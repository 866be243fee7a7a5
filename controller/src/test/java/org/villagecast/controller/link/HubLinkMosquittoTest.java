package org.villagecast.controller.link;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.villagecast.protocol.testing.Mosquitto;

/**
 * The hub link scenarios on a real mosquitto that the test starts, kills with SIGKILL and restarts
 * on the same port.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HubLinkMosquittoTest extends HubLinkScenarios {
  private Mosquitto mosquitto;

  @Override
  String startBroker(Path dir) {
    mosquitto = Mosquitto.start();
    return mosquitto.url();
  }

  @Override
  void killBroker() {
    mosquitto.kill();
  }

  @Override
  void restartBroker() {
    mosquitto.restart();
  }

  @Override
  void stopBroker() {
    if (mosquitto != null) {
      mosquitto.close();
    }
  }
}
