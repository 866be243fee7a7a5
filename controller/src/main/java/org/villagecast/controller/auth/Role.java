package org.villagecast.controller.auth;

/** What a user may do (enforced on every API endpoint). */
public enum Role {
  /** Everything, including users. */
  ADMIN,
  /** County operator: the whole county's terminals, groups, areas and commands. */
  OPERATOR,
  /** Village staff: read and command only inside their area codes. */
  VILLAGE_STAFF,
  /** Technician: read everything, accept and configure terminals, diagnostic commands. */
  TECHNICIAN
}
