/**
 * Schedule files: the YAML form of a {@link org.villagecast.schedules.ScheduleSet}, documented in
 * docs/schedule-files.md. {@link org.villagecast.schedules.file.ScheduleFile} reads and writes
 * them; a file with any error is refused whole, with each problem's line and field.
 */
package org.villagecast.schedules.file;
