package org.villagecast.controller.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.controller.Auditor;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.HubContext;
import org.villagecast.controller.registry.Registry;
import org.villagecast.controller.store.FiringRepository;
import org.villagecast.controller.store.ScheduleSetRepository;
import org.villagecast.schedules.Schedule;
import org.villagecast.schedules.ScheduleSet;
import org.villagecast.schedules.Targets;
import org.villagecast.schedules.file.ScheduleFile;
import org.villagecast.schedules.file.ScheduleFileException;
import org.villagecast.schedules.timeline.Timeline;
import org.villagecast.schedules.timeline.TimelineService;

/**
 * The county's schedule set: read at start, changed by imports and by single schedules, each change
 * stored whole as a new version ({@link ScheduleSetRepository}) and audited before anyone sees it.
 * The set in force is readable from any thread ({@link #current()}); listeners hear of every change
 * on the hub context (the scheduler plans again).
 *
 * <p>Changes are made one at a time (a lock around read-modify-write on a worker thread); two hubs
 * changing the set at once collide on the version number, and the later one is refused with
 * CONFLICT instead of overwriting the other's change.
 */
public final class ScheduleService {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleService.class);

  /** Longest schedule id the API accepts (the store keeps up to 1000 characters). */
  public static final int MAX_ID = 200;

  /** The set in force and where it came from. */
  public record Current(long version, ScheduleSet set, Instant savedAt, String savedBy) {
    public Optional<Schedule> schedule(String id) {
      return set.schedules().stream().filter(s -> s.id().equals(id)).findFirst();
    }
  }

  private final HubContext hub;
  private final ScheduleSetRepository store;
  private final FiringRepository firings;
  private final Registry registry;
  private final Auditor audit;
  private final Clock clock;
  private final List<Consumer<Current>> listeners = new CopyOnWriteArrayList<>();
  private final Object changeLock = new Object();
  private volatile Current current = new Current(0, ScheduleSet.of(List.of()), null, null);

  public ScheduleService(
      HubContext hub,
      ScheduleSetRepository store,
      FiringRepository firings,
      Registry registry,
      Auditor audit,
      Clock clock) {
    this.hub = hub;
    this.store = store;
    this.firings = firings;
    this.registry = registry;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Reads the newest stored version. Fails (the hub does not start) if it cannot be read back: a
   * hub that silently ran without its schedules would be worse.
   */
  public Future<Current> start() {
    return hub.blocking(
        () -> {
          Optional<ScheduleSetRepository.StoredSet> stored = store.latest();
          if (stored.isEmpty()) {
            LOG.info(
                "Schedules: none stored yet (import a schedule file: POST /api/schedules/import)");
            return current;
          }
          ScheduleSetRepository.StoredSet s = stored.get();
          ScheduleSet set;
          try {
            set = ScheduleFile.read(s.fileText());
          } catch (ScheduleFileException e) {
            throw new IllegalStateException(
                "the stored schedule set (version "
                    + s.version()
                    + ") cannot be read back: "
                    + e.getMessage());
          }
          current = new Current(s.version(), set, s.savedAt(), s.savedBy());
          LOG.info(
              "Schedules: version {} with {} schedules, saved {} by {}",
              s.version(),
              set.schedules().size(),
              s.savedAt(),
              s.savedBy());
          return current;
        });
  }

  /** The set in force (any thread). */
  public Current current() {
    return current;
  }

  /** Called on the hub context after every change. */
  public void onChange(Consumer<Current> listener) {
    listeners.add(listener);
  }

  /**
   * The timeline of the set in force for the terminals the targets cover, over {@code [from, to)}:
   * what each will hear and why. Computed on a worker thread (for a county's 10,000 terminals, well
   * under a second). Fails with BAD_REQUEST for a range that is empty or longer than {@link
   * TimelineService#MAX_RANGE}.
   */
  public Future<Timeline> timeline(Targets targets, Instant from, Instant to) {
    ScheduleSet set = current.set();
    return RegistryTargets.take(hub, registry)
        .compose(
            resolver ->
                hub.blocking(
                    () -> {
                      try {
                        return new TimelineService(set, resolver, clock)
                            .timeline(targets, from, to);
                      } catch (IllegalArgumentException e) {
                        throw ClientError.badRequest(e.getMessage());
                      }
                    }));
  }

  /** Firing records by occurrence in {@code [from, to)}, newest first, with optional filters. */
  public Future<List<Firing>> firings(
      Instant from, Instant to, String scheduleId, FiringState state, int limit) {
    return hub.blocking(() -> firings.between(from, to, scheduleId, state, limit));
  }

  /** The set in force as a schedule file (written on a worker thread: it may be megabytes). */
  public Future<String> export() {
    ScheduleSet set = current.set();
    return hub.blocking(() -> ScheduleFile.write(set));
  }

  /**
   * Replaces the whole set with a schedule file's, or stores nothing: a file with any problem fails
   * the future with {@link ScheduleFileException} naming each problem's line and field. The file is
   * read on a worker thread (up to megabytes of YAML).
   */
  public Future<Current> importFile(String fileText, String actor) {
    return change(
        actor,
        before -> ScheduleFile.read(fileText),
        "schedules.import",
        "schedules",
        (before, after) ->
            after.set().schedules().size()
                + " schedules, "
                + after.set().calendars().size()
                + " calendars, "
                + after.set().quietHours().size()
                + " quiet hours (were "
                + before.set().schedules().size()
                + " schedules)");
  }

  /**
   * Creates or replaces one schedule from its JSON form. Fails with {@link ScheduleJson.Refused}
   * naming each wrong field.
   *
   * @return true when it was created, false when it replaced one
   */
  public Future<Boolean> put(String id, JsonObject body, String actor) {
    Objects.requireNonNull(id, "id");
    boolean[] created = new boolean[1];
    return change(
            actor,
            before -> {
              Schedule schedule = ScheduleJson.read(body, id, before.set().calendars().keySet());
              List<Schedule> schedules = new ArrayList<>(before.set().schedules());
              created[0] = true;
              for (int i = 0; i < schedules.size(); i++) {
                if (schedules.get(i).id().equals(id)) {
                  schedules.set(i, schedule);
                  created[0] = false;
                }
              }
              if (created[0]) {
                schedules.add(schedule);
              }
              return withSchedules(before.set(), schedules);
            },
            "schedule.save",
            "schedule " + id,
            (before, after) -> ScheduleJson.write(after.schedule(id).orElseThrow()).encode())
        .map(c -> created[0]);
  }

  /** Deletes one schedule; NOT_FOUND if there is none with this id. */
  public Future<Void> delete(String id, String actor) {
    return change(
            actor,
            before -> {
              if (before.schedule(id).isEmpty()) {
                throw ClientError.notFound("no schedule '" + id + "'");
              }
              List<Schedule> schedules = new ArrayList<>(before.set().schedules());
              schedules.removeIf(s -> s.id().equals(id));
              return withSchedules(before.set(), schedules);
            },
            "schedule.delete",
            "schedule " + id,
            (before, after) -> "deleted")
        .mapEmpty();
  }

  private static ScheduleSet withSchedules(ScheduleSet set, List<Schedule> schedules) {
    return new ScheduleSet(
        new ArrayList<>(set.calendars().values()),
        set.quietHours(),
        set.conflictRules(),
        schedules);
  }

  /** What a change does to the set in force; may throw a refusal. */
  private interface Edit {
    ScheduleSet apply(Current before);
  }

  /** The audit detail of a change, from the set before and after it. */
  private interface Detail {
    String of(Current before, Current after);
  }

  private Future<Current> change(
      String actor, Edit edit, String action, String subject, Detail detail) {
    return hub.blocking(
            () -> {
              synchronized (changeLock) {
                Current before = current;
                ScheduleSet set = edit.apply(before);
                String text = ScheduleFile.write(set);
                Instant at = clock.instant();
                long version = before.version() + 1;
                if (!store.save(version, text, at, actor, action + " " + subject)) {
                  throw ClientError.conflict(
                      "the schedules were changed by another hub at the same time (version "
                          + version
                          + " exists): read them again and repeat the change");
                }
                Current after = new Current(version, set, at, actor);
                current = after;
                String words = detail.of(before, after);
                audit.record(actor, action, subject, "version " + version + ": " + words);
                return after;
              }
            })
        .onSuccess(after -> listeners.forEach(l -> l.accept(after)));
  }
}
