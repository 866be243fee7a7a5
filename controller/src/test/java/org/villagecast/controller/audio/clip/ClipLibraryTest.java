package org.villagecast.controller.audio.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.villagecast.controller.Auditor;
import org.villagecast.controller.WriteQueue;
import org.villagecast.controller.audio.Ffmpeg;
import org.villagecast.controller.audio.PcmAudio;
import org.villagecast.controller.audio.decode.AudioFileKind;
import org.villagecast.controller.audio.decode.DecodeLimits;
import org.villagecast.controller.audio.decode.UnusableAudioException;
import org.villagecast.controller.audio.loudness.LoudnessNormalizer;
import org.villagecast.controller.store.AuditEntry;
import org.villagecast.controller.store.AuditRepository;
import org.villagecast.controller.store.ClipRepository;
import org.villagecast.controller.store.Database;
import org.villagecast.controller.store.StoreException;

/**
 * The clip library on a real H2 store and a real directory, with files that ffmpeg makes and
 * ffmpeg's {@code ebur128} as the judge of the stored loudness.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClipLibraryTest {
  private static final Instant NOW = Instant.parse("2025-06-01T08:00:00Z");

  @TempDir Path dir;

  private Path clipsDir;
  private Database db;
  private ClipRepository repository;
  private AuditRepository audit;
  private WriteQueue writes;
  private ClipLibrary library;

  @BeforeEach
  void open() {
    clipsDir = dir.resolve("clips");
    db = Database.open(Database.h2FileUrl(dir.resolve("db").resolve("hub")), "hub", "secret");
    repository = new ClipRepository(db);
    audit = new AuditRepository(db);
    writes = new WriteQueue();
    library = library(ClipLibrary.DEFAULT_CACHE_BYTES);
  }

  private ClipLibrary library(long cacheBytes) {
    return ClipLibrary.open(
        clipsDir,
        repository,
        DecodeLimits.DEFAULT,
        new LoudnessNormalizer(),
        new Auditor(audit, writes, Clock.fixed(NOW, java.time.ZoneOffset.UTC)),
        Clock.fixed(NOW, java.time.ZoneOffset.UTC),
        cacheBytes);
  }

  @AfterEach
  void close() {
    writes.close();
    db.close();
  }

  /** The audit entries written so far, oldest first (waits for the queued writes). */
  private List<AuditEntry> auditEntries() {
    writes.close();
    List<AuditEntry> entries = new java.util.ArrayList<>(audit.recent(100));
    entries.sort(java.util.Comparator.comparingLong(AuditEntry::sequence));
    return entries;
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> files = Files.list(clipsDir)) {
      return files.sorted().toList();
    }
  }

  /**
   * Verifies that a quiet stereo MP3 is stored at the target: ffmpeg measures the stored file
   * within ±1 LU of −16 LUFS with its true peak at most −1 dBTP (plus rounding), the row describes
   * the upload, and the engine audio is the stored file's samples.
   */
  @Test
  void add_quietMp3_storedAtTarget() throws Exception {
    // GIVEN a quiet MP3
    byte[] mp3 = TestClips.quietMp3(dir, 31);
    Ffmpeg.Ebur128 source = Ffmpeg.ebur128OfMonoMix(write("source.mp3", mp3));
    assertThat(source.integratedLufs()).isLessThan(-25);

    // WHEN it is added
    Clip clip = library.add(new ClipUpload(mp3, "防汛提示", "flood.mp3", "operator"));

    // THEN one file is stored, and ffmpeg measures it at the target
    assertThat(files()).containsExactly(clipsDir.resolve(clip.storedFile()));
    Ffmpeg.Ebur128 stored = Ffmpeg.ebur128(clipsDir.resolve(clip.storedFile()));
    assertThat(stored.integratedLufs()).as(clip.toString()).isCloseTo(-16, offset(1.0));
    assertThat(stored.truePeakDbtp()).isLessThanOrEqualTo(-0.8);
    // AND the row describes the upload as measured
    assertThat(clip.id()).isPositive();
    assertThat(clip.kind()).isEqualTo(AudioFileKind.MP3);
    assertThat(clip.sourceRate()).isEqualTo(44_100);
    assertThat(clip.sourceChannels()).isEqualTo(2);
    assertThat(clip.duration()).isEqualTo(Duration.ofSeconds(4));
    assertThat(clip.inputLufs()).isCloseTo(source.integratedLufs(), offset(0.5));
    assertThat(clip.outputLufs()).isCloseTo(-16, offset(0.1));
    // Limiting only lowers loudness, so the gain is at least the difference, a little more.
    assertThat(clip.gainDb()).isBetween(-16 - clip.inputLufs(), -16 - clip.inputLufs() + 3);
    assertThat(clip.sha256()).isEqualTo(ClipLibrary.sha256(mp3)).hasSize(64);
    assertThat(clip.fileName()).isEqualTo("flood.mp3");
    assertThat(clip.uploadedBy()).isEqualTo("operator");
    assertThat(clip.createdAt()).isEqualTo(NOW);
    assertThat(library.list()).containsExactly(clip);
    assertThat(library.get(clip.id())).contains(clip);
    // AND the engine audio is the stored file, sample for sample, at 48 kHz
    PcmAudio engine = library.engineAudio(clip.id()).orElseThrow();
    PcmAudio file = EngineWav.read(Files.readAllBytes(clipsDir.resolve(clip.storedFile())));
    assertThat(engine.sampleRate()).isEqualTo(PcmAudio.ENGINE_RATE);
    assertThat(engine.length()).isEqualTo(clip.samples()).isEqualTo(192_000);
    assertThat(engine.samples()).isEqualTo(file.samples());
    // AND the upload is audited with who, which clip and its measurements
    List<AuditEntry> entries = auditEntries();
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).actor()).isEqualTo("operator");
    assertThat(entries.get(0).action()).isEqualTo("clip.upload");
    assertThat(entries.get(0).subject()).isEqualTo("clip " + clip.id());
    assertThat(entries.get(0).detail())
        .contains(
            "防汛提示",
            "flood.mp3",
            String.format(java.util.Locale.ROOT, "-> %.1f LUFS", clip.outputLufs()),
            clip.sha256());
  }

  /** Verifies that a loud mono WAV at 22,050 Hz is attenuated to the target. */
  @Test
  void add_loudWav_storedAtTarget() throws Exception {
    // GIVEN a loud WAV
    byte[] wav = TestClips.loudWav(dir, 7);

    // WHEN it is added
    Clip clip = library.add(new ClipUpload(wav, "loud", null, "admin"));

    // THEN ffmpeg measures the stored file at the target, and the row says what came in
    Ffmpeg.Ebur128 stored = Ffmpeg.ebur128(clipsDir.resolve(clip.storedFile()));
    assertThat(stored.integratedLufs()).isCloseTo(-16, offset(1.0));
    assertThat(stored.truePeakDbtp()).isLessThanOrEqualTo(-0.8);
    assertThat(clip.kind()).isEqualTo(AudioFileKind.WAV);
    assertThat(clip.sourceRate()).isEqualTo(22_050);
    assertThat(clip.sourceChannels()).isEqualTo(1);
    assertThat(clip.fileName()).isNull();
    assertThat(clip.duration()).isEqualTo(Duration.ofSeconds(3));
  }

  /**
   * Verifies that unusable files are refused with the reason and leave nothing: no file (not even a
   * temporary one), no row, no audit entry.
   */
  @Test
  void add_unusable_refusedNothingLeft() throws Exception {
    // GIVEN a truncated MP3, seeded random bytes, an empty file and a silent WAV
    byte[] mp3 = TestClips.quietMp3(dir, 5);
    byte[] truncated = Arrays.copyOf(mp3, mp3.length * 6 / 10 + 7);
    byte[] random = new byte[20_000];
    new Random(42).nextBytes(random);
    random[0] = 0x13; // not by chance an MPEG sync byte or a known header
    byte[] silent = TestClips.silentWav(dir);
    List<Object[]> cases =
        List.of(
            new Object[] {truncated, UnusableAudioException.Reason.TRUNCATED, "cut short"},
            new Object[] {random, UnusableAudioException.Reason.UNSUPPORTED, "not audio"},
            new Object[] {new byte[0], UnusableAudioException.Reason.EMPTY, "empty"},
            new Object[] {silent, UnusableAudioException.Reason.SILENT, "silence"});

    for (Object[] c : cases) {
      // WHEN it is added / THEN it is refused with the reason and a message that says so
      assertThatThrownBy(() -> library.add(new ClipUpload((byte[]) c[0], "bad", null, "operator")))
          .isInstanceOfSatisfying(
              UnusableAudioException.class, e -> assertThat(e.reason()).isEqualTo(c[1]))
          .hasMessageContaining((String) c[2]);
    }

    // AND nothing was stored anywhere
    assertThat(files()).isEmpty();
    assertThat(repository.all()).isEmpty();
    assertThat(auditEntries()).isEmpty();
  }

  /** Verifies that the same file twice is refused naming the clip that holds it. */
  @Test
  void add_sameFileTwice_conflictNamesClip() throws Exception {
    // GIVEN a stored clip
    byte[] wav = TestClips.loudWav(dir, 3);
    Clip first = library.add(new ClipUpload(wav, "first", "a.wav", "operator"));

    // WHEN the same bytes are added under another name / THEN refused naming the first clip
    assertThatThrownBy(() -> library.add(new ClipUpload(wav, "second", "b.wav", "admin")))
        .isInstanceOfSatisfying(
            DuplicateClipException.class, e -> assertThat(e.existing()).isEqualTo(first))
        .hasMessageContaining("clip " + first.id() + " 'first'");

    // AND only the first is stored
    assertThat(files()).containsExactly(clipsDir.resolve(first.storedFile()));
    assertThat(library.list()).containsExactly(first);
  }

  /** Verifies that when the row cannot be written the file written before it is removed. */
  @Test
  void add_rowFails_fileRemoved() throws Exception {
    // GIVEN an uploader name longer than the store's column (200): the insert fails
    byte[] wav = TestClips.loudWav(dir, 11);
    String longName = "x".repeat(300);

    // WHEN it is added / THEN the store's failure comes through, and no file or row is left
    assertThatThrownBy(() -> library.add(new ClipUpload(wav, "clip", null, longName)))
        .isInstanceOf(StoreException.class);
    assertThat(files()).isEmpty();
    assertThat(repository.all()).isEmpty();
  }

  /** Verifies that delete removes row, file and cached audio, and is audited. */
  @Test
  void delete_removesEverything_audited() throws Exception {
    // GIVEN a stored clip whose audio was used
    Clip clip = library.add(new ClipUpload(TestClips.loudWav(dir, 13), "gone", null, "operator"));
    assertThat(library.engineAudio(clip.id())).isPresent();

    // WHEN it is deleted twice
    assertThat(library.delete(clip.id(), "admin")).contains(clip);
    assertThat(library.delete(clip.id(), "admin")).isEmpty();

    // THEN nothing of it is left, and the deletion is audited once
    assertThat(files()).isEmpty();
    assertThat(library.list()).isEmpty();
    assertThat(library.engineAudio(clip.id())).isEmpty();
    assertThat(library.cachedBytes()).isZero();
    List<AuditEntry> entries = auditEntries();
    assertThat(entries)
        .extracting(AuditEntry::action)
        .containsExactly("clip.upload", "clip.delete");
    assertThat(entries.get(1).actor()).isEqualTo("admin");
    assertThat(entries.get(1).subject()).isEqualTo("clip " + clip.id());
  }

  /**
   * Verifies that engine audio is served from memory once read (the file may then go), that a cache
   * of zero bytes keeps nothing, and that a missing file is a clear error.
   */
  @Test
  void engineAudio_cachedWithinBound_missingFileClear() throws Exception {
    // GIVEN a clip stored through a library with a cache, and its file removed behind its back
    Clip clip = library.add(new ClipUpload(TestClips.loudWav(dir, 17), "cached", null, "operator"));
    PcmAudio first = library.engineAudio(clip.id()).orElseThrow();
    assertThat(library.cachedBytes()).isEqualTo(4L * clip.samples());
    Files.delete(clipsDir.resolve(clip.storedFile()));

    // WHEN its audio is asked for again / THEN it comes from memory, equal, as a copy
    PcmAudio again = library.engineAudio(clip.id()).orElseThrow();
    assertThat(again.samples()).isEqualTo(first.samples()).isNotSameAs(first.samples());

    // AND a library without cache reads the file, and says clearly that it is missing
    ClipLibrary uncached = library(0);
    assertThatThrownBy(() -> uncached.engineAudio(clip.id()))
        .isInstanceOf(ClipStorageException.class)
        .hasMessageContaining("clip " + clip.id())
        .hasMessageContaining("is missing");
    assertThat(uncached.cachedBytes()).isZero();
    assertThat(uncached.engineAudio(clip.id() + 1)).isEmpty();
  }

  /**
   * Verifies that opening the library removes temporary files and old files without a row, and
   * keeps stored clips and recent files (another hub may be storing one).
   */
  @Test
  void open_removesLeftovers() throws Exception {
    // GIVEN a stored clip, a temporary file, an old orphan and a recent orphan
    Clip clip = library.add(new ClipUpload(TestClips.loudWav(dir, 19), "kept", null, "operator"));
    Path temp = Files.writeString(clipsDir.resolve("upload-123.part"), "half");
    Path oldOrphan = Files.writeString(clipsDir.resolve("old.wav"), "x");
    Files.setLastModifiedTime(oldOrphan, FileTime.from(NOW.minus(Duration.ofHours(2))));
    Path recentOrphan = Files.writeString(clipsDir.resolve("recent.wav"), "x");
    Files.setLastModifiedTime(recentOrphan, FileTime.from(NOW.minus(Duration.ofMinutes(5))));

    // WHEN the library is opened again
    library(0);

    // THEN only the clip's file and the recent orphan remain
    assertThat(files())
        .containsExactlyInAnyOrder(clipsDir.resolve(clip.storedFile()), recentOrphan)
        .doesNotContain(temp, oldOrphan);
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }
}
