package org.villagecast.controller.audio.clip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.villagecast.controller.Auditor;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.decode.DecodeLimits;
import org.villagecast.controller.audio.decode.UnusableAudioException;
import org.villagecast.controller.audio.loudness.LoudnessNormalizer;
import org.villagecast.controller.audio.loudness.NormalizedAudio;
import org.villagecast.controller.audio.resample.Resampler;
import org.villagecast.controller.store.ClipRepository;

/**
 * The clip library: recordings uploaded once and played by broadcasts. An upload is checked by
 * {@link ClipValidator}, resampled to the engine rate, normalised to the loudness target by {@link
 * LoudnessNormalizer}, and stored as a file in the library's directory ({@link EngineWav}) with a
 * row in the store that describes it ({@link ClipRepository}).
 *
 * <p><b>All or nothing.</b> A refused upload leaves no row, no file and no temporary file. The
 * audio is written to a temporary file, flushed to disk and renamed into place atomically before
 * the row is inserted, so a row never points at a half-written file; if the insert fails the file
 * is removed again. A crash between the rename and the insert leaves a file without a row, which
 * {@link #open} removes at the next start (with any temporary file).
 *
 * <p><b>Duplicates.</b> The same file (same SHA-256 of its bytes) is refused with {@link
 * DuplicateClipException} naming the clip that holds it, rather than answered with that clip: the
 * uploader typed a name for the new clip, and silently getting an older clip under another name
 * would surprise them; the message tells them which clip to use. The check runs before the costly
 * decode, and the store's unique constraint settles two uploads racing.
 *
 * <p>Every change (upload, delete) is written to the audit log: clips are what people hear.
 * Blocking and CPU-bound: call it from worker threads. Thread-safe.
 */
public final class ClipLibrary implements ClipLookup {
  private static final Logger LOG = LoggerFactory.getLogger(ClipLibrary.class);

  /** 128 MB of samples: about 11 minutes of audio at 48 kHz, several typical clips. */
  public static final long DEFAULT_CACHE_BYTES = 128L << 20;

  private static final String AUDIO_SUFFIX = ".wav";
  private static final String TEMP_PREFIX = "upload-";
  private static final String TEMP_SUFFIX = ".part";

  /** A file without a row younger than this may be an upload of another hub sharing the dir. */
  private static final Duration ORPHAN_AGE = Duration.ofHours(1);

  private final Path dir;
  private final ClipRepository repository;
  private final ClipValidator validator;
  private final DecodeLimits limits;
  private final LoudnessNormalizer normalizer;
  private final Auditor auditor;
  private final Clock clock;
  private final EngineAudioCache cache;

  private ClipLibrary(
      Path dir,
      ClipRepository repository,
      DecodeLimits limits,
      LoudnessNormalizer normalizer,
      Auditor auditor,
      Clock clock,
      long cacheBytes) {
    this.dir = dir;
    this.repository = repository;
    this.limits = limits;
    this.validator = new ClipValidator(limits);
    this.normalizer = normalizer;
    this.auditor = auditor;
    this.clock = clock;
    this.cache = new EngineAudioCache(cacheBytes);
  }

  /**
   * Opens the library on its directory (created if missing), removing what an interrupted upload
   * left there: temporary files, and audio files no row refers to that are older than an hour.
   *
   * @param dir where the audio files are, e.g. {@code data.dir/clips}
   * @param limits the largest file and the longest audio an upload may have
   * @param normalizer the loudness target the clips are stored at
   * @param cacheBytes memory for recently used clips' audio (see {@link #engineAudio})
   * @throws ClipStorageException when the directory cannot be made or read
   */
  public static ClipLibrary open(
      Path dir,
      ClipRepository repository,
      DecodeLimits limits,
      LoudnessNormalizer normalizer,
      Auditor auditor,
      Clock clock,
      long cacheBytes) {
    ClipLibrary library =
        new ClipLibrary(dir, repository, limits, normalizer, auditor, clock, cacheBytes);
    library.sweep();
    return library;
  }

  /** The directory of the audio files. */
  public Path directory() {
    return dir;
  }

  /** The largest file and longest audio an upload may have. */
  public DecodeLimits limits() {
    return limits;
  }

  /** The loudness clips are stored at, LUFS. */
  public double targetLufs() {
    return normalizer.targetLufs();
  }

  /**
   * Checks, normalises and stores an upload.
   *
   * @throws UnusableAudioException the file cannot be used (its message tells the uploader why)
   * @throws DuplicateClipException the same file is already a clip
   * @throws ClipStorageException the directory could not be written
   */
  public Clip add(ClipUpload upload) throws UnusableAudioException, DuplicateClipException {
    String sha256 = sha256(upload.bytes());
    Optional<Clip> existing = repository.bySha256(sha256);
    if (existing.isPresent()) {
      throw new DuplicateClipException(existing.get());
    }
    ValidatedClip valid = validator.validate(upload.bytes());
    NormalizedAudio normalized = normalizer.normalize(Resampler.toEngineRate(valid.audio()));
    byte[] wav = EngineWav.bytes(normalized.audio());
    Clip clip =
        new Clip(
            0,
            upload.name(),
            upload.fileName(),
            valid.kind(),
            valid.sampleRate(),
            valid.sourceChannels(),
            normalized.audio().length(),
            valid.integratedLufs(),
            valid.truePeakDbtp(),
            normalized.gainDb(),
            normalized.outputLufs(),
            normalized.outputTruePeakDbtp(),
            sha256,
            UUID.randomUUID() + AUDIO_SUFFIX,
            upload.uploadedBy(),
            clock.instant());
    Clip stored = store(clip, wav);
    try {
      cache.put(stored.id(), EngineWav.read(wav));
    } catch (IOException e) {
      throw new IllegalStateException("the hub cannot read the audio it just wrote", e);
    }
    auditor.record(stored.uploadedBy(), "clip.upload", subject(stored), describe(stored));
    LOG.info("Clips: stored {} ({})", subject(stored), describe(stored));
    return stored;
  }

  /** Every clip, by id. */
  public List<Clip> list() {
    return repository.all();
  }

  /** The clip with this id, if any. */
  public Optional<Clip> get(long id) {
    return repository.byId(id);
  }

  /**
   * Deletes a clip (row, then file) and audits it; empty when there was none. Broadcasts that have
   * the audio already keep playing it; nothing refers to clips by id yet, so nothing is refused.
   */
  public Optional<Clip> delete(long id, String actor) {
    Optional<Clip> clip = repository.byId(id);
    if (clip.isEmpty() || !repository.delete(id)) {
      return Optional.empty();
    }
    cache.remove(id);
    // The row goes first: a file left behind by a failed delete is only an orphan that the next
    // start removes; a row left without its file would be a clip that cannot play.
    Path file = dir.resolve(clip.get().storedFile());
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Clips: could not delete {} ({}); it is removed at the next start", file, e);
    }
    auditor.record(actor, "clip.delete", subject(clip.get()), describe(clip.get()));
    return clip;
  }

  /**
   * {@inheritDoc}
   *
   * @throws ClipStorageException when the clip's file is missing or damaged
   */
  @Override
  public Optional<PcmAudio> engineAudio(long clipId) {
    Optional<PcmAudio> cached = cache.get(clipId);
    if (cached.isPresent()) {
      return cached;
    }
    Optional<Clip> clip = repository.byId(clipId);
    if (clip.isEmpty()) {
      return Optional.empty();
    }
    PcmAudio audio = readAudio(clip.get());
    cache.put(clipId, audio);
    return Optional.of(audio);
  }

  /** Bytes of audio the cache holds now (for tests and metrics). */
  public long cachedBytes() {
    return cache.bytes();
  }

  // ---------------------------------------------------------------- files

  private Clip store(Clip clip, byte[] wav) throws DuplicateClipException {
    Path target = dir.resolve(clip.storedFile());
    Path temp = null;
    try {
      temp = Files.createTempFile(dir, TEMP_PREFIX, TEMP_SUFFIX);
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(wav);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new ClipStorageException(
          "the hub could not write the clip to "
              + dir
              + " ("
              + e.getMessage()
              + "): check that the data directory is writable and the disk has room",
          e);
    }
    Optional<Clip> inserted;
    try {
      inserted = repository.insert(clip);
    } catch (RuntimeException e) {
      deleteQuietly(target);
      throw e;
    }
    if (inserted.isEmpty()) {
      deleteQuietly(target);
      Optional<Clip> winner = repository.bySha256(clip.sha256());
      if (winner.isPresent()) {
        throw new DuplicateClipException(winner.get());
      }
      throw new ClipStorageException(
          "another upload of the same file was stored and deleted at the same moment: upload it"
              + " again");
    }
    return inserted.get();
  }

  private PcmAudio readAudio(Clip clip) {
    Path file = dir.resolve(clip.storedFile());
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ClipStorageException(
          "the audio file of "
              + subject(clip)
              + " ("
              + file
              + ") is missing: restore the clips directory from a backup, or delete the clip"
              + " and upload it again",
          e);
    } catch (IOException e) {
      throw new ClipStorageException(
          "the audio file of " + subject(clip) + " (" + file + ") cannot be read: " + e, e);
    }
    PcmAudio audio;
    try {
      audio = EngineWav.read(bytes);
    } catch (IOException e) {
      throw damaged(clip, file, e.getMessage(), e);
    }
    if (audio.sampleRate() != PcmAudio.ENGINE_RATE || audio.length() != clip.samples()) {
      throw damaged(
          clip,
          file,
          audio.length() + " samples at " + audio.sampleRate() + " Hz, not " + clip.samples(),
          null);
    }
    return audio;
  }

  private static ClipStorageException damaged(Clip clip, Path file, String why, Throwable cause) {
    return new ClipStorageException(
        "the audio file of "
            + subject(clip)
            + " ("
            + file
            + ") is damaged ("
            + why
            + "): delete the clip and upload it again",
        cause);
  }

  /** Removes temporary files, and audio files without a row older than {@link #ORPHAN_AGE}. */
  private void sweep() {
    Set<String> referenced = new HashSet<>();
    try {
      Files.createDirectories(dir);
      for (Clip clip : repository.all()) {
        referenced.add(clip.storedFile());
      }
      Instant orphanBefore = clock.instant().minus(ORPHAN_AGE);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
        for (Path file : files) {
          String name = file.getFileName().toString();
          boolean temporary = name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX);
          boolean orphan =
              name.endsWith(AUDIO_SUFFIX)
                  && !referenced.contains(name)
                  && Files.getLastModifiedTime(file).toInstant().isBefore(orphanBefore);
          if (temporary || orphan) {
            LOG.info(
                "Clips: removing {} left by an interrupted upload or delete",
                file.toAbsolutePath());
            Files.deleteIfExists(file);
          }
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new ClipStorageException(
          "the clips directory " + dir.toAbsolutePath() + " cannot be made or read: " + e, e);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Clips: could not remove {} ({}); it is removed at the next start", file, e);
    }
  }

  // ---------------------------------------------------------------- text

  static String subject(Clip clip) {
    return "clip " + clip.id();
  }

  static String describe(Clip clip) {
    return String.format(
        Locale.ROOT,
        "'%s'%s, %s %d Hz %d ch, %.1f s, %.1f LUFS -> %.1f LUFS (gain %+.1f dB), true peak %.1f"
            + " dBTP, sha256 %s",
        clip.name(),
        clip.fileName() == null ? "" : " from file '" + clip.fileName() + "'",
        clip.kind(),
        clip.sourceRate(),
        clip.sourceChannels(),
        clip.duration().toMillis() / 1000.0,
        clip.inputLufs(),
        clip.outputLufs(),
        clip.gainDb(),
        clip.truePeakDbtp(),
        clip.sha256());
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
