package org.villagecast.schedules.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.villagecast.schedules.OverrunPolicy;
import org.villagecast.schedules.Priority;
import org.villagecast.schedules.Schedule;
import org.villagecast.schedules.ScheduleSet;

/** Schedule files: the examples, round trips, and refusals that name the line and field. */
class ScheduleFileTest {
  private static final Path EXAMPLES = Path.of("examples");

  /** A valid file with one schedule; {@code extra} lines are appended to the schedule. */
  private static String file(String... extra) {
    StringBuilder b =
        new StringBuilder(
            "version: 1\n"
                + "schedules:\n"
                + "  - id: noon\n"
                + "    name: Noon notice\n"
                + "    programme: {id: prog-noon}\n"
                + "    targets: {areas: [\"320583\"]}\n"
                + "    priority: notice\n"
                + "    start: 2027-01-04T12:00:00\n"
                + "    duration: PT10M\n");
    for (String line : extra) {
      b.append("    ").append(line).append('\n');
    }
    return b.toString();
  }

  private static List<ScheduleFileException.Problem> problems(String yaml) {
    ScheduleFileException e =
        catchThrowableOfType(ScheduleFileException.class, () -> ScheduleFile.read(yaml));
    assertThat(e).as("refused").isNotNull();
    return e.problems();
  }

  private static ScheduleFileException.Problem problem(String yaml) {
    List<ScheduleFileException.Problem> all = problems(yaml);
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private static List<Path> examples() throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(EXAMPLES, "*.yaml")) {
      dir.forEach(out::add);
    }
    assertThat(out).isNotEmpty();
    return out;
  }

  /** Verifies that every example reads, and writing then reading gives an equal set. */
  @Test
  void read_examplesRoundTrip() throws IOException {
    for (Path example : examples()) {
      // GIVEN
      ScheduleSet set = ScheduleFile.read(example);
      // WHEN
      String written = ScheduleFile.write(set);
      ScheduleSet again = ScheduleFile.read(written);
      // THEN
      assertThat(again).as("%s", example).isEqualTo(set);
      assertThat(ScheduleFile.write(again)).isEqualTo(written);
    }
  }

  /** Verifies what the county example holds, so the documentation's description stays true. */
  @Test
  void read_countyExample() {
    ScheduleSet set = ScheduleFile.read(EXAMPLES.resolve("county-day.yaml"));

    assertThat(set.schedules()).hasSize(7);
    assertThat(set.calendars()).containsKeys("public-holidays", "make-up-workdays");
    assertThat(set.quietHours()).hasSize(1);
    Schedule news = set.schedules().get(1);
    assertThat(news.id()).isEqualTo("morning-news");
    assertThat(news.priority()).isEqualTo(Priority.LIVE_RELAY);
    assertThat(news.zone()).isEqualTo(Schedule.DEFAULT_ZONE);
  }

  /** Verifies the defaults: zone Asia/Shanghai, overrun cut, always valid, no fallback. */
  @Test
  void read_defaults() {
    Schedule s = ScheduleFile.read(file()).schedules().get(0);

    assertThat(s.zone().getId()).isEqualTo("Asia/Shanghai");
    assertThat(s.overrun()).isEqualTo(OverrunPolicy.CUT);
    assertThat(s.fallback()).isNull();
    assertThat(s.recurrence().rule()).isEmpty();
  }

  /** Verifies that free text with quotes, colons, Chinese and YAML words survives a round trip. */
  @Test
  void write_quotesFreeText() {
    String yaml =
        "version: 1\n"
            + "schedules:\n"
            + "  - id: \"no\"\n"
            + "    name: \"防汛: \\\"注意\\\" \\\\ 安全\"\n"
            + "    programme: {id: \"0123\", name: \"yes\"}\n"
            + "    targets: {terminals: [\"null\", \"T-1\"]}\n"
            + "    priority: background\n"
            + "    start: 2027-01-04T12:00:00\n"
            + "    duration: PT1H\n";
    ScheduleSet set = ScheduleFile.read(yaml);

    ScheduleSet again = ScheduleFile.read(ScheduleFile.write(set));

    assertThat(again).isEqualTo(set);
    assertThat(again.schedules().get(0).name()).isEqualTo("防汛: \"注意\" \\ 安全");
    assertThat(again.schedules().get(0).id()).isEqualTo("no");
  }

  /** Verifies that a misspelt field is refused with its line and path. */
  @Test
  void read_unknownField() {
    ScheduleFileException.Problem p = problem(file("rrul: FREQ=DAILY"));

    assertThat(p.line()).isEqualTo(10);
    assertThat(p.field()).isEqualTo("schedules[0].rrul");
    assertThat(p.message()).startsWith("unknown field (known here: calendars, duration");
  }

  /** Verifies that each kind of bad value names its line, field and what was expected. */
  @Test
  void read_badValues() {
    assertThat(problem(file("rrule: FREQ=SOMETIMES")))
        .hasToString(
            "line 10, schedules[0].rrule: invalid RRULE 'FREQ=SOMETIMES': Unknown FREQ value"
                + " SOMETIMES");
    assertThat(problem(file("zone: Mars/Olympus")).toString())
        .startsWith(
            "line 10, schedules[0].zone: 'Mars/Olympus' is not a time zone like Asia/Shanghai");
    assertThat(problem(file("overrun: stretch")))
        .hasToString("line 10, schedules[0].overrun: 'stretch' is not one of cut, extend, shift");
    assertThat(problem(file("exdate: [2027-02-30T12:00:00]")))
        .hasToString(
            "line 10, schedules[0].exdate[0]: '2027-02-30T12:00:00' is not a local date and time"
                + " like 2026-12-24T06:30:00");
    assertThat(problem(file("valid: {from: 2027-02-01, until: 2027-01-01}")))
        .hasToString("line 10, schedules[0].valid.until: is before from (2027-02-01)");
    assertThat(problem(file("calendars: {exclude: [holidays]}")))
        .hasToString(
            "line 10, schedules[0].calendars.exclude[0]: unknown calendar holidays (calendars are"
                + " defined under calendars:)");
    assertThat(problem(file("fallback: chimes")))
        .hasToString("line 10, schedules[0].fallback: expected a mapping (key: value lines)");
  }

  /** Verifies the fields of the base schedule line by line: priority, area code, duration. */
  @Test
  void read_badFieldsOfBase() {
    assertThat(problem(file().replace("priority: notice", "priority: urgent")))
        .hasToString(
            "line 7, schedules[0].priority: 'urgent' is not one of emergency-real,"
                + " emergency-drill, live-relay, notice, background");
    assertThat(problem(file().replace("\"320583\"", "\"32058\"")))
        .hasToString(
            "line 6, schedules[0].targets.areas[0]: area code '32058' is not 2, 4, 6, 9 or 12"
                + " digits");
    assertThat(problem(file().replace("PT10M", "10 minutes")))
        .hasToString(
            "line 9, schedules[0].duration: '10 minutes' is not an ISO-8601 duration like PT30M");
    assertThat(problem(file().replace("PT10M", "PT0S")))
        .hasToString("line 9, schedules[0].duration: must be longer than zero");
    assertThat(problem(file().replace("    programme: {id: prog-noon}\n", "")))
        .hasToString("line 3, schedules[0].programme: missing");
    assertThat(problem(file().replace("{areas: [\"320583\"]}", "{}")))
        .hasToString("line 6, schedules[0].targets: names no area, group or terminal");
  }

  /** Verifies that a duplicate schedule id names both lines. */
  @Test
  void read_duplicateId() {
    String yaml = file() + file().substring(file().indexOf("  - id:"));

    assertThat(problem(yaml))
        .hasToString("line 10, schedules[1].id: schedule id noon is used twice (first on line 3)");
  }

  /** Verifies that top-level sections are checked: version, quiet hours, conflict rules. */
  @Test
  void read_badSections() {
    assertThat(problem(file().replace("version: 1", "version: 2")))
        .hasToString("line 1, version: unsupported version 2 (this hub reads 1)");
    assertThat(
            problem(
                file() + "quietHours:\n  - {area: \"320583\", from: \"22:00\", to: \"22:00\"}\n"))
        .hasToString("line 11, quietHours[0].to: equals from: quiet hours must have a length");
    assertThat(
            problem(
                file()
                    + "conflictRules:\n  - {stronger: background, weaker: notice, rule: duck}\n"))
        .hasToString(
            "line 11, conflictRules[0].weaker: notice is above background: swap stronger and"
                + " weaker");
    assertThat(problem("version: 1\n"))
        .hasToString("line 1, schedules: missing (an empty list is written schedules: [])");
  }

  /** Verifies that broken YAML, an empty file and a key given twice are refused with a line. */
  @Test
  void read_notYaml() {
    assertThat(problem(file("rrule: [FREQ=DAILY")).toString())
        .startsWith("line 11: not valid YAML:");
    assertThat(problem("")).hasToString("file: the file is empty");
    assertThat(problem(file("name: Twice")))
        .hasToString("line 10, schedules[0].name: appears twice (first on line 4)");
  }

  /**
   * Verifies that a file with good and bad schedules is refused whole, every problem listed, and
   * the message carries no Java internals.
   */
  @Test
  void read_nothingPartial() {
    String yaml =
        file("priority: urgent").replace("    priority: notice\n", "")
            + "  - id: good\n"
            + "    programme: {id: p}\n"
            + "    targets: {groups: [schools]}\n"
            + "    priority: notice\n"
            + "    start: 2027-01-04T07:50:00\n"
            + "    duration: PT5M\n"
            + "  - id: bad\n"
            + "    programme: {id: p}\n"
            + "    targets: {groups: [schools]}\n"
            + "    priority: notice\n"
            + "    start: tomorrow\n"
            + "    duration: PT5M\n";

    assertThatThrownBy(() -> ScheduleFile.read(yaml))
        .isInstanceOf(ScheduleFileException.class)
        .hasMessage(
            "schedule file refused, 2 problems:\n"
                + "  line 9, schedules[0].priority: 'urgent' is not one of emergency-real,"
                + " emergency-drill, live-relay, notice, background\n"
                + "  line 20, schedules[2].start: 'tomorrow' is not a local date and time like"
                + " 2026-12-01T06:30:00")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Exception", "org."));
  }

  /** Verifies that hundreds of problems are capped with a count of those left out. */
  @Test
  void read_problemsCapped() {
    StringBuilder yaml = new StringBuilder("version: 1\nschedules:\n");
    for (int i = 0; i < 80; i++) {
      yaml.append("  - {id: s").append(i).append("}\n");
    }

    List<ScheduleFileException.Problem> all = problems(yaml.toString());

    assertThat(all).hasSize(ScheduleFileException.MAX_PROBLEMS + 1);
    assertThat(all.get(all.size() - 1).message()).endsWith("more problems not listed");
  }

  /**
   * Verifies that a thousand seeded random corruptions of the county example are either read whole
   * or refused with problems that name a line; nothing else escapes.
   */
  @Test
  void read_corruptedExamplesRefusedCleanly() throws IOException {
    String original = Files.readString(EXAMPLES.resolve("county-day.yaml"));
    String alphabet = " :-[]{}\"#,\n\t0123456789aZ'&*!|>%@`";
    java.util.Random random = new java.util.Random(5);
    int refused = 0;
    for (int i = 0; i < 1000; i++) {
      // GIVEN one to three characters replaced, inserted or deleted
      StringBuilder b = new StringBuilder(original);
      for (int n = 1 + random.nextInt(3); n > 0; n--) {
        int at = random.nextInt(b.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0:
            b.setCharAt(at, c);
            break;
          case 1:
            b.insert(at, c);
            break;
          default:
            b.deleteCharAt(at);
        }
      }
      // WHEN / THEN
      try {
        ScheduleFile.read(b.toString());
      } catch (ScheduleFileException e) {
        refused++;
        assertThat(e.problems()).isNotEmpty();
        assertThat(e.problems())
            .allSatisfy(p -> assertThat(p.message()).doesNotContain("cannot be read"));
      }
    }
    assertThat(refused).isGreaterThan(250);
  }
}
