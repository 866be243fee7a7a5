/**
 * Audio files to {@link org.villagecast.controller.audio.PcmAudio}: MP3 through jlayer and WAV
 * through javax.sound, the format sniffed from the bytes ({@link
 * org.villagecast.controller.audio.decode.AudioFileKind}). Entry point: {@link
 * org.villagecast.controller.audio.decode.AudioDecoder}. Every refusal is an {@link
 * org.villagecast.controller.audio.decode.UnusableAudioException} with a message for the uploader;
 * {@link org.villagecast.controller.audio.decode.DecodeLimits} bound size and duration before any
 * large allocation.
 */
package org.villagecast.controller.audio.decode;
