package org.villagecast.fieldtools;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The technician's command line: {@code java -jar field-tools.jar <command>}. */
@Command(
    name = "field-tools",
    mixinStandardHelpOptions = true,
    version = "villagecast field-tools 0.1",
    description = "Technician tools for villagecast loudspeaker networks.",
    subcommands = {SimulateCommand.class, CommandLine.HelpCommand.class})
public final class FieldTools implements Runnable {

  /** Held so the level set on it stays: JUL keeps loggers only weakly. */
  private static final Logger ROOT = Logger.getLogger("");

  /** Logs every failed connect with a stack trace; the simulator reports it in one line. */
  private static final Logger MQTT_CLIENT = Logger.getLogger("io.vertx.mqtt.impl.MqttClientImpl");

  public static void main(String[] args) {
    quietLogging();
    System.exit(new CommandLine(new FieldTools()).execute(args));
  }

  /**
   * One short line per warning, and none of the per-connection chatter of Vert.x and Netty: the
   * commands print what a technician needs. {@code -Djava.util.logging.config.file} overrides.
   */
  private static void quietLogging() {
    if (System.getProperty("java.util.logging.config.file") != null) {
      return;
    }
    System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s %3$s: %5$s%6$s%n");
    ROOT.setLevel(Level.WARNING);
    MQTT_CLIENT.setLevel(Level.OFF);
    for (Handler handler : ROOT.getHandlers()) {
      handler.setLevel(Level.WARNING);
      handler.setFormatter(new SimpleFormatter());
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
