package org.villagecast.controller.broadcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.villagecast.controller.ClientError;
import org.villagecast.controller.audio.AudioFeed;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.clip.ClipLookup;
import org.villagecast.controller.audio.loudness.LoudnessNormalizer;
import org.villagecast.controller.audio.loudness.TruePeakLimiter;
import org.villagecast.controller.audio.mix.Programme;
import org.villagecast.controller.audio.mix.ProgrammeMixer;
import org.villagecast.controller.audio.mix.StreamingTruePeakLimiter;
import org.villagecast.controller.audio.resample.Resampler;
import org.villagecast.controller.audio.speech.CachingSpeechSynthesizer;
import org.villagecast.controller.audio.speech.SpeechException;
import org.villagecast.controller.audio.speech.SpeechRequest;
import org.villagecast.controller.audio.speech.SpeechSynthesizer;

/**
 * Turns a {@link ProgrammeSpec} into sound: speaks the texts, fetches the clips, brings each item
 * to the loudness target, mixes them and encodes the mix to Opus; a programme over a live relay is
 * mixed and encoded as it plays. Blocking and CPU-heavy (speech runs a process, clips are read from
 * disk, the whole programme is encoded): call it off the event loop.
 */
public final class ProgrammeRenderer {
  /**
   * Notices and bulletins ready to mix are kept (64 MB: about 5.8 minutes at 48 kHz), since the
   * same text is often in many broadcasts at once (a county bulletin under every village's notice)
   * and bringing speech to the target costs more than speaking it.
   */
  static final long READY_SPEECH_BYTES = 64L << 20;

  private final SpeechSynthesizer speech;
  private final SpeechSynthesizer readySpeech;
  private final ClipLookup clips;
  private final LiveSources live;
  private final BroadcastConfig config;
  private final LoudnessNormalizer normalizer;

  public ProgrammeRenderer(
      SpeechSynthesizer speech, ClipLookup clips, LiveSources live, BroadcastConfig config) {
    this.speech = speech;
    this.clips = clips;
    this.live = live;
    this.config = config;
    this.normalizer =
        new LoudnessNormalizer(
            config.targetLufs(), LoudnessNormalizer.DEFAULT_MAX_GAIN_DB, new TruePeakLimiter());
    this.readySpeech = new CachingSpeechSynthesizer(this::speakAtTarget, READY_SPEECH_BYTES);
  }

  /**
   * The programme's mixer. Fails with {@link ClientError}: BAD_REQUEST for a clip that does not
   * exist or a text the speech engine refuses, UNAVAILABLE when the speech engine is missing.
   * {@code liveState} hears the state of the live source, if the programme has one.
   */
  public ProgrammeAudio render(ProgrammeSpec spec, Consumer<String> liveState) {
    List<org.villagecast.controller.audio.mix.ProgrammeItem> background = new ArrayList<>();
    for (ProgrammeItem item : spec.background()) {
      background.add(mixItem(item, false));
    }
    List<org.villagecast.controller.audio.mix.ProgrammeItem> notices = new ArrayList<>();
    for (ProgrammeItem item : spec.notices()) {
      notices.add(mixItem(item, spec.chime()));
    }
    Programme programme = Programme.of(background, Duration.ofSeconds(2), notices, Duration.ZERO);
    AudioFeed feed;
    try {
      feed = spec.live() == null ? null : live.open(spec.live(), liveState);
    } catch (IllegalArgumentException e) {
      throw ClientError.badRequest("'programme.live': " + e.getMessage());
    }
    try {
      ProgrammeMixer mixer =
          new ProgrammeMixer(
              programme,
              feed,
              config.ducking(),
              new StreamingTruePeakLimiter(config.mixCeilingDbtp(), 0.005, 0.150));
      return feed == null
          ? EncodedProgramme.encode(mixer, config.opus())
          : new RelayEncoding(mixer, feed, config.opus());
    } catch (RuntimeException e) {
      if (feed != null) {
        feed.close();
      }
      throw e;
    }
  }

  /**
   * One item for the mixer: silence as a length (no samples held), sound with a chime before it
   * when {@code chime} is set.
   */
  private org.villagecast.controller.audio.mix.ProgrammeItem mixItem(
      ProgrammeItem item, boolean chime) {
    if (item instanceof ProgrammeItem.Silence silence) {
      return org.villagecast.controller.audio.mix.ProgrammeItem.silence(silence.length());
    }
    PcmAudio audio = audioOf(item);
    return chime
        ? org.villagecast.controller.audio.mix.ProgrammeItem.withChime(audio)
        : org.villagecast.controller.audio.mix.ProgrammeItem.of(audio);
  }

  /** A clip's or a notice's sound at the engine rate and the loudness target. */
  private PcmAudio audioOf(ProgrammeItem item) {
    if (item instanceof ProgrammeItem.Clip clip) {
      return clips
          .engineAudio(clip.clipId())
          .orElseThrow(() -> ClientError.badRequest("clip " + clip.clipId() + " does not exist"));
    }
    try {
      return readySpeech.synthesize(((ProgrammeItem.Speech) item).request());
    } catch (SpeechException e) {
      throw ClientError.unavailable("the notice could not be spoken: " + e.getMessage());
    }
  }

  /** Speech at the engine rate and the loudness target. */
  private PcmAudio speakAtTarget(SpeechRequest request) {
    return normalizer.normalize(Resampler.toEngineRate(speech.synthesize(request))).audio();
  }
}
