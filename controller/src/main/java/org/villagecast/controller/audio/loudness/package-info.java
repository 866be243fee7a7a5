/**
 * Loudness per ITU-R BS.1770-4 / EBU R128 and what the hub does with it: {@link
 * org.villagecast.controller.audio.loudness.LoudnessMeter} (K-weighting at any rate, gated
 * integrated loudness), {@link org.villagecast.controller.audio.loudness.TruePeakMeter}, {@link
 * org.villagecast.controller.audio.loudness.TruePeakLimiter} and {@link
 * org.villagecast.controller.audio.loudness.LoudnessNormalizer} (default −16 LUFS, ≤ −1 dBTP).
 * Checked against ffmpeg's {@code ebur128} filter in the tests.
 */
package org.villagecast.controller.audio.loudness;
