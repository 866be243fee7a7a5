package org.villagecast.schedules.timeline;

/** One stretch of quiet hours on a lane, in epoch milliseconds, with its description. */
record QuietSpan(long start, long end, String description) {}
