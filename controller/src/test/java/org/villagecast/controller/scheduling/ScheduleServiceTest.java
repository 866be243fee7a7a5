package org.villagecast.controller.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.villagecast.controller.scheduling.SchedulingRig.COUNTY;
import static org.villagecast.controller.scheduling.SchedulingRig.await;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.store.AuditEntry;
import org.villagecast.controller.store.ScheduleSetRepository;
import org.villagecast.protocol.testing.MutableClock;
import org.villagecast.schedules.file.ScheduleFile;
import org.villagecast.schedules.file.ScheduleFileException;

/** Imports, single-schedule changes and exports: whole or nothing, versioned, audited. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScheduleServiceTest {
  private static final String GOOD =
      new ScheduleYaml()
          .daily(
              "noon", "prog-noon", "{areas: [\"" + COUNTY + "\"]}", "notice", "12:00:00", "PT10M")
          .text();

  @TempDir Path dir;
  private SchedulingRig rig;

  @BeforeEach
  void open() throws Exception {
    rig =
        SchedulingRig.open(
            dir.resolve("hub"),
            new MutableClock(SchedulerTest.MORNING),
            SchedulerConfig.defaults());
  }

  @AfterEach
  void close() throws Exception {
    rig.close();
  }

  private List<AuditEntry> audit() throws InterruptedException {
    Thread.sleep(200); // the auditor writes behind
    return rig.auditLog.recent(100);
  }

  /** Verifies that an import is stored as version 1, read back by a new service, and audited. */
  @Test
  void import_storedVersionedAudited() throws Exception {
    ScheduleService.Current current = await(rig.schedules.importFile(GOOD, "operator"));

    assertThat(current.version()).isEqualTo(1);
    assertThat(current.set().schedules()).extracting(s -> s.id()).containsExactly("noon");
    ScheduleService again =
        new ScheduleService(
            rig.hub, new ScheduleSetRepository(rig.db), rig.firings, rig.registry, null, rig.clock);
    await(again.start());
    assertThat(again.current().set()).isEqualTo(current.set());
    assertThat(audit())
        .anySatisfy(
            e -> {
              assertThat(e.action()).isEqualTo("schedules.import");
              assertThat(e.actor()).isEqualTo("operator");
              assertThat(e.detail()).contains("version 1").contains("1 schedules");
            });
  }

  /**
   * Verifies that a file with problems stores nothing (the set in force and the store are as
   * before, nothing is audited) and that every problem names its line and field.
   */
  @Test
  void import_badFile_nothingStored_linesAndFields() throws Exception {
    await(rig.schedules.importFile(GOOD, "operator"));
    int auditBefore = audit().size();
    String bad =
        GOOD.replace("priority: notice", "priority: urgent")
            + "  - id: second\n"
            + "    programme: {id: p}\n"
            + "    targets: {areas: [\"320583\"]}\n"
            + "    priority: notice\n"
            + "    start: tomorrow\n"
            + "    duration: PT1M\n";

    assertThatThrownBy(() -> await(rig.schedules.importFile(bad, "operator")))
        .cause()
        .isInstanceOfSatisfying(
            ScheduleFileException.class,
            e ->
                assertThat(e.problems())
                    .extracting(p -> p.line() + " " + p.field())
                    .containsExactly("7 schedules[0].priority", "15 schedules[1].start"));

    assertThat(rig.schedules.current().version()).isEqualTo(1);
    assertThat(new ScheduleSetRepository(rig.db).latest().orElseThrow().version()).isEqualTo(1);
    assertThat(audit()).hasSize(auditBefore);
  }

  /** Verifies create, replace and delete of one schedule, each a new version. */
  @Test
  void put_delete_versions() throws Exception {
    await(rig.schedules.importFile(GOOD, "operator"));
    JsonObject body =
        ScheduleJson.write(rig.schedules.current().schedule("noon").orElseThrow())
            .put("name", "Evening")
            .put("start", "2026-12-01T18:00:00");
    body.remove("id");

    assertThat(await(rig.schedules.put("evening", body, "operator"))).isTrue();
    assertThat(await(rig.schedules.put("evening", body.copy().put("duration", "PT5M"), "admin")))
        .isFalse();
    assertThat(rig.schedules.current().version()).isEqualTo(3);
    assertThat(rig.schedules.current().schedule("evening").orElseThrow().duration()).hasMinutes(5);

    await(rig.schedules.delete("noon", "admin"));
    assertThat(rig.schedules.current().set().schedules())
        .extracting(s -> s.id())
        .containsExactly("evening");
    assertThat(
            ScheduleFile.read(new ScheduleSetRepository(rig.db).latest().orElseThrow().fileText()))
        .isEqualTo(rig.schedules.current().set());
    assertThat(audit()).extracting(AuditEntry::action).contains("schedule.save", "schedule.delete");
  }

  /** Verifies that deleting an unknown schedule is NOT_FOUND and stores nothing. */
  @Test
  void delete_unknown_notFound() throws Exception {
    await(rig.schedules.importFile(GOOD, "operator"));

    assertThatThrownBy(() -> await(rig.schedules.delete("nope", "admin")))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            ClientError.class, e -> assertThat(e.kind()).isEqualTo(ClientError.Kind.NOT_FOUND));
    assertThat(rig.schedules.current().version()).isEqualTo(1);
  }

  /** Verifies that a JSON schedule with mistakes names each field and stores nothing. */
  @Test
  void put_badJson_fieldsNamed_nothingStored() throws Exception {
    await(rig.schedules.importFile(GOOD, "operator"));
    JsonObject body =
        new JsonObject(
            "{\"programme\":{\"id\":\"p\"},\"targets\":{\"areas\":[\"32058\"]},"
                + "\"priority\":\"urgent\",\"start\":\"2026-12-01T12:00:00\",\"duration\":\"PT1M\","
                + "\"rrul\":\"FREQ=DAILY\",\"calendars\":{\"exclude\":[\"holidays\"]}}");

    assertThatThrownBy(() -> await(rig.schedules.put("x", body, "operator")))
        .cause()
        .isInstanceOfSatisfying(
            ScheduleJson.Refused.class,
            e -> {
              assertThat(e.problems())
                  .extracting(ScheduleFileException.Problem::field)
                  .contains("targets.areas[0]", "priority", "rrul", "calendars.exclude[0]");
              assertThat(e.getMessage()).contains("'priority': 'urgent' is not one of");
            });
    assertThat(rig.schedules.current().version()).isEqualTo(1);
  }

  /** Verifies that a body naming another id than the path is refused naming 'id'. */
  @Test
  void put_idMismatch_refused() {
    JsonObject body = new JsonObject().put("id", "other");

    assertThatThrownBy(() -> ScheduleJson.read(body, "mine", List.of()))
        .isInstanceOf(ScheduleJson.Refused.class)
        .hasMessageContaining("'id': is 'other' but the path names schedule 'mine'");
  }
}
