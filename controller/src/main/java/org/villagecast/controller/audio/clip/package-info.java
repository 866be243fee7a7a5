/**
 * The clip library: recordings uploaded once and played by broadcasts. {@link
 * org.villagecast.controller.audio.clip.ClipValidator} accepts a file that decodes completely
 * within limits and holds audible audio; {@link org.villagecast.controller.audio.clip.ClipLibrary}
 * normalises it to the loudness target, stores it as a 48 kHz mono WAV file ({@link
 * org.villagecast.controller.audio.clip.EngineWav}) with a row in the store, audits every change,
 * and gives broadcasts the audio through {@link org.villagecast.controller.audio.clip.ClipLookup}.
 */
package org.villagecast.controller.audio.clip;
