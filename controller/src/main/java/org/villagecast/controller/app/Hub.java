package org.villagecast.controller.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.villagecast.controller.auth.FirstAdmin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point: {@code java -jar villagecast-hub.jar [--demo] [--config FILE] [--data DIR]}. */
@Command(
    name = "villagecast-hub",
    mixinStandardHelpOptions = true,
    description = {
      "The control hub of a county's village loudspeaker network.",
      "Defaults: embedded MQTT broker on 127.0.0.1:1883, H2 database and keys under ./data,",
      "API on http://127.0.0.1:8080/. Settings: docs/configuration.md."
    })
public final class Hub implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "a properties file of settings")
  Path configFile;

  @Option(names = "--data", paramLabel = "DIR", description = "data directory (default ./data)")
  Path dataDir;

  @Option(
      names = "--demo",
      description = "also start a demo county of simulated terminals (its own data under DIR/demo)")
  boolean demo;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Hub()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    HubConfig config;
    try {
      config = HubConfig.load(configFile, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("villagecast hub: " + e.getMessage());
      return 2;
    }
    if (dataDir != null) {
      config = config.withDataDir(dataDir);
    }
    if (demo) {
      // The demo's terminals and records never mix with a real network's.
      config = config.withDataDir(config.dataDir().resolve("demo"));
    }
    HubApplication hub;
    try {
      hub = HubApplication.start(config, demo, System.getenv());
    } catch (HubApplication.StartupException e) {
      System.err.println("villagecast hub did not start: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  hub.close();
                  stopped.countDown();
                },
                "hub-shutdown"));
    printWelcome(hub);
    stopped.await();
    return 0;
  }

  private static void printWelcome(HubApplication hub) {
    String api = "http://" + hub.config().httpHost() + ":" + hub.httpPort();
    StringBuilder text = new StringBuilder();
    text.append("\nvillagecast hub is running\n");
    text.append("  API       ")
        .append(api)
        .append("/api   (OpenAPI: ")
        .append(api)
        .append("/api/openapi.yaml)\n");
    text.append("  broker    ")
        .append(hub.brokerUrl())
        .append(hub.config().embeddedBroker() ? " (embedded)" : "")
        .append('\n');
    text.append("  data      ").append(hub.config().dataDir().toAbsolutePath()).append('\n');
    text.append("  hub key   ")
        .append(hub.keys().publicKeyFile())
        .append(" (give it to terminals)\n");
    hub.demo()
        .ifPresent(
            d ->
                text.append("  demo      ")
                    .append(d.fleet().size())
                    .append(" simulated terminals\n"));
    hub.firstAdminSecret()
        .ifPresent(
            secret ->
                text.append("\n  First start: user '")
                    .append(FirstAdmin.NAME)
                    .append("' was created with the secret\n\n      ")
                    .append(secret)
                    .append("\n\n  It is shown this once and stored only as a hash. Sign in with\n")
                    .append("      curl -s -X POST ")
                    .append(api)
                    .append("/api/session -H 'Content-Type: application/json' \\\n")
                    .append("           -d '{\"name\":\"admin\",\"secret\":\"")
                    .append(secret)
                    .append("\"}'\n"));
    text.append("\nCtrl-C stops the hub.\n");
    System.out.println(text);
  }
}
