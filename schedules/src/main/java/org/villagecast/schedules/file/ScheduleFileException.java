package org.villagecast.schedules.file;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A schedule file was refused. It names every problem found (up to {@link #MAX_PROBLEMS}) with its
 * line and field; nothing of the file was accepted.
 */
public final class ScheduleFileException extends RuntimeException {
  /** Problems listed at most; a file with more says how many were left out. */
  public static final int MAX_PROBLEMS = 50;

  private final List<Problem> problems;

  /**
   * One problem.
   *
   * @param line 1-based line in the file, or 0 when the problem concerns the whole file
   * @param field the path of the field, e.g. {@code schedules[2].rrule}, or empty
   * @param message what is wrong
   */
  public record Problem(int line, String field, String message) {
    @Override
    public String toString() {
      String where = line > 0 ? "line " + line : "file";
      return field.isEmpty() ? where + ": " + message : where + ", " + field + ": " + message;
    }
  }

  ScheduleFileException(List<Problem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String describe(List<Problem> problems) {
    return "schedule file refused, "
        + problems.size()
        + (problems.size() == 1 ? " problem:\n" : " problems:\n")
        + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
  }
}
