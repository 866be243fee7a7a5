/**
 * When to play: schedules (programme, targets, recurrence, validity, time zone, priority, overrun
 * policy, fallback), calendars, quiet hours and conflict rules. Pure: depends on no other module of
 * the project and reads time only from an injected {@link java.time.Clock}.
 *
 * <p>The timeline ({@link org.villagecast.schedules.timeline}) says what plays when, terminal by
 * terminal, and why; schedule files ({@link org.villagecast.schedules.file}) are the YAML form of a
 * {@link org.villagecast.schedules.ScheduleSet}.
 */
package org.villagecast.schedules;
