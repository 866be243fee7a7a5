package org.villagecast.controller;

/** Entry point of the hub. The hub itself is not built yet; this says so instead of failing. */
public final class Hub {
  private Hub() {}

  public static void main(String[] args) {
    System.out.println(
        "villagecast hub: not built yet. The wire protocol and the reference terminal are"
            + " ready; try `./run.sh simulate --help` for the simulated terminals.");
  }
}
