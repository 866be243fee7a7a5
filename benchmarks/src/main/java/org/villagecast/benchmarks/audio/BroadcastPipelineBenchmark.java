package org.villagecast.benchmarks.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.decode.AudioDecoder;
import org.villagecast.controller.audio.decode.UnusableAudioException;
import org.villagecast.controller.audio.loudness.LoudnessNormalizer;
import org.villagecast.controller.audio.mix.DuckingSettings;
import org.villagecast.controller.audio.mix.Programme;
import org.villagecast.controller.audio.mix.ProgrammeItem;
import org.villagecast.controller.audio.mix.ProgrammeMixer;
import org.villagecast.controller.audio.mix.StreamingTruePeakLimiter;
import org.villagecast.controller.audio.opus.AudioFramePacker;
import org.villagecast.controller.audio.opus.OpusPacket;
import org.villagecast.controller.audio.opus.OpusSettings;
import org.villagecast.controller.audio.opus.OpusStreamEncoder;
import org.villagecast.controller.audio.resample.Resampler;

/**
 * One broadcast's whole audio path on one thread, one operation = one whole {@value
 * PipelineFixture#MUSIC_SECONDS}-second programme: a spoken notice over a music bed. Operations per
 * CPU-second × {@value PipelineFixture#MUSIC_SECONDS} is the multiple of real time per core; {@code
 * benchmarks/scripts/audio-pipeline.sh} does that and times ffmpeg doing the equivalent in the same
 * run.
 *
 * <p>{@link #wholePipeline}: decode the MP3 music bed (jlayer, 44.1 kHz stereo to mono) and the
 * espeak-ng WAV notice (22.05 kHz), resample each to 48 kHz, normalise each to −16 LUFS with the
 * true-peak limiter ({@link LoudnessNormalizer}, as {@code ProgrammeRenderer} does), then mix as a
 * broadcast does (the notice {@value #NOTICE_START_SECONDS} s in, with the two-tone chime before
 * it, the music ducked by the default 15 dB under it, the streaming true-peak limiter last), 320 ms
 * at a time as {@code BroadcastStream} does, Opus-encode at {@link OpusSettings#DEFAULT} (24
 * kbit/s, complexity 10) and pack the packets into AUDIO bodies. Signing and publishing are not
 * included (see "Protocol codec").
 *
 * <p>The parts: {@link #prepareItems} is what the hub does once when a broadcast starts (decode,
 * resample, normalise); {@link #mixAndEncode} is what its pacer does in real time for the
 * broadcast's whole length; {@link #mixOnly} is the mixer alone, so that the encoder's share is the
 * difference.
 *
 * <p>The input files are {@link PipelineFixture}'s ({@code music}, {@code notice} parameters); made
 * here in a temporary directory when not given.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BroadcastPipelineBenchmark {
  /** When the notice layer starts (its chime first), seconds into the programme. */
  public static final int NOTICE_START_SECONDS = 3;

  /** Samples per step of the pacer: one AUDIO message of 16 × 20 ms. */
  private static final int STEP =
      OpusStreamEncoder.FRAME_SAMPLES * AudioFramePacker.DEFAULT_FRAMES_PER_MESSAGE;

  private static final long START_MICROS = 1_796_032_800_000_000L;

  /** Path of the music bed MP3; empty: made by {@link PipelineFixture}. */
  @Param({""})
  public String music;

  /** Path of the notice WAV; empty: made by {@link PipelineFixture}. */
  @Param({""})
  public String notice;

  private final AudioDecoder decoder = new AudioDecoder();
  private final LoudnessNormalizer normalizer = new LoudnessNormalizer();
  private byte[] musicFile;
  private byte[] noticeFile;
  private PcmAudio musicReady;
  private PcmAudio noticeReady;

  @Setup
  public void setUp() throws IOException, InterruptedException, UnusableAudioException {
    Path musicPath;
    Path noticePath;
    if (music.isEmpty() || notice.isEmpty()) {
      Path dir = Files.createTempDirectory("pipeline-benchmark");
      PipelineFixture.Inputs made = PipelineFixture.make(dir);
      musicPath = made.music();
      noticePath = made.notice();
      for (Path p : List.of(made.music(), made.notice(), made.chime(), dir)) {
        p.toFile().deleteOnExit();
      }
    } else {
      musicPath = Path.of(music);
      noticePath = Path.of(notice);
    }
    musicFile = Files.readAllBytes(musicPath);
    noticeFile = Files.readAllBytes(noticePath);
    PcmAudio[] ready = prepare(musicFile, noticeFile);
    musicReady = ready[0];
    noticeReady = ready[1];
    long samples = new ProgrammeMixer(programme(musicReady, noticeReady)).lengthSamples();
    double seconds = samples / (double) PcmAudio.ENGINE_RATE;
    // The multiple of real time assumes the programme's length: refuse another.
    if (Math.abs(seconds - PipelineFixture.MUSIC_SECONDS) > 0.2) {
      throw new IllegalStateException(
          "the programme lasts " + seconds + " s, not " + PipelineFixture.MUSIC_SECONDS + " s");
    }
  }

  /** Files to a broadcast's Opus packets: everything a broadcast's audio costs the hub. */
  @Benchmark
  public void wholePipeline(Blackhole sink) throws UnusableAudioException {
    PcmAudio[] ready = prepare(musicFile, noticeFile);
    mixEncode(ready[0], ready[1], sink);
  }

  /** Decode, resample and normalise both items: once per broadcast, before it starts. */
  @Benchmark
  public PcmAudio[] prepareItems() throws UnusableAudioException {
    return prepare(musicFile, noticeFile);
  }

  /** Mix, limit, encode and pack prepared items: the pacer's real-time work. */
  @Benchmark
  public void mixAndEncode(Blackhole sink) {
    mixEncode(musicReady, noticeReady, sink);
  }

  /** The mixer and its limiter alone, 320 ms at a time. */
  @Benchmark
  public void mixOnly(Blackhole sink) {
    ProgrammeMixer mixer = mixer(musicReady, noticeReady);
    float[] buffer = new float[STEP];
    while (!mixer.finished()) {
      mixer.render(buffer, 0, stepSamples(mixer));
      sink.consume(buffer);
    }
  }

  private PcmAudio[] prepare(byte[] musicBytes, byte[] noticeBytes) throws UnusableAudioException {
    PcmAudio bed = decoder.decode(musicBytes);
    PcmAudio speech = decoder.decode(noticeBytes);
    return new PcmAudio[] {
      normalizer.normalize(Resampler.toEngineRate(bed)).audio(),
      normalizer.normalize(Resampler.toEngineRate(speech)).audio()
    };
  }

  private static void mixEncode(PcmAudio bed, PcmAudio speech, Blackhole sink) {
    ProgrammeMixer mixer = mixer(bed, speech);
    OpusStreamEncoder encoder = new OpusStreamEncoder(OpusSettings.DEFAULT, START_MICROS);
    AudioFramePacker packer = new AudioFramePacker(1, AudioFramePacker.DEFAULT_FRAMES_PER_MESSAGE);
    float[] buffer = new float[STEP];
    while (!mixer.finished()) {
      int samples = stepSamples(mixer);
      mixer.render(buffer, 0, samples);
      // As BroadcastStream does: the encoder takes a PcmAudio of its own.
      List<OpusPacket> packets =
          encoder.encode(new PcmAudio(PcmAudio.ENGINE_RATE, Arrays.copyOf(buffer, samples)));
      if (!packets.isEmpty()) {
        sink.consume(packer.pack(packets, false));
      }
    }
    sink.consume(packer.pack(encoder.finish(), true));
  }

  private static ProgrammeMixer mixer(PcmAudio bed, PcmAudio speech) {
    return new ProgrammeMixer(
        programme(bed, speech), DuckingSettings.defaults(), new StreamingTruePeakLimiter());
  }

  /** The music bed, the notice {@value #NOTICE_START_SECONDS} s in after the two-tone chime. */
  private static Programme programme(PcmAudio bed, PcmAudio speech) {
    return Programme.of(
        List.of(ProgrammeItem.of(bed)),
        Duration.ofSeconds(2),
        List.of(ProgrammeItem.withChime(speech)),
        Duration.ofSeconds(NOTICE_START_SECONDS));
  }

  /** Up to one step, rounded up to whole Opus frames, as the pacer renders. */
  private static int stepSamples(ProgrammeMixer mixer) {
    long remaining = mixer.lengthSamples() - mixer.position();
    int frame = OpusStreamEncoder.FRAME_SAMPLES;
    return (int) Math.min(STEP, (remaining + frame - 1) / frame * frame);
  }
}
