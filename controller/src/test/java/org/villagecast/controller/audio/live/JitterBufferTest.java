package org.villagecast.controller.audio.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The jitter buffer's rules: prebuffer, silence counted as underrun, overflow, burst trimming. */
class JitterBufferTest {
  /** Samples numbered from {@code first}: each sample says where it came from. */
  private static float[] numbered(int first, int count) {
    float[] samples = new float[count];
    for (int i = 0; i < count; i++) {
      samples[i] = first + i;
    }
    return samples;
  }

  /** Verifies that reads give counted silence until the prebuffer has gathered, then sound. */
  @Test
  void read_beforePrebuffer_silenceCounted() {
    JitterBuffer buffer = new JitterBuffer(1_000, 100);
    buffer.write(numbered(1, 99), 0, 99);
    float[] out = numbered(500, 10);
    buffer.read(out, 0, 10);
    assertThat(out).containsOnly(0f);
    assertThat(buffer.underrunSamples()).isEqualTo(10);
    assertThat(buffer.playing()).isFalse();
    buffer.write(numbered(100, 1), 0, 1);
    buffer.read(out, 0, 10);
    assertThat(out).containsExactly(numbered(1, 10));
    assertThat(buffer.underrunSamples()).isEqualTo(10);
    assertThat(buffer.playing()).isTrue();
  }

  /**
   * Verifies that running dry fills the rest of the block with counted silence and waits for a full
   * prebuffer again (no stutter of tiny pieces).
   */
  @Test
  void read_runsDry_rebuffers() {
    JitterBuffer buffer = new JitterBuffer(1_000, 100);
    buffer.write(numbered(1, 100), 0, 100);
    float[] out = new float[150];
    buffer.read(out, 0, 150);
    assertThat(java.util.Arrays.copyOf(out, 100)).containsExactly(numbered(1, 100));
    assertThat(java.util.Arrays.copyOfRange(out, 100, 150)).containsOnly(0f);
    assertThat(buffer.underrunSamples()).isEqualTo(50);
    assertThat(buffer.rebuffers()).isEqualTo(1);
    buffer.write(numbered(101, 50), 0, 50);
    buffer.read(out, 0, 10);
    assertThat(java.util.Arrays.copyOf(out, 10)).containsOnly(0f);
    assertThat(buffer.underrunSamples()).isEqualTo(60);
  }

  /** Verifies that writes beyond the capacity drop the oldest samples and count them. */
  @Test
  void write_overflow_dropsOldest() {
    JitterBuffer buffer = new JitterBuffer(300, 100);
    buffer.write(numbered(1, 250), 0, 250);
    float[] out = new float[300];
    buffer.read(out, 0, 100); // starts playing: 250 > 2 × 100, so 150 are skipped to 100
    assertThat(buffer.skippedSamples()).isEqualTo(150);
    assertThat(java.util.Arrays.copyOf(out, 100)).containsExactly(numbered(151, 100));
    buffer.write(numbered(251, 250), 0, 250);
    buffer.write(numbered(501, 120), 0, 120);
    assertThat(buffer.droppedSamples()).isEqualTo(70);
    assertThat(buffer.buffered()).isEqualTo(300);
    buffer.read(out, 0, 300);
    assertThat(out).containsExactly(numbered(321, 300));
  }

  /** Verifies that a write larger than the whole ring keeps its newest part. */
  @Test
  void write_largerThanCapacity_keepsNewest() {
    JitterBuffer buffer = new JitterBuffer(200, 100);
    buffer.write(numbered(1, 500), 0, 500);
    assertThat(buffer.droppedSamples()).isEqualTo(300);
    float[] out = new float[100];
    buffer.read(out, 0, 100);
    // 200 waiting is not more than 2 × 100: no skip
    assertThat(out).containsExactly(numbered(301, 100));
  }

  /**
   * Verifies the ring's wrap-around over many uneven writes and reads: nothing lost or reordered.
   */
  @Test
  void writeRead_wrapAround_inOrder() {
    JitterBuffer buffer = new JitterBuffer(257, 64);
    int written = 0;
    int read = 0;
    java.util.Random random = new java.util.Random(5);
    for (int round = 0; round < 2_000; round++) {
      int count = random.nextInt(60);
      if (buffer.buffered() + count <= 257) {
        buffer.write(numbered(written, count), 0, count);
        written += count;
      }
      if (buffer.playing() || buffer.buffered() >= 64) {
        int take = Math.min(buffer.buffered(), random.nextInt(60));
        float[] out = new float[take];
        buffer.read(out, 0, take);
        assertThat(out).containsExactly(numbered(read, take));
        read += take;
      }
    }
    assertThat(read).isGreaterThan(10_000);
    assertThat(buffer.droppedSamples()).isZero();
  }
}
