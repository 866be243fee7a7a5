package org.villagecast.controller.audio.loudness;

import org.villagecast.controller.audio.PcmAudio;

/**
 * A clip after {@link LoudnessNormalizer#normalize}: the audio and what was measured.
 *
 * @param audio the normalised, limited audio (same rate as the input)
 * @param inputLufs integrated loudness of the input, LUFS
 * @param gainDb the gain applied before limiting, dB
 * @param outputLufs integrated loudness of {@code audio}, LUFS
 * @param outputTruePeakDbtp true peak of {@code audio}, dBTP
 */
public record NormalizedAudio(
    PcmAudio audio,
    double inputLufs,
    double gainDb,
    double outputLufs,
    double outputTruePeakDbtp) {}
