package org.villagecast.controller.audio.clip;

import java.io.IOException;
import java.nio.file.Path;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.decode.AudioDecoder;
import org.villagecast.controller.audio.decode.DecodeLimits;
import org.villagecast.controller.audio.decode.DecodedAudio;
import org.villagecast.controller.audio.decode.UnusableAudioException;
import org.villagecast.controller.audio.loudness.LoudnessMeter;
import org.villagecast.controller.audio.loudness.TruePeakMeter;
import org.villagecast.controller.audio.resample.Resampler;

/**
 * Decides whether an uploaded file may enter the clip library: it must decode completely within the
 * {@link DecodeLimits}, be resampleable to the engine rate and hold something audible. An accepted
 * file comes back as a {@link ValidatedClip} with its measurements; a refused one as an {@link
 * UnusableAudioException} whose message tells the uploader what to do.
 *
 * <p>Blocking and CPU-bound: call it from a worker thread. Thread-safe.
 */
public final class ClipValidator {
  private final AudioDecoder decoder;

  public ClipValidator(DecodeLimits limits) {
    this.decoder = new AudioDecoder(limits);
  }

  /** A validator with {@link DecodeLimits#DEFAULT}. */
  public ClipValidator() {
    this(DecodeLimits.DEFAULT);
  }

  /** Validates the file at {@code path}; a file over the size limit is refused unread. */
  public ValidatedClip validate(Path file) throws UnusableAudioException, IOException {
    return validate(decoder.read(file));
  }

  /** Validates a whole file held in memory. */
  public ValidatedClip validate(byte[] file) throws UnusableAudioException {
    DecodedAudio decoded = decoder.decodeFile(file);
    PcmAudio audio = decoded.audio();
    if (!Resampler.supports(audio.sampleRate(), PcmAudio.ENGINE_RATE)) {
      throw new UnusableAudioException(
          UnusableAudioException.Reason.UNSUPPORTED,
          "the file's sample rate of "
              + audio.sampleRate()
              + " Hz is unusual and cannot be converted exactly: convert it to 44.1 or 48 kHz");
    }
    double loudness = LoudnessMeter.integratedLoudness(audio);
    if (Double.isInfinite(loudness)) {
      throw new UnusableAudioException(
          UnusableAudioException.Reason.SILENT,
          "the file decodes to silence (nothing above −70 LUFS), or is shorter than 0.4 s: check"
              + " the recording and upload it again");
    }
    return new ValidatedClip(
        decoded.kind(),
        audio,
        decoded.sourceChannels(),
        loudness,
        TruePeakMeter.truePeakDbtp(audio));
  }
}
