/** When to play: recurrence, calendars, quiet hours, priorities, timeline. Not built yet. */
package org.villagecast.schedules;
