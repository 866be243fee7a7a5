/**
 * Validation of uploaded clips for the clip library: {@link
 * org.villagecast.controller.audio.clip.ClipValidator} accepts a file that decodes completely
 * within limits and holds audible audio, and returns its measurements.
 */
package org.villagecast.controller.audio.clip;
