package org.villagecast.controller.broadcast;

import java.util.Optional;

/** Stored programmes by id: what a schedule's programme reference points to. */
public interface ProgrammeLibrary {
  /** The programme stored under this id, if any. */
  Optional<ProgrammeSpec> find(String programmeId);
}
