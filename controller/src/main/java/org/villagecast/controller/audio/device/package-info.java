/**
 * The hub's own sound card, through javax.sound: {@link
 * org.villagecast.controller.audio.device.SoundCardOutput} plays a broadcast into a local card (a
 * wired installation where the hub feeds an amplifier), {@link
 * org.villagecast.controller.audio.device.LineInCapture} turns a line input or microphone into an
 * {@link org.villagecast.controller.audio.AudioFeed}. Cards are chosen by mixer name from the
 * config ({@link org.villagecast.controller.audio.device.SoundDeviceConfig}); a wrong name or a
 * machine without a card gives a {@link
 * org.villagecast.controller.audio.device.SoundDeviceException} that lists what there is.
 */
package org.villagecast.controller.audio.device;
