package org.villagecast.schedules.file;

import java.io.Reader;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.villagecast.schedules.AreaCodes;
import org.villagecast.schedules.ConflictRule;
import org.villagecast.schedules.ConflictRules;
import org.villagecast.schedules.DayCalendar;
import org.villagecast.schedules.OverrunPolicy;
import org.villagecast.schedules.Priority;
import org.villagecast.schedules.ProgrammeRef;
import org.villagecast.schedules.QuietHours;
import org.villagecast.schedules.Recurrence;
import org.villagecast.schedules.Schedule;
import org.villagecast.schedules.ScheduleSet;
import org.villagecast.schedules.Targets;
import org.villagecast.schedules.Validity;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads one schedule file. YAML is only composed into nodes (never constructed into objects), so
 * every value is read as the text it is and every node keeps its line. Problems are collected, not
 * thrown one by one, so an operator sees them all at once; any problem refuses the whole file.
 */
final class ScheduleFileReader {
  /** Files larger than this many characters are refused before parsing. */
  static final int MAX_CODE_POINTS = 16 * 1024 * 1024;

  private final List<ScheduleFileException.Problem> problems = new ArrayList<>();
  private final Map<String, Integer> calendarLines = new HashMap<>();

  ScheduleSet read(Reader input) {
    Node root = compose(input);
    if (root == null) {
      throw refuse();
    }
    MappingNode top = mapping(root, "");
    if (top == null) {
      throw refuse();
    }
    Map<String, Node> fields =
        fields(top, "", Set.of("version", "calendars", "quietHours", "conflictRules", "schedules"));
    String version = text(fields.get("version"), "version", true);
    if (version != null && !version.equals("1")) {
      problem(
          fields.get("version"),
          "version",
          "unsupported version " + version + " (this hub reads 1)");
    }
    List<DayCalendar> calendars = list(fields.get("calendars"), "calendars", this::calendar);
    List<QuietHours> quietHours = list(fields.get("quietHours"), "quietHours", this::quietHours);
    ConflictRules rules = conflictRules(fields.get("conflictRules"));
    if (!fields.containsKey("schedules")) {
      problem(top, "schedules", "missing (an empty list is written schedules: [])");
    }
    List<Schedule> schedules = list(fields.get("schedules"), "schedules", this::schedule);
    checkIds(fields.get("schedules"), schedules);
    if (!problems.isEmpty()) {
      throw refuse();
    }
    try {
      return new ScheduleSet(calendars, quietHours, rules, schedules);
    } catch (IllegalArgumentException e) {
      // The checks above cover what the set checks; this is a last guard.
      problems.add(new ScheduleFileException.Problem(0, "", e.getMessage()));
      throw refuse();
    }
  }

  private Node compose(Reader input) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(10);
    options.setCodePointLimit(MAX_CODE_POINTS);
    try {
      Node root = new Yaml(options).compose(input);
      if (root == null) {
        problems.add(new ScheduleFileException.Problem(0, "", "the file is empty"));
      }
      return root;
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
      problems.add(
          new ScheduleFileException.Problem(
              mark == null ? 0 : mark.getLine() + 1, "", "not valid YAML: " + what));
      return null;
    } catch (YAMLException e) {
      problems.add(new ScheduleFileException.Problem(0, "", "not valid YAML: " + e.getMessage()));
      return null;
    }
  }

  private ScheduleFileException refuse() {
    List<ScheduleFileException.Problem> listed =
        new ArrayList<>(
            problems.subList(0, Math.min(problems.size(), ScheduleFileException.MAX_PROBLEMS)));
    if (problems.size() > listed.size()) {
      listed.add(
          new ScheduleFileException.Problem(
              0, "", (problems.size() - listed.size()) + " more problems not listed"));
    }
    return new ScheduleFileException(listed);
  }

  // ---- sections

  private DayCalendar calendar(Node node, String path) {
    MappingNode map = mapping(node, path);
    if (map == null) {
      return null;
    }
    Map<String, Node> f = fields(map, path, Set.of("id", "name", "days"));
    String id = text(f.get("id"), path + ".id", true);
    String name = text(f.get("name"), path + ".name", false);
    TreeMap<LocalDate, String> days = new TreeMap<>();
    Node daysNode = f.get("days");
    if (daysNode == null) {
      problem(map, path + ".days", "missing");
    } else {
      List<Node> items = sequence(daysNode, path + ".days");
      for (int i = 0; items != null && i < items.size(); i++) {
        String dayPath = path + ".days[" + i + "]";
        Node item = items.get(i);
        LocalDate date;
        String dayName = "";
        if (item instanceof ScalarNode) {
          date = parse(item, dayPath, LocalDate::parse, "a date like 2027-01-01");
        } else {
          MappingNode dayMap = mapping(item, dayPath);
          if (dayMap == null) {
            continue;
          }
          Map<String, Node> df = fields(dayMap, dayPath, Set.of("date", "name"));
          date =
              parse(
                  required(df, "date", dayMap, dayPath),
                  dayPath + ".date",
                  LocalDate::parse,
                  "a date like 2027-01-01");
          String n = text(df.get("name"), dayPath + ".name", false);
          dayName = n == null ? "" : n;
        }
        if (date != null && days.put(date, dayName) != null) {
          problem(item, dayPath, "day " + date + " is listed twice");
        }
      }
    }
    if (id == null) {
      return null;
    }
    if (calendarLines.containsKey(id)) {
      problem(
          f.get("id"),
          path + ".id",
          "calendar id " + id + " is used twice (first on line " + calendarLines.get(id) + ")");
      return null;
    }
    calendarLines.put(id, line(f.get("id")));
    return new DayCalendar(id, name == null ? "" : name, days);
  }

  private QuietHours quietHours(Node node, String path) {
    MappingNode map = mapping(node, path);
    if (map == null) {
      return null;
    }
    Map<String, Node> f = fields(map, path, Set.of("area", "from", "to", "zone"));
    String area = areaCode(required(f, "area", map, path), path + ".area");
    LocalTime from =
        parse(
            required(f, "from", map, path), path + ".from", LocalTime::parse, "a time like 22:00");
    LocalTime to =
        parse(required(f, "to", map, path), path + ".to", LocalTime::parse, "a time like 06:00");
    ZoneId zone = zone(f.get("zone"), path + ".zone");
    if (from != null && from.equals(to)) {
      problem(f.get("to"), path + ".to", "equals from: quiet hours must have a length");
      return null;
    }
    if (area == null || from == null || to == null || zone == null) {
      return null;
    }
    return new QuietHours(area, from, to, zone);
  }

  private ConflictRules conflictRules(Node node) {
    ConflictRules rules = ConflictRules.defaults();
    if (node == null) {
      return rules;
    }
    List<Node> items = sequence(node, "conflictRules");
    for (int i = 0; items != null && i < items.size(); i++) {
      String path = "conflictRules[" + i + "]";
      MappingNode map = mapping(items.get(i), path);
      if (map == null) {
        continue;
      }
      Map<String, Node> f = fields(map, path, Set.of("stronger", "weaker", "rule"));
      Priority stronger = priority(required(f, "stronger", map, path), path + ".stronger");
      Priority weaker = priority(required(f, "weaker", map, path), path + ".weaker");
      ConflictRule rule =
          choice(
              required(f, "rule", map, path),
              path + ".rule",
              ConflictRule::fromFileName,
              ConflictRule.values(),
              ConflictRule::fileName);
      if (stronger != null && weaker != null && weaker.isAbove(stronger)) {
        problem(
            f.get("weaker"),
            path + ".weaker",
            weaker.fileName() + " is above " + stronger.fileName() + ": swap stronger and weaker");
      } else if (stronger != null && weaker != null && rule != null) {
        rules = rules.with(stronger, weaker, rule);
      }
    }
    return rules;
  }

  private Schedule schedule(Node node, String path) {
    MappingNode map = mapping(node, path);
    if (map == null) {
      return null;
    }
    Map<String, Node> f = fields(map, path, ScheduleFile.SCHEDULE_FIELDS);
    int before = problems.size();
    String id = text(required(f, "id", map, path), path + ".id", true);
    String name = text(f.get("name"), path + ".name", false);
    ProgrammeRef programme = programme(required(f, "programme", map, path), path + ".programme");
    Targets targets = targets(required(f, "targets", map, path), path + ".targets");
    Priority priority = priority(required(f, "priority", map, path), path + ".priority");
    LocalDateTime start =
        parse(
            required(f, "start", map, path),
            path + ".start",
            LocalDateTime::parse,
            "a local date and time like 2026-12-01T06:30:00");
    Duration duration =
        parse(
            required(f, "duration", map, path),
            path + ".duration",
            Duration::parse,
            "an ISO-8601 duration like PT30M");
    if (duration != null && (duration.isZero() || duration.isNegative())) {
      problem(f.get("duration"), path + ".duration", "must be longer than zero");
    }
    ZoneId zone = zone(f.get("zone"), path + ".zone");
    String rrule = text(f.get("rrule"), path + ".rrule", true);
    if (rrule != null) {
      try {
        Recurrence.parse(rrule);
      } catch (IllegalArgumentException e) {
        problem(f.get("rrule"), path + ".rrule", e.getMessage());
      }
    }
    List<LocalDateTime> rdates = dateTimes(f.get("rdate"), path + ".rdate");
    List<LocalDateTime> exdates = dateTimes(f.get("exdate"), path + ".exdate");
    Validity validity = validity(f.get("valid"), path + ".valid");
    List<String> include = new ArrayList<>();
    List<String> exclude = new ArrayList<>();
    calendarRefs(f.get("calendars"), path + ".calendars", include, exclude);
    OverrunPolicy overrun =
        f.containsKey("overrun")
            ? choice(
                f.get("overrun"),
                path + ".overrun",
                OverrunPolicy::fromFileName,
                OverrunPolicy.values(),
                OverrunPolicy::fileName)
            : OverrunPolicy.CUT;
    ProgrammeRef fallback =
        f.containsKey("fallback") ? programme(f.get("fallback"), path + ".fallback") : null;
    if (problems.size() > before) {
      return null;
    }
    return new Schedule(
        id,
        name == null ? "" : name,
        programme,
        targets,
        new Recurrence(start, rrule, rdates, exdates),
        duration,
        zone,
        validity,
        priority,
        overrun,
        fallback,
        include,
        exclude);
  }

  private void checkIds(Node schedulesNode, List<Schedule> schedules) {
    if (!(schedulesNode instanceof SequenceNode)) {
      return;
    }
    Map<String, Integer> seen = new HashMap<>();
    List<Node> items = ((SequenceNode) schedulesNode).getValue();
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      if (!(item instanceof MappingNode)) {
        continue;
      }
      Map<String, Node> f = rawFields((MappingNode) item);
      Node idNode = f.get("id");
      if (idNode instanceof ScalarNode) {
        String id = ((ScalarNode) idNode).getValue();
        Integer first = seen.putIfAbsent(id, line(idNode));
        if (first != null) {
          problem(
              idNode,
              "schedules[" + i + "].id",
              "schedule id " + id + " is used twice (first on line " + first + ")");
        }
      }
    }
  }

  // ---- parts of a schedule

  private ProgrammeRef programme(Node node, String path) {
    if (node == null) {
      return null;
    }
    MappingNode map = mapping(node, path);
    if (map == null) {
      return null;
    }
    Map<String, Node> f = fields(map, path, Set.of("id", "name"));
    String id = text(required(f, "id", map, path), path + ".id", true);
    String name = text(f.get("name"), path + ".name", false);
    return id == null ? null : new ProgrammeRef(id, name == null ? "" : name);
  }

  private Targets targets(Node node, String path) {
    if (node == null) {
      return null;
    }
    MappingNode map = mapping(node, path);
    if (map == null) {
      return null;
    }
    Map<String, Node> f = fields(map, path, Set.of("areas", "groups", "terminals"));
    int before = problems.size();
    List<String> areas = texts(f.get("areas"), path + ".areas");
    for (int i = 0; i < areas.size(); i++) {
      Node item = ((SequenceNode) f.get("areas")).getValue().get(i);
      areaCode(item, path + ".areas[" + i + "]");
    }
    List<String> groups = texts(f.get("groups"), path + ".groups");
    List<String> terminals = texts(f.get("terminals"), path + ".terminals");
    if (problems.size() > before) {
      return null;
    }
    if (areas.isEmpty() && groups.isEmpty() && terminals.isEmpty()) {
      problem(map, path, "names no area, group or terminal");
      return null;
    }
    return new Targets(
        new LinkedHashSet<>(areas), new LinkedHashSet<>(groups), new LinkedHashSet<>(terminals));
  }

  private Validity validity(Node node, String path) {
    if (node == null) {
      return Validity.ALWAYS;
    }
    MappingNode map = mapping(node, path);
    if (map == null) {
      return null;
    }
    Map<String, Node> f = fields(map, path, Set.of("from", "until"));
    LocalDate from =
        f.containsKey("from")
            ? parse(f.get("from"), path + ".from", LocalDate::parse, "a date like 2026-12-01")
            : null;
    LocalDate until =
        f.containsKey("until")
            ? parse(f.get("until"), path + ".until", LocalDate::parse, "a date like 2027-06-30")
            : null;
    if (from != null && until != null && until.isBefore(from)) {
      problem(f.get("until"), path + ".until", "is before from (" + from + ")");
      return null;
    }
    return new Validity(from, until);
  }

  private void calendarRefs(Node node, String path, List<String> include, List<String> exclude) {
    if (node == null) {
      return;
    }
    MappingNode map = mapping(node, path);
    if (map == null) {
      return;
    }
    Map<String, Node> f = fields(map, path, Set.of("include", "exclude"));
    include.addAll(knownCalendars(f.get("include"), path + ".include"));
    exclude.addAll(knownCalendars(f.get("exclude"), path + ".exclude"));
  }

  private List<String> knownCalendars(Node node, String path) {
    List<String> ids = texts(node, path);
    for (int i = 0; i < ids.size(); i++) {
      if (!calendarLines.containsKey(ids.get(i))) {
        problem(
            ((SequenceNode) node).getValue().get(i),
            path + "[" + i + "]",
            "unknown calendar " + ids.get(i) + " (calendars are defined under calendars:)");
      }
    }
    return ids;
  }

  private List<LocalDateTime> dateTimes(Node node, String path) {
    List<LocalDateTime> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    List<Node> items = sequence(node, path);
    for (int i = 0; items != null && i < items.size(); i++) {
      LocalDateTime t =
          parse(
              items.get(i),
              path + "[" + i + "]",
              LocalDateTime::parse,
              "a local date and time like 2026-12-24T06:30:00");
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  private Priority priority(Node node, String path) {
    return choice(node, path, Priority::fromFileName, Priority.values(), Priority::fileName);
  }

  private ZoneId zone(Node node, String path) {
    if (node == null) {
      return Schedule.DEFAULT_ZONE;
    }
    return parse(node, path, ZoneId::of, "a time zone like Asia/Shanghai");
  }

  private String areaCode(Node node, String path) {
    String code = text(node, path, true);
    if (code == null) {
      return null;
    }
    try {
      AreaCodes.requireValid(code);
      return code;
    } catch (IllegalArgumentException e) {
      problem(node, path, e.getMessage());
      return null;
    }
  }

  // ---- YAML helpers

  private <T> List<T> list(Node node, String path, ItemReader<T> reader) {
    List<T> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    List<Node> items = sequence(node, path);
    for (int i = 0; items != null && i < items.size(); i++) {
      T item = reader.read(items.get(i), path + "[" + i + "]");
      if (item != null) {
        out.add(item);
      }
    }
    return out;
  }

  private interface ItemReader<T> {
    T read(Node node, String path);
  }

  private MappingNode mapping(Node node, String path) {
    if (node instanceof MappingNode) {
      return (MappingNode) node;
    }
    problem(node, path, "expected a mapping (key: value lines)");
    return null;
  }

  private List<Node> sequence(Node node, String path) {
    if (node instanceof SequenceNode) {
      return ((SequenceNode) node).getValue();
    }
    problem(node, path, "expected a list");
    return null;
  }

  private Map<String, Node> rawFields(MappingNode map) {
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple tuple : map.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode) {
        out.put(((ScalarNode) tuple.getKeyNode()).getValue(), tuple.getValueNode());
      }
    }
    return out;
  }

  /** The fields of a mapping; unknown keys are problems (a misspelt key must not be ignored). */
  private Map<String, Node> fields(MappingNode map, String path, Set<String> known) {
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple tuple : map.getValue()) {
      Node key = tuple.getKeyNode();
      String prefix = path.isEmpty() ? "" : path + ".";
      if (!(key instanceof ScalarNode)) {
        problem(key, path, "a key must be a plain word");
        continue;
      }
      String name = ((ScalarNode) key).getValue();
      if (!known.contains(name)) {
        problem(
            key,
            prefix + name,
            "unknown field (known here: "
                + String.join(", ", new java.util.TreeSet<>(known))
                + ")");
        continue;
      }
      Node first = out.putIfAbsent(name, tuple.getValueNode());
      if (first != null) {
        // YAML says keys are unique; the composer does not check, so a later key would otherwise
        // silently win.
        problem(key, prefix + name, "appears twice (first on line " + line(first) + ")");
      }
    }
    return out;
  }

  private Node required(Map<String, Node> fields, String name, Node parent, String path) {
    Node node = fields.get(name);
    if (node == null) {
      problem(parent, path + "." + name, "missing");
    }
    return node;
  }

  private String text(Node node, String path, boolean nonEmpty) {
    if (node == null) {
      return null;
    }
    if (!(node instanceof ScalarNode)) {
      problem(node, path, "expected a single value");
      return null;
    }
    String value = ((ScalarNode) node).getValue().strip();
    if (nonEmpty && value.isEmpty()) {
      problem(node, path, "is empty");
      return null;
    }
    return value;
  }

  private List<String> texts(Node node, String path) {
    List<String> out = new ArrayList<>();
    if (node == null) {
      return out;
    }
    List<Node> items = sequence(node, path);
    for (int i = 0; items != null && i < items.size(); i++) {
      String value = text(items.get(i), path + "[" + i + "]", true);
      if (value != null) {
        out.add(value);
      }
    }
    return out;
  }

  private <T> T parse(Node node, String path, Function<String, T> parser, String expected) {
    String value = text(node, path, true);
    if (value == null) {
      return null;
    }
    try {
      return parser.apply(value);
    } catch (DateTimeParseException e) {
      problem(node, path, "'" + value + "' is not " + expected);
    } catch (DateTimeException | IllegalArgumentException e) {
      problem(node, path, "'" + value + "' is not " + expected + " (" + e.getMessage() + ")");
    }
    return null;
  }

  private <T> T choice(
      Node node,
      String path,
      Function<String, Optional<T>> lookup,
      T[] values,
      Function<T, String> name) {
    String value = text(node, path, true);
    if (value == null) {
      return null;
    }
    Optional<T> found = lookup.apply(value);
    if (found.isEmpty()) {
      List<String> names = new ArrayList<>();
      for (T v : values) {
        names.add(name.apply(v));
      }
      problem(node, path, "'" + value + "' is not one of " + String.join(", ", names));
      return null;
    }
    return found.get();
  }

  private void problem(Node node, String field, String message) {
    problems.add(new ScheduleFileException.Problem(line(node), field, message));
  }

  private static int line(Node node) {
    return node == null ? 0 : node.getStartMark().getLine() + 1;
  }
}
