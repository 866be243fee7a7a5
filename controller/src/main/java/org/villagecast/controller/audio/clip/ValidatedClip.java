package org.villagecast.controller.audio.clip;

import java.time.Duration;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.decode.AudioFileKind;

/**
 * An uploaded file that {@link ClipValidator} accepted.
 *
 * @param kind MP3 or WAV, as sniffed from the bytes
 * @param audio the decoded mono audio at the file's own rate
 * @param sourceChannels channels in the file (stereo is mixed down in {@code audio})
 * @param integratedLufs integrated loudness per BS.1770-4, LUFS
 * @param truePeakDbtp true peak, dBTP
 */
public record ValidatedClip(
    AudioFileKind kind,
    PcmAudio audio,
    int sourceChannels,
    double integratedLufs,
    double truePeakDbtp) {

  public Duration duration() {
    return audio.duration();
  }

  public int sampleRate() {
    return audio.sampleRate();
  }
}
