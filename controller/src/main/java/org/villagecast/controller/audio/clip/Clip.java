package org.villagecast.controller.audio.clip;

import java.time.Duration;
import java.time.Instant;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.decode.AudioFileKind;

/**
 * A recorded clip of the library: what was uploaded, how it was measured and normalised, and where
 * its audio lies. The stored audio is the normalised clip at the engine rate, so a broadcast plays
 * it without decoding or measuring again.
 *
 * @param id the library's id (0 before it is stored)
 * @param name what operators call it, e.g. "防汛提示 (flood warning)"
 * @param fileName the uploaded file's own name, if the uploader gave it; null otherwise
 * @param kind MP3 or WAV, as sniffed from the bytes
 * @param sourceRate the uploaded file's sample rate, Hz
 * @param sourceChannels the uploaded file's channels (stereo is mixed down)
 * @param samples length of the stored audio in samples at {@link PcmAudio#ENGINE_RATE}
 * @param inputLufs integrated loudness of the upload, LUFS
 * @param inputTruePeakDbtp true peak of the upload, dBTP
 * @param gainDb gain the normaliser applied, dB
 * @param outputLufs integrated loudness of the stored audio, LUFS
 * @param truePeakDbtp true peak of the stored audio, dBTP
 * @param sha256 hex SHA-256 of the uploaded file's bytes: the same file is stored once
 * @param storedFile the audio file's name in the library's directory
 * @param uploadedBy the user who uploaded it
 * @param createdAt when it was stored
 */
public record Clip(
    long id,
    String name,
    String fileName,
    AudioFileKind kind,
    int sourceRate,
    int sourceChannels,
    long samples,
    double inputLufs,
    double inputTruePeakDbtp,
    double gainDb,
    double outputLufs,
    double truePeakDbtp,
    String sha256,
    String storedFile,
    String uploadedBy,
    Instant createdAt) {

  public Clip {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a clip needs a name");
    }
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits");
    }
    if (storedFile == null || !storedFile.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new IllegalArgumentException("stored file name '" + storedFile + "' is not plain");
    }
  }

  /** The length of the stored audio. */
  public Duration duration() {
    return Duration.ofNanos(samples * 1_000_000_000L / PcmAudio.ENGINE_RATE);
  }

  /** This clip with the id the store gave it. */
  public Clip withId(long newId) {
    return new Clip(
        newId,
        name,
        fileName,
        kind,
        sourceRate,
        sourceChannels,
        samples,
        inputLufs,
        inputTruePeakDbtp,
        gainDb,
        outputLufs,
        truePeakDbtp,
        sha256,
        storedFile,
        uploadedBy,
        createdAt);
  }
}
