package org.villagecast.schedules;

import java.util.Objects;

/**
 * A reference to a programme; what it contains is the hub's business.
 *
 * @param id the hub's programme id
 * @param name a readable name for timelines, may be empty
 */
public record ProgrammeRef(String id, String name) {
  public ProgrammeRef {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    if (id.isBlank()) {
      throw new IllegalArgumentException("programme id is empty");
    }
  }

  /** The name, or the id when there is no name. */
  public String label() {
    return name.isEmpty() ? id : name;
  }
}
