package org.villagecast.controller.registry;

/**
 * Whether an operator has let a terminal into the network. A terminal seen for the first time is
 * {@link #PENDING} and receives no command until it is {@link #ACCEPTED}.
 */
public enum Approval {
  PENDING,
  ACCEPTED
}
