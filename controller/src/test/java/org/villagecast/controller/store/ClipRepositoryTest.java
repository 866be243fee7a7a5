package org.villagecast.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.villagecast.controller.audio.clip.Clip;
import org.villagecast.controller.audio.decode.AudioFileKind;

/** The clip library's rows, on H2 and PostgreSQL. */
class ClipRepositoryTest extends StoreTestBase {
  private static final Instant T0 = Instant.parse("2025-06-01T08:00:00.000250Z");

  private ClipRepository clips;

  @BeforeEach
  void repository() {
    clips = new ClipRepository(db);
  }

  private static Clip clip(String name, char shaDigit, String fileName) {
    return new Clip(
        0,
        name,
        fileName,
        AudioFileKind.MP3,
        44_100,
        2,
        48_000L * 95 + 17,
        -23.456789,
        -0.5,
        7.456789,
        -16.0001,
        -1.2345,
        String.valueOf(shaDigit).repeat(64),
        "0f1e2d3c-aaaa-bbbb-cccc-000000000001.wav",
        "operator",
        T0);
  }

  /** Verifies that clips read back equal, with ids from the database, by id and by SHA-256. */
  @Test
  void insert_readBack_equal() {
    // GIVEN a clip with a file name and one without, with a Chinese name
    Clip flood = clip("防汛提示", 'a', "flood.mp3");
    Clip chime = clip("chime", 'b', null);

    // WHEN both are inserted
    Clip storedFlood = clips.insert(flood).orElseThrow();
    Clip storedChime = clips.insert(chime).orElseThrow();

    // THEN they have distinct positive ids and read back exactly, through every reader
    assertThat(storedFlood.id()).isPositive();
    assertThat(storedChime.id()).isGreaterThan(storedFlood.id());
    assertThat(storedFlood).isEqualTo(flood.withId(storedFlood.id()));
    assertThat(clips.all()).containsExactly(storedFlood, storedChime);
    assertThat(clips.byId(storedChime.id())).contains(storedChime);
    assertThat(clips.bySha256("a".repeat(64))).contains(storedFlood);
    assertThat(clips.byId(storedChime.id() + 100)).isEmpty();
    assertThat(clips.bySha256("c".repeat(64))).isEmpty();
  }

  /** Verifies that a second clip with the same SHA-256 is refused and writes nothing. */
  @Test
  void insert_sameSha_empty() {
    // GIVEN a stored clip
    Clip first = clips.insert(clip("first", 'a', "a.mp3")).orElseThrow();

    // WHEN another clip with the same SHA-256 is inserted
    // THEN it is refused, and only the first is stored
    assertThat(clips.insert(clip("second", 'a', "b.wav"))).isEmpty();
    assertThat(clips.all()).containsExactly(first);
    // AND the store still takes other clips afterwards (no transaction was left broken)
    assertThat(clips.insert(clip("third", 'c', null))).isPresent();
  }

  /** Verifies that delete removes one clip and says whether there was one. */
  @Test
  void delete_removesOne() {
    // GIVEN two clips
    Clip keep = clips.insert(clip("keep", 'a', null)).orElseThrow();
    Clip drop = clips.insert(clip("drop", 'b', null)).orElseThrow();

    // WHEN one is deleted twice / THEN true, then false, and the other remains
    assertThat(clips.delete(drop.id())).isTrue();
    assertThat(clips.delete(drop.id())).isFalse();
    assertThat(clips.all()).containsExactly(keep);
    // AND its SHA-256 is free again
    assertThat(clips.insert(clip("again", 'b', null))).isPresent();
  }
}
