/**
 * The mixer: renders a broadcast's {@link org.villagecast.controller.audio.mix.Programme} (a
 * background layer of music with crossfades, a notice layer of speech and files with chimes) into
 * one mono stream at the engine rate, 48 kHz, block by block. The notice layer ducks the background
 * ({@link org.villagecast.controller.audio.mix.Ducker}); a streaming true-peak limiter ({@link
 * org.villagecast.controller.audio.mix.StreamingTruePeakLimiter}) keeps the sum under the ceiling.
 * Entry point: {@link org.villagecast.controller.audio.mix.ProgrammeMixer}.
 */
package org.villagecast.controller.audio.mix;
