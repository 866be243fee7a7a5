package org.villagecast.controller.audio.mix;

import java.time.Duration;
import java.util.Arrays;
import org.villagecast.controller.audio.AudioFeed;
import org.villagecast.controller.audio.PcmAudio;

/**
 * Renders one broadcast's {@link Programme} into a mono stream at the engine rate (48 kHz), a block
 * at a time: background × ducking gain + notices, through a {@link StreamingTruePeakLimiter}.
 *
 * <p>The notice timeline is known in advance, so the {@link Ducker} is keyed one attack time early:
 * the music is fully down when the chime or the notice starts, not 100 ms into it. The limiter's
 * delay is absorbed at the start (the mix runs ahead by {@link StreamingTruePeakLimiter#latency()}
 * samples), so sample n of the output is sample n of the programme. Whatever the block sizes, the
 * output is the same, sample for sample. After {@link #lengthSamples()} the output is silence.
 *
 * <p>With a live feed (a relay) the feed is the background instead of the background items: it is
 * read at the mixer's pace, ducked under notices like music, and the programme has no end.
 *
 * <p>Not thread-safe: one mixer per broadcast, driven by one thread.
 */
public final class ProgrammeMixer {
  /** 20 ms at 48 kHz: one Opus frame. */
  public static final int BLOCK_SAMPLES = 960;

  private static final int CHUNK = 1024;

  private final BackgroundLayer background;
  private final AudioFeed live; // or null
  private final NoticeLayer notices;
  private final Ducker ducker;
  private final int keyLead;
  private final StreamingTruePeakLimiter limiter;
  private final long length;
  private final float[] music = new float[CHUNK];
  private final float[] speech = new float[CHUNK];
  private final float[] mix = new float[CHUNK];
  private long mixPosition;
  private long position;

  /**
   * @param programme what to play
   * @param ducking how the background is lowered under notices
   * @param limiter the final stage (fresh, used by this mixer only)
   */
  public ProgrammeMixer(
      Programme programme, DuckingSettings ducking, StreamingTruePeakLimiter limiter) {
    this(programme, null, ducking, limiter);
  }

  /**
   * @param programme what to play; with a live feed, its background items must be empty
   * @param live the background as it arrives, or null; the mixer reads it, the caller closes it
   * @param ducking how the background is lowered under notices
   * @param limiter the final stage (fresh, used by this mixer only)
   */
  public ProgrammeMixer(
      Programme programme,
      AudioFeed live,
      DuckingSettings ducking,
      StreamingTruePeakLimiter limiter) {
    if (live != null && !programme.background().isEmpty()) {
      throw new IllegalArgumentException("a live feed replaces the background items");
    }
    this.live = live;
    this.background = new BackgroundLayer(programme.background(), samples(programme.crossfade()));
    this.notices =
        new NoticeLayer(
            programme.notices(),
            samples(programme.noticeStart()),
            programme.chime(),
            samples(programme.chimeGap()));
    this.ducker = new Ducker(ducking);
    this.keyLead = samples(ducking.attack());
    this.limiter = limiter;
    this.length = live != null ? Long.MAX_VALUE : Math.max(background.end(), notices.end());
    float[] discarded = new float[limiter.latency()];
    mixInto(discarded, 0, discarded.length);
  }

  /** Default ducking and the default limiter (−1 dBTP). */
  public ProgrammeMixer(Programme programme) {
    this(programme, DuckingSettings.defaults(), new StreamingTruePeakLimiter());
  }

  /** Samples at the engine rate in {@code duration}, rounded down. */
  static int samples(Duration duration) {
    return Math.toIntExact(duration.toNanos() * PcmAudio.ENGINE_RATE / 1_000_000_000L);
  }

  /**
   * The programme's length, samples: the later of the last background and last notice sample;
   * {@link Long#MAX_VALUE} with a live feed.
   */
  public long lengthSamples() {
    return length;
  }

  /** Samples rendered so far (the programme position of the next sample). */
  public long position() {
    return position;
  }

  /** Whether the whole programme has been rendered. */
  public boolean finished() {
    return position >= length;
  }

  /** The next {@link #BLOCK_SAMPLES} samples (silence past the end). */
  public float[] nextBlock() {
    float[] block = new float[BLOCK_SAMPLES];
    render(block, 0, BLOCK_SAMPLES);
    return block;
  }

  /**
   * Writes the next {@code count} samples of the programme into {@code out} from {@code offset}.
   */
  public void render(float[] out, int offset, int count) {
    mixInto(out, offset, count);
    position += count;
  }

  /** Renders from the current position to the end of the programme. */
  public PcmAudio renderRest() {
    if (live != null) {
      throw new IllegalStateException("a live programme has no end to render to");
    }
    float[] out = new float[Math.toIntExact(Math.max(0, length - position))];
    render(out, 0, out.length);
    return new PcmAudio(PcmAudio.ENGINE_RATE, out);
  }

  /** Mixes the next samples (running ahead by the limiter's latency) and limits them into out. */
  private void mixInto(float[] out, int offset, int count) {
    int done = 0;
    while (done < count) {
      int chunk = Math.min(CHUNK, count - done);
      if (mixPosition >= length) {
        Arrays.fill(mix, 0, chunk, 0f);
      } else {
        if (live != null) {
          live.read(music, 0, chunk);
        } else {
          background.render(mixPosition, music, chunk);
        }
        notices.render(mixPosition, speech, chunk);
        for (int i = 0; i < chunk; i++) {
          float gain = ducker.next(notices.soundingAt(mixPosition + i + keyLead));
          mix[i] = music[i] * gain + speech[i];
        }
      }
      limiter.process(mix, 0, chunk, out, offset + done);
      mixPosition += chunk;
      done += chunk;
    }
  }
}
