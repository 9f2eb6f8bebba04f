package org.torchparity.reference;

import org.torchparity.spec.DType;

/**
 * Rounding shared by the rectifier, clamp, exponential and soft activation references: libtorch's
 * kernels convert each {@code Scalar} argument to the tensor's dtype ({@code alpha.to<scalar_t>()})
 * and decide their branches on values of that dtype, so the references round the same constants,
 * and the few intermediates a branch or a backward formula reads, to the module's dtype; everything
 * else is computed in double and rounded once at the end.
 */
final class RectifierMath {
  private RectifierMath() {}

  /**
   * {@code v} rounded to {@code dtype}: to the nearest float for float32, unchanged for float64.
   */
  static double round(DType dtype, double v) {
    return dtype == DType.FLOAT32 ? (double) (float) v : v;
  }

  /**
   * {@code exp(v)} rounded to {@code dtype}, so that it overflows to {@code inf} where the dtype's
   * {@code exp} does (above about 88.72 in float32), as the kernels' intermediate does.
   */
  static double exp(DType dtype, double v) {
    return round(dtype, Math.exp(v));
  }
}
