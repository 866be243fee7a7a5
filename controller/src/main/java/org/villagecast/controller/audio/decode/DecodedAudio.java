package org.villagecast.controller.audio.decode;

import org.villagecast.controller.audio.PcmAudio;

/**
 * A decoded file: its mono audio at the file's own rate, and what the file was.
 *
 * @param kind the format the bytes were
 * @param sourceChannels channels in the file before the mix-down to mono
 * @param audio mono samples at the file's sample rate
 */
public record DecodedAudio(AudioFileKind kind, int sourceChannels, PcmAudio audio) {}
