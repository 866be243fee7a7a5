/**
 * The timeline: for an area, group or terminal and a time range, what plays when on each terminal
 * and why. Entry point: {@link org.villagecast.schedules.timeline.TimelineService}; the hub
 * supplies a {@link org.villagecast.schedules.timeline.TargetResolver}.
 */
package org.villagecast.schedules.timeline;
