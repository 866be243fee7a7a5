package org.villagecast.controller.broadcast;

import java.time.Instant;

/**
 * A programme kept under an id for schedules to play.
 *
 * @param id 1-100 characters: letters, digits, '-', '_', '.'
 */
public record StoredProgramme(
    String id, String name, ProgrammeSpec spec, String updatedBy, Instant updatedAt) {
  public static boolean isValidId(String id) {
    return id != null && id.matches("[A-Za-z0-9._-]{1,100}");
  }
}
