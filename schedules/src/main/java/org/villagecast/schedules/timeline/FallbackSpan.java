package org.villagecast.schedules.timeline;

import org.villagecast.schedules.Schedule;

/** Where a schedule's fallback programme may fill empty time, in epoch milliseconds. */
record FallbackSpan(long start, long end, Schedule schedule, int order) {}
