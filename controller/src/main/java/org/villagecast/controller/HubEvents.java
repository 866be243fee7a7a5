package org.villagecast.controller;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.villagecast.controller.delivery.CommandReport;
import org.villagecast.controller.registry.Alarm;
import org.villagecast.controller.registry.TerminalView;

/**
 * What the hub announces as it happens, for live views (the API's event stream). Listeners are
 * called on the hub's context and must not block.
 */
public final class HubEvents {
  private final List<Consumer<TerminalView>> terminal = new CopyOnWriteArrayList<>();
  private final List<Consumer<Alarm>> alarm = new CopyOnWriteArrayList<>();
  private final List<Consumer<CommandReport>> command = new CopyOnWriteArrayList<>();

  /** A terminal's approval, online state, state or faults changed. */
  public Runnable onTerminal(Consumer<TerminalView> listener) {
    terminal.add(listener);
    return () -> terminal.remove(listener);
  }

  /** An alarm was raised or cleared. */
  public Runnable onAlarm(Consumer<Alarm> listener) {
    alarm.add(listener);
    return () -> alarm.remove(listener);
  }

  /**
   * A command progressed; the report's deliveries are only those that changed since the last event
   * for this command (at most a few events a second per command).
   */
  public Runnable onCommand(Consumer<CommandReport> listener) {
    command.add(listener);
    return () -> command.remove(listener);
  }

  public void terminal(TerminalView view) {
    terminal.forEach(l -> l.accept(view));
  }

  public void alarm(Alarm raised) {
    alarm.forEach(l -> l.accept(raised));
  }

  public void command(CommandReport progress) {
    command.forEach(l -> l.accept(progress));
  }
}
