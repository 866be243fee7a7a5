/**
 * Previews of what a notice will sound like before it is sent: {@link
 * org.villagecast.controller.audio.preview.SpeechPreview} speaks the text, normalises it to the
 * speech target and renders it through the broadcast mixer.
 */
package org.villagecast.controller.audio.preview;
