package org.villagecast.controller.audio;

import java.util.Random;

/** Seeded test signals: the same seed gives the same samples on every run. */
public final class TestSignals {
  private TestSignals() {}

  public static float[] sine(int rate, double seconds, double hz, double amplitude) {
    float[] out = new float[(int) Math.round(rate * seconds)];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return out;
  }

  /**
   * Something like music: a few harmonic voices whose pitch and level wander, with a little noise,
   * peaking around −6 dBFS.
   */
  public static float[] musicLike(int rate, double seconds, long seed) {
    Random random = new Random(seed);
    float[] out = new float[(int) Math.round(rate * seconds)];
    for (int voice = 0; voice < 3; voice++) {
      double pitch = 110 + random.nextDouble() * 330;
      double phase = 0;
      double vibrato = 2 + random.nextDouble() * 4;
      for (int i = 0; i < out.length; i++) {
        double t = (double) i / rate;
        double f = pitch * (1 + 0.01 * Math.sin(2 * Math.PI * vibrato * t));
        phase += 2 * Math.PI * f / rate;
        double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * (0.5 + voice * 0.3) * t + voice);
        double value = 0;
        for (int harmonic = 1; harmonic <= 6; harmonic++) {
          if (f * harmonic < rate / 2.2) {
            value += Math.sin(harmonic * phase) / harmonic;
          }
        }
        out[i] += (float) (0.12 * envelope * value);
      }
    }
    for (int i = 0; i < out.length; i++) {
      out[i] += (float) (0.003 * random.nextGaussian());
    }
    return out;
  }

  /** Pink noise (Paul Kellet's economy filter over white noise) at about {@code rmsDbfs}. */
  public static float[] pinkNoise(int rate, double seconds, long seed, double rmsDbfs) {
    Random random = new Random(seed);
    float[] out = new float[(int) Math.round(rate * seconds)];
    double b0 = 0;
    double b1 = 0;
    double b2 = 0;
    double sumSquares = 0;
    for (int i = 0; i < out.length; i++) {
      double white = random.nextGaussian();
      b0 = 0.99765 * b0 + white * 0.0990460;
      b1 = 0.96300 * b1 + white * 0.2965164;
      b2 = 0.57000 * b2 + white * 1.0526913;
      double pink = b0 + b1 + b2 + white * 0.1848;
      out[i] = (float) pink;
      sumSquares += pink * pink;
    }
    double scale = Math.pow(10, rmsDbfs / 20) / Math.sqrt(sumSquares / out.length);
    for (int i = 0; i < out.length; i++) {
      out[i] *= (float) scale;
    }
    return out;
  }

  /**
   * Speech-like bursts: voiced syllables of 120–350 ms (a pitch of 100–250 Hz with formant-like
   * harmonics and a rise-and-fall envelope) separated by pauses of 80–400 ms, at {@code peak}.
   */
  public static float[] speechLike(int rate, double seconds, long seed, double peak) {
    Random random = new Random(seed);
    float[] out = new float[(int) Math.round(rate * seconds)];
    int i = rate / 10;
    while (i < out.length) {
      int length = (int) (rate * (0.12 + random.nextDouble() * 0.23));
      double pitch = 100 + random.nextDouble() * 150;
      double formant = 500 + random.nextDouble() * 1500;
      double level = 0.3 + random.nextDouble() * 0.7;
      double phase = 0;
      for (int k = 0; k < length && i + k < out.length; k++) {
        double envelope = Math.sin(Math.PI * k / length);
        phase += 2 * Math.PI * pitch * (1 - 0.1 * k / length) / rate;
        double value = 0;
        for (int harmonic = 1; harmonic * pitch < Math.min(4000, rate / 2.5); harmonic++) {
          double distance = (harmonic * pitch - formant) / 400;
          value += Math.sin(harmonic * phase) * (0.3 + Math.exp(-distance * distance)) / harmonic;
        }
        out[i + k] = (float) (level * envelope * value);
      }
      i += length + (int) (rate * (0.08 + random.nextDouble() * 0.32));
    }
    double max = 0;
    for (float value : out) {
      max = Math.max(max, Math.abs(value));
    }
    for (int k = 0; k < out.length; k++) {
      out[k] = (float) (out[k] * peak / max);
    }
    return out;
  }

  /** Two channels interleaved. */
  public static float[] interleave(float[] left, float[] right) {
    float[] out = new float[2 * left.length];
    for (int i = 0; i < left.length; i++) {
      out[2 * i] = left[i];
      out[2 * i + 1] = right[i];
    }
    return out;
  }

  /**
   * {@code samples} with a raised-cosine fade in and out of {@code seconds}: an abrupt start rings
   * in any band-limited reconstruction and would raise the true peak above the tone's amplitude.
   */
  public static float[] faded(float[] samples, int rate, double seconds) {
    int length = (int) Math.round(rate * seconds);
    float[] out = samples.clone();
    for (int i = 0; i < length && i < out.length; i++) {
      float gain = (float) (0.5 - 0.5 * Math.cos(Math.PI * i / length));
      out[i] *= gain;
      out[out.length - 1 - i] *= gain;
    }
    return out;
  }

  /** Adds a 2 ms burst of 4 kHz, {@code peak} high, every {@code everySeconds}. */
  public static float[] withBursts(float[] samples, int rate, double everySeconds, double peak) {
    float[] out = samples.clone();
    int step = (int) (rate * everySeconds);
    int length = rate / 500;
    for (int start = step / 2; start + length < out.length; start += step) {
      for (int i = 0; i < length; i++) {
        double envelope = Math.sin(Math.PI * i / length);
        out[start + i] += (float) (peak * envelope * Math.sin(2 * Math.PI * 4_000.0 * i / rate));
      }
    }
    return out;
  }

  public static float[] concat(float[]... parts) {
    int length = 0;
    for (float[] part : parts) {
      length += part.length;
    }
    float[] out = new float[length];
    int at = 0;
    for (float[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  public static float[] gain(float[] samples, double db) {
    float g = (float) Math.pow(10, db / 20);
    float[] out = new float[samples.length];
    for (int i = 0; i < samples.length; i++) {
      out[i] = samples[i] * g;
    }
    return out;
  }
}
