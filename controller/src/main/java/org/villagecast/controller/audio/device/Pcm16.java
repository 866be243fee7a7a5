package org.villagecast.controller.audio.device;

/**
 * 16-bit signed little-endian PCM, what every sound card takes: float samples are scaled by 32,768
 * (the inverse of the decoders' division, so a 16-bit sample survives the round trip unchanged) and
 * clipped to the 16-bit range.
 */
final class Pcm16 {
  private Pcm16() {}

  /**
   * Writes {@code count} mono samples as {@code channels} equal channels from {@code
   * out[outOffset]} ({@code count × channels × 2} bytes); returns how many samples were beyond ±1
   * and clipped.
   */
  static int encode(float[] in, int offset, int count, int channels, byte[] out, int outOffset) {
    int clipped = 0;
    int at = outOffset;
    for (int i = offset; i < offset + count; i++) {
      float sample = in[i];
      if (sample > 1f || sample < -1f) {
        clipped++;
      }
      int value = Math.round(sample * 32_768f);
      if (value > Short.MAX_VALUE) {
        value = Short.MAX_VALUE;
      } else if (value < Short.MIN_VALUE) {
        value = Short.MIN_VALUE;
      }
      for (int c = 0; c < channels; c++) {
        out[at++] = (byte) value;
        out[at++] = (byte) (value >> 8);
      }
    }
    return clipped;
  }

  /**
   * Reads {@code frames} frames of {@code channels} channels from {@code in[offset]} into mono
   * floats (the channels averaged) at {@code out[outOffset]}.
   */
  static void decode(byte[] in, int offset, int frames, int channels, float[] out, int outOffset) {
    int at = offset;
    for (int f = 0; f < frames; f++) {
      int sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += (short) ((in[at] & 0xFF) | (in[at + 1] << 8));
        at += 2;
      }
      out[outOffset + f] = sum / (32_768f * channels);
    }
  }
}
