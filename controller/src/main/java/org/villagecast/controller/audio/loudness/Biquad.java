package org.villagecast.controller.audio.loudness;

/**
 * A second-order IIR section, direct form I, in double precision: y = b0 x + b1 x₁ + b2 x₂ − a1 y₁
 * − a2 y₂ (a0 normalised to 1).
 */
final class Biquad {
  final double b0;
  final double b1;
  final double b2;
  final double a1;
  final double a2;
  private double x1;
  private double x2;
  private double y1;
  private double y2;

  Biquad(double b0, double b1, double b2, double a1, double a2) {
    this.b0 = b0;
    this.b1 = b1;
    this.b2 = b2;
    this.a1 = a1;
    this.a2 = a2;
  }

  double process(double x) {
    double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = y;
    return y;
  }
}
