package org.villagecast.schedules.file;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.villagecast.schedules.ScheduleSet;

/**
 * Schedule files (docs/schedule-files.md): read one into a {@link ScheduleSet}, or write a set as
 * one. Reading either returns the whole set or throws {@link ScheduleFileException} naming the line
 * and field of every problem; nothing partial is ever returned.
 */
public final class ScheduleFile {
  /** The fields of one schedule, in a file or as JSON (docs/schedule-files.md). */
  public static final Set<String> SCHEDULE_FIELDS =
      Set.of(
          "id",
          "name",
          "programme",
          "targets",
          "priority",
          "start",
          "duration",
          "zone",
          "rrule",
          "rdate",
          "exdate",
          "valid",
          "calendars",
          "overrun",
          "fallback");

  private ScheduleFile() {}

  /**
   * Reads a schedule file from text.
   *
   * @throws ScheduleFileException if anything in it is wrong
   */
  public static ScheduleSet read(String yaml) {
    return read(new StringReader(yaml));
  }

  /**
   * Reads a schedule file.
   *
   * @throws ScheduleFileException if anything in it is wrong
   */
  public static ScheduleSet read(Reader yaml) {
    try {
      return new ScheduleFileReader().read(yaml);
    } catch (ScheduleFileException e) {
      throw e;
    } catch (RuntimeException e) {
      // A reader bug must still reach the operator as a refusal, not as a stack trace.
      throw new ScheduleFileException(
          List.of(new ScheduleFileException.Problem(0, "", "cannot be read: " + e)));
    }
  }

  /**
   * Reads a UTF-8 schedule file from disk.
   *
   * @throws ScheduleFileException if anything in it is wrong
   * @throws UncheckedIOException if it cannot be read
   */
  public static ScheduleSet read(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read schedule file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The set as a schedule file; reading it back gives an equal set. */
  public static String write(ScheduleSet set) {
    return new ScheduleFileWriter().write(set);
  }
}
