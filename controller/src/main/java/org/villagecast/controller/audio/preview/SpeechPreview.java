package org.villagecast.controller.audio.preview;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.loudness.LoudnessNormalizer;
import org.villagecast.controller.audio.mix.Programme;
import org.villagecast.controller.audio.mix.ProgrammeItem;
import org.villagecast.controller.audio.mix.ProgrammeMixer;
import org.villagecast.controller.audio.resample.Resampler;
import org.villagecast.controller.audio.speech.EspeakConfig;
import org.villagecast.controller.audio.speech.SpeechException;
import org.villagecast.controller.audio.speech.SpeechRequest;
import org.villagecast.controller.audio.speech.SpeechSynthesizer;
import org.villagecast.controller.audio.tone.Chime;

/**
 * What a notice will sound like, before it is sent: the text spoken, resampled to the engine rate,
 * normalised to the speech loudness target and rendered through the same {@link ProgrammeMixer} a
 * broadcast uses (optionally after the two-tone chime), so the clerk hears what the horns will
 * play.
 *
 * <p>Before each synthesis it checks that the speech engine is installed, so that a hub started
 * without espeak-ng answers with what to install (and starts working once it is installed, without
 * a restart). Blocking and CPU-bound: call it from a worker thread. Thread-safe.
 */
public final class SpeechPreview {
  /** Longest text previewed: about eight minutes of Mandarin, well past any one notice. */
  public static final int MAX_TEXT = 2_000;

  /** What the hub says when espeak-ng is missing. */
  public static final String ESPEAK_MISSING =
      "espeak-ng is not installed: apt-get install espeak-ng";

  private final SpeechSynthesizer speech;
  private final Supplier<Optional<String>> unavailable;
  private final LoudnessNormalizer normalizer;
  private final PcmAudio chime = Chime.twoTone().render();

  /**
   * @param speech the synthesiser (the hub's caching one, so a preview warms the broadcast's cache)
   * @param unavailable why speech cannot be made now, or empty when it can
   * @param normalizer the speech loudness target a broadcast normalises notices to
   */
  public SpeechPreview(
      SpeechSynthesizer speech,
      Supplier<Optional<String>> unavailable,
      LoudnessNormalizer normalizer) {
    this.speech = speech;
    this.unavailable = unavailable;
    this.normalizer = normalizer;
  }

  /** A preview that checks for the espeak-ng program of {@code config} before speaking. */
  public static SpeechPreview espeak(
      SpeechSynthesizer speech, EspeakConfig config, LoudnessNormalizer normalizer) {
    return new SpeechPreview(speech, () -> espeakMissing(config), normalizer);
  }

  /**
   * Why espeak-ng cannot be run, or empty when its program is found: an absolute or relative path
   * must be an executable file, a bare name an executable file in a directory of {@code PATH}.
   */
  public static Optional<String> espeakMissing(EspeakConfig config) {
    String executable = config.executable();
    boolean found;
    try {
      if (executable.contains(File.separator)) {
        found = Files.isExecutable(Path.of(executable));
      } else {
        String path = System.getenv("PATH");
        found =
            path != null
                && List.of(path.split(File.pathSeparator)).stream()
                    .filter(dir -> !dir.isEmpty())
                    .anyMatch(dir -> Files.isExecutable(Path.of(dir, executable)));
      }
    } catch (InvalidPathException e) {
      found = false;
    }
    if (found) {
      return Optional.empty();
    }
    return Optional.of(
        executable.equals(EspeakConfig.DEFAULT.executable())
            ? ESPEAK_MISSING
            : ESPEAK_MISSING
                + " (or point tts.espeak-ng at it: '"
                + executable
                + "' was not found)");
  }

  /** The target the speech is normalised to, LUFS. */
  public double targetLufs() {
    return normalizer.targetLufs();
  }

  /**
   * Renders the preview at the engine rate.
   *
   * @param chime whether the two-tone chime plays first, as before a notice
   * @throws SpeechException when speech cannot be made (engine missing or failing); its message is
   *     for the operator
   */
  public PcmAudio render(SpeechRequest request, boolean chime) {
    Optional<String> problem = unavailable.get();
    if (problem.isPresent()) {
      throw new SpeechException(problem.get());
    }
    PcmAudio spoken = Resampler.toEngineRate(speech.synthesize(request));
    PcmAudio normalised = normalizer.normalize(spoken).audio();
    ProgrammeItem notice =
        chime ? ProgrammeItem.withChime(normalised) : ProgrammeItem.of(normalised);
    Programme programme =
        new Programme(
            List.of(),
            Duration.ZERO,
            List.of(notice),
            Duration.ZERO,
            this.chime,
            Programme.DEFAULT_CHIME_GAP);
    return new ProgrammeMixer(programme).renderRest();
  }
}
