package org.villagecast.controller.broadcast;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.villagecast.controller.Auditor;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.HubContext;
import org.villagecast.controller.store.ProgrammeRepository;

/**
 * The programme library: programmes stored by id, kept in memory (a county has tens, not thousands)
 * and written through to the store. Readable from any thread.
 */
public final class StoredProgrammes implements ProgrammeLibrary {
  private final HubContext hub;
  private final ProgrammeRepository store;
  private final Auditor audit;
  private final Map<String, StoredProgramme> byId = new ConcurrentSkipListMap<>();

  public StoredProgrammes(HubContext hub, ProgrammeRepository store, Auditor audit) {
    this.hub = hub;
    this.store = store;
    this.audit = audit;
  }

  /** Loads the stored programmes. */
  public Future<Void> start() {
    return hub.blocking(store::all)
        .map(
            all -> {
              all.forEach(p -> byId.put(p.id(), p));
              return null;
            });
  }

  @Override
  public Optional<ProgrammeSpec> find(String programmeId) {
    return Optional.ofNullable(byId.get(programmeId)).map(StoredProgramme::spec);
  }

  public List<StoredProgramme> all() {
    return List.copyOf(byId.values());
  }

  /** Stores (or replaces) a programme; audited: it changes what schedules play. */
  public Future<StoredProgramme> save(StoredProgramme programme) {
    return hub.blocking(
            () -> {
              store.save(programme);
              return programme;
            })
        .map(
            saved -> {
              StoredProgramme before = byId.put(saved.id(), saved);
              audit.record(
                  saved.updatedBy(),
                  before == null ? "programme.create" : "programme.update",
                  saved.id(),
                  ProgrammeJson.write(saved.spec()).encode());
              return saved;
            });
  }

  /** Deletes a programme; NOT_FOUND when there is none. */
  public Future<Void> delete(String id, String actor) {
    return hub.blocking(() -> store.delete(id))
        .map(
            deleted -> {
              if (!deleted) {
                throw ClientError.notFound("no programme '" + id + "'");
              }
              byId.remove(id);
              audit.record(actor, "programme.delete", id, "");
              return null;
            });
  }
}
