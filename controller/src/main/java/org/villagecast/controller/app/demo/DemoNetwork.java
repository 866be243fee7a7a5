package org.villagecast.controller.app.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.controller.registry.Area;
import org.villagecast.controller.registry.Group;
import org.villagecast.controller.registry.Registry;
import org.villagecast.controller.registry.Terminal;
import org.villagecast.fieldtools.sim.DemoCounty;
import org.villagecast.fieldtools.sim.FleetConfig;
import org.villagecast.fieldtools.sim.MqttTerminalFleet;
import org.villagecast.fieldtools.sim.TerminalSpec;

/**
 * A living demo county for {@code --demo}: 3 towns of 4 villages, their terminals registered,
 * accepted and grouped in the registry, and played by reference terminals (field-tools' simulated
 * loudspeakers) on the hub's own broker, a few of them with faults. Only the demo uses the
 * reference terminal; nothing on a production path does.
 */
public final class DemoNetwork implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoNetwork.class);
  private static final String ACTOR = "demo";

  /** The demo county's area code (a real county code; the names below are made up). */
  public static final String COUNTY = "320583";

  private static final String[] TOWNS = {"青山镇 Qingshan", "河口镇 Hekou", "石桥镇 Shiqiao"};
  private static final String[] VILLAGES = {
    "东村 East village", "西村 West village", "南村 South village", "北村 North village"
  };

  /** About 6 % of the demo terminals have one fault (some are dead): alarms to look at. */
  private static final int FAULT_PERCENT = 6;

  private final MqttTerminalFleet fleet;

  private DemoNetwork(MqttTerminalFleet fleet) {
    this.fleet = fleet;
  }

  /** The demo's areas, groups and terminals; registered and accepted unless already known. */
  public static Future<DemoNetwork> start(
      Vertx vertx,
      Registry registry,
      String brokerUrl,
      int keyId,
      PublicKey hubKey,
      int terminalCount,
      Clock clock) {
    List<Area> areas = new ArrayList<>();
    List<TerminalSpec> specs = new ArrayList<>();
    areas.add(new Area(COUNTY, "演示县 Demo county"));
    int villages = TOWNS.length * VILLAGES.length;
    for (int t = 0; t < TOWNS.length; t++) {
      String town = COUNTY + (101 + t);
      areas.add(new Area(town, TOWNS[t]));
      for (int v = 0; v < VILLAGES.length; v++) {
        int index = t * VILLAGES.length + v;
        String village = town + (201 + v);
        areas.add(new Area(village, VILLAGES[v]));
        int count = terminalCount / villages + (index < terminalCount % villages ? 1 : 0);
        if (count > 0) {
          specs.addAll(
              DemoCounty.terminals(
                  village, count, new DemoCounty.Mix(FAULT_PERCENT, 0, 0, 1000L + index)));
        }
      }
    }
    List<Future<?>> saved = new ArrayList<>();
    for (Area area : areas) {
      saved.add(registry.saveArea(area, ACTOR));
    }
    for (TerminalSpec spec : specs) {
      String code = spec.resourceCode();
      Terminal pending =
          Terminal.firstSeen(code, clock.instant()).withDetails("horn " + code.substring(19), null);
      saved.add(
          registry
              .terminal(code)
              .map(known -> (Void) null)
              .recover(unknown -> registry.register(pending, ACTOR).mapEmpty()));
    }
    // Groups before acceptance, so each terminal's first CONFIG already carries its groups.
    Set<String> schools =
        Set.of(specs.get(0).resourceCode(), specs.get(specs.size() / 2).resourceCode());
    return Future.all(saved)
        .compose(v -> registry.saveGroup(new Group(1, "学校 schools", Set.of(), schools), ACTOR))
        .compose(
            v ->
                registry.saveGroup(
                    new Group(2, "河岸 river bank", Set.of(COUNTY + "102"), Set.of()), ACTOR))
        .compose(
            v -> {
              List<Future<?>> accepted = new ArrayList<>();
              for (TerminalSpec spec : specs) {
                accepted.add(registry.accept(spec.resourceCode(), ACTOR));
              }
              return Future.all(accepted);
            })
        // Starting the fleet waits for its verticles: not on an event loop.
        .compose(
            v ->
                vertx.executeBlocking(
                    () ->
                        MqttTerminalFleet.start(
                            vertx, FleetConfig.broker(brokerUrl), Map.of(keyId, hubKey), specs)))
        .map(
            fleet -> {
              LOG.info(
                  "demo county {}: {} reference terminals in {} villages, {} % with a fault,"
                      + " connecting to {}",
                  COUNTY, specs.size(), villages, FAULT_PERCENT, brokerUrl);
              return new DemoNetwork(fleet);
            });
  }

  public MqttTerminalFleet fleet() {
    return fleet;
  }

  @Override
  public void close() {
    fleet.close();
  }
}
